package com.tickstock.console.supervision;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The registry of parts that died: every thread the console starts for a long-running part is made
 * here (or its body {@link #guard guarded}), so an uncaught error anywhere is recorded with its cause,
 * counted, logged once and announced to listeners instead of vanishing with its thread, or into an
 * executor's {@link Future} that nobody reads.
 *
 * <p>There is one registry per process ({@link #process()}): a console process runs one set of parts,
 * and the thread-creation sites in the feed, manager and republisher need no registry handed down.
 * Readers that outlive several runtimes (tests) ask only for failures after a {@link #sequence()} they
 * noted when they started.
 *
 * <p>Threads: {@link #report} runs on the dying thread (any thread); readers on any thread. Failures are
 * kept in a copy-on-write list (the first {@value #KEPT} of them; they are rare and each one is
 * serious) and counted in a volatile the reporters update under the registry's lock.
 */
public final class PartFailures {

    private static final System.Logger LOG = System.getLogger(PartFailures.class.getName());
    static final int KEPT = 100;
    private static final PartFailures PROCESS = new PartFailures();

    /** The first {@link #KEPT} failures, oldest first. */
    private final List<PartFailure> failures = new CopyOnWriteArrayList<>();
    /**
     * The newest {@link #KEPT} failures and, per part, its first and its newest: so a part that dies after a
     * hundred others (a status worker failing on every request, say) is still seen dead. Guarded by {@code this}.
     */
    private final ArrayDeque<PartFailure> newest = new ArrayDeque<>();
    private final Map<String, PartFailure[]> firstAndNewestByPart = new HashMap<>();
    private final List<Consumer<PartFailure>> listeners = new CopyOnWriteArrayList<>();
    /** Failures reported so far, also those beyond {@link #KEPT}; written under {@code this}. */
    private volatile long sequence;

    /** A registry of its own, for tests of the registry itself; the console uses {@link #process()}. */
    public PartFailures() {
    }

    /** The process's registry. */
    public static PartFailures process() {
        return PROCESS;
    }

    /**
     * Records that {@code part} died of {@code error} on the current thread, logs it at ERROR once and
     * tells the listeners. Never throws (short of an error in the logging itself being rethrown: it is not).
     */
    public PartFailure report(String part, Throwable error) {
        return report(part, Thread.currentThread().getName(), error);
    }

    private PartFailure report(String part, String threadName, Throwable error) {
        PartFailure failure;
        synchronized (this) {
            failure = new PartFailure(sequence + 1, part, threadName, error, Instant.now());
            sequence = failure.sequence();
            if (failures.size() < KEPT) {
                failures.add(failure);
            }
            if (newest.size() == KEPT) {
                newest.removeFirst();
            }
            newest.addLast(failure);
            firstAndNewestByPart.computeIfAbsent(part, p -> new PartFailure[] {failure, failure})[1] = failure;
        }
        try {
            LOG.log(Level.ERROR, part + " FAILED: thread " + failure.thread() + " died of " + failure.cause()
                    + "; it will not recover and its counts can no longer be trusted", error);
        } catch (Throwable ignored) {
            // Out of memory while logging: the failure is recorded and counted all the same.
        }
        for (Consumer<PartFailure> listener : listeners) {
            try {
                listener.accept(failure);
            } catch (Throwable e) {
                // A listener must not hide the failure from the others.
            }
        }
        return failure;
    }

    /** Failures reported so far (a number that only grows); the sequence of the newest failure. */
    public long sequence() {
        return sequence;
    }

    /** The failures kept, oldest first. */
    public List<PartFailure> all() {
        return List.copyOf(failures);
    }

    /** The failures kept (the first and the newest hundred) that were reported after {@code sequence}, oldest first. */
    public List<PartFailure> since(long sequence) {
        if (this.sequence == sequence) {
            return List.of(); // the common case, without copying
        }
        TreeMap<Long, PartFailure> newer = new TreeMap<>();
        for (PartFailure f : failures) {
            if (f.sequence() > sequence) {
                newer.put(f.sequence(), f);
            }
        }
        synchronized (this) {
            for (PartFailure f : newest) {
                if (f.sequence() > sequence) {
                    newer.put(f.sequence(), f);
                }
            }
        }
        return List.copyOf(newer.values());
    }

    /**
     * The earliest failure after {@code sequence} of a part whose name starts with {@code partPrefix} (its first
     * failure after that point, or its newest when the first came before), however many others failed meanwhile.
     */
    public Optional<PartFailure> firstSince(long sequence, String partPrefix) {
        if (this.sequence == sequence) {
            return Optional.empty();
        }
        PartFailure earliest = null;
        synchronized (this) {
            for (Map.Entry<String, PartFailure[]> e : firstAndNewestByPart.entrySet()) {
                if (!e.getKey().startsWith(partPrefix)) {
                    continue;
                }
                PartFailure first = e.getValue()[0];
                PartFailure candidate = first.sequence() > sequence ? first
                        : e.getValue()[1].sequence() > sequence ? e.getValue()[1] : null;
                if (candidate != null && (earliest == null || candidate.sequence() < earliest.sequence())) {
                    earliest = candidate;
                }
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** Called on the dying thread with every failure reported from now on; returns what removes it. */
    public Runnable addListener(Consumer<PartFailure> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** {@code task}, reporting whatever it throws for {@code part} before letting it propagate. */
    public Runnable guard(String part, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                report(part, e);
                throw e;
            }
        };
    }

    /**
     * Daemon threads named {@code threadName} (a daemon: a forgotten close must not keep the JVM alive)
     * whose uncaught errors are reported for {@code part}.
     */
    public ThreadFactory threadFactory(String part, String threadName) {
        return runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> report(part, t.getName(), e));
            return thread;
        };
    }

    /** An unstarted daemon thread running {@code body}, whose uncaught error is reported for {@code part}. */
    public Thread newThread(String part, String threadName, Runnable body) {
        return threadFactory(part, threadName).newThread(body);
    }

    /**
     * A single-thread scheduler whose every task (one-shot, delayed or periodic) reports what it throws
     * for {@code part}. A plain one would keep the error in the task's {@link Future} and, for a periodic
     * task, silently stop running it.
     */
    public ScheduledExecutorService scheduledExecutor(String part, String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threadFactory(part, threadName)) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                reportFailedTask(part, task, thrown);
            }
        };
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** A single-thread executor whose every task reports what it throws for {@code part}. */
    public ExecutorService executor(String part, String threadName) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                threadFactory(part, threadName)) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                reportFailedTask(part, task, thrown);
            }
        };
    }

    /**
     * A task handed to {@code execute} that throws kills the worker (and reaches the thread's handler);
     * one that ran as a {@link Future} (submit, schedule) ends with the error inside the future instead.
     */
    private void reportFailedTask(String part, Runnable task, Throwable thrown) {
        if (thrown != null) {
            return; // the worker dies with it and the thread's uncaught-exception handler reports it
        }
        if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                report(part, e.getCause() == null ? e : e.getCause());
            } catch (CancellationException | InterruptedException e) {
                // Cancelled or interrupted is how a part is stopped, not a failure.
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
