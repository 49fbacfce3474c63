package com.tickstock.console.plant;

import com.tickstock.console.manager.TickerRouting;
import com.tickstock.console.supervision.PartFailures;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the {@code commands} stream as consumer {@code <feeder id>} of group {@code feeders} and runs each command
 * exactly once: a {@code done:<id>} key set with NX before running it marks it taken, so a second delivery (the
 * same entry re-read from the pending list after a restart, or sent twice) is only acknowledged. Each command is
 * answered on {@code replies} and written to the log as an AUDIT line.
 *
 * <p>Threads: {@code plant-commands} owns its connection and runs the commands; the counters are atomics read
 * by the health thread.
 */
final class CommandLoop {

    private static final System.Logger LOG = System.getLogger(CommandLoop.class.getName());
    /** Short, so that close() is answered quickly; well inside the command timeout. */
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final long DONE_TTL_SECONDS = 86_400;
    /**
     * A command older than this (by its stream entry's Redis timestamp) is answered "expired", never run: its
     * sender gave up after 5 s, and running an operator's change minutes or hours later would surprise everyone.
     */
    static final Duration EXPIRY = Duration.ofSeconds(30);
    /** The done marker while a command runs; once it ran, the marker holds its reply for a repeat delivery. */
    private static final String RUNNING = "running";
    private static final int REPLIES_LENGTH = 10_000;
    /**
     * How often a feeder looks for commands another consumer took and never acknowledged (a feeder id that never
     * returns: renamed, or its host gone), and how long such an entry must have been idle. As long as the expiry,
     * so a claimed entry is always answered "expired" and acknowledged, never run: a live feeder slow on a command
     * cannot have it run twice, and a stranded one no longer sits in the pending list for ever.
     */
    static final Duration CLAIM_EVERY = Duration.ofSeconds(5);
    static final Duration CLAIM_IDLE = EXPIRY;

    private final PlantConnection connection;
    private final PlantKeys keys;
    private final String feederId;
    private final CommandExecutor executor;
    private final Consumer<LogEntry> audit;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong claimed = new AtomicLong();
    /** Command thread writes, health thread reads. */
    private volatile String lastError;

    /**
     * Whether the consumer group exists, so that a command sent now is read. The heartbeat waits for it: a
     * console that sees a live feeder may send at once. Command thread writes, publisher thread reads.
     */
    private volatile boolean groupReady;
    // Command thread only.
    /** After Redis lost the group (a restart), everything in the new stream is new: read it from the start. */
    private String groupStart = "$";

    /** Re-read our own pending entries first: after a start, and after Redis came back. */
    private boolean readPending = true;
    /** When stranded entries of other consumers are next looked for ({@link System#nanoTime()}). */
    private long nextClaimNanos = System.nanoTime();

    CommandLoop(PlantConnection connection, PlantKeys keys, String feederId, CommandExecutor executor,
                Consumer<LogEntry> audit) {
        this.connection = connection;
        this.keys = keys;
        this.feederId = feederId;
        this.executor = executor;
        this.audit = audit;
        this.thread = PartFailures.process().newThread("plant", "plant-commands", this::runUntilStopped);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stop.countDown();
    }

    void join() {
        Feeder.joinQuietly(thread);
        connection.close();
    }

    boolean ready() {
        return groupReady;
    }

    long executed() {
        return executed.get();
    }

    long refused() {
        return refused.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Commands refused unrun because their sender had long stopped waiting for the answer. */
    long expired() {
        return expired.get();
    }

    /** Commands taken over from another consumer that had left them unanswered (then answered expired). */
    long claimed() {
        return claimed.get();
    }

    String lastError() {
        return lastError;
    }

    private void runUntilStopped() {
        try {
            while (stop.getCount() > 0) {
                try {
                    round(connection.commands());
                    lastError = null;
                } catch (RedisException e) {
                    if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                        groupReady = false; // Redis restarted without the stream
                        groupStart = "0";
                    }
                    readPending = true;
                    lastError = e.getMessage();
                    if (stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round(RedisCommands<String, String> redis) {
        if (!groupReady) {
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.commands(), groupStart), PlantKeys.COMMAND_GROUP,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                // BUSYGROUP: another feeder of the group, or an earlier run, made it.
            }
            groupReady = true;
        }
        io.lettuce.core.Consumer<String> me = io.lettuce.core.Consumer.from(PlantKeys.COMMAND_GROUP, feederId);
        List<StreamMessage<String, String>> messages;
        if (readPending) {
            messages = redis.xreadgroup(me, XReadArgs.Builder.count(100),
                    XReadArgs.StreamOffset.from(keys.commands(), "0"));
            if (messages.isEmpty()) {
                readPending = false;
            }
        } else {
            messages = redis.xreadgroup(me, XReadArgs.Builder.block(BLOCK).count(100),
                    XReadArgs.StreamOffset.lastConsumed(keys.commands()));
        }
        for (StreamMessage<String, String> message : messages) {
            if (stop.getCount() == 0) {
                return; // unacknowledged: the next start re-reads it from the pending list
            }
            handle(redis, message);
        }
        if (System.nanoTime() - nextClaimNanos >= 0) {
            nextClaimNanos = System.nanoTime() + CLAIM_EVERY.toNanos();
            claimStranded(redis, me);
        }
    }

    /**
     * Takes over entries that another consumer of the group (a feeder id that never came back) read and never
     * acknowledged, idle for {@link #CLAIM_IDLE}: each is answered and acknowledged like any other, which at that
     * age means "expired", so its sender's audit trail ends and the pending list does not grow for ever.
     */
    private void claimStranded(RedisCommands<String, String> redis, io.lettuce.core.Consumer<String> me) {
        String cursor = "0-0";
        do {
            io.lettuce.core.models.stream.ClaimedMessages<String, String> batch = redis.xautoclaim(keys.commands(),
                    io.lettuce.core.XAutoClaimArgs.Builder.xautoclaim(me, CLAIM_IDLE, cursor).count(100));
            for (StreamMessage<String, String> message : batch.getMessages()) {
                if (stop.getCount() == 0) {
                    return;
                }
                if (message.getBody() == null) {
                    // Trimmed from the stream while pending: nothing left to answer.
                    redis.xack(keys.commands(), PlantKeys.COMMAND_GROUP, message.getId());
                    continue;
                }
                claimed.incrementAndGet();
                LOG.log(System.Logger.Level.INFO, "command entry " + message.getId() + " was left unanswered by"
                        + " another feeder of the group; taken over");
                handle(redis, message);
            }
            cursor = batch.getId();
        } while (!"0-0".equals(cursor) && stop.getCount() > 0);
    }

    private void handle(RedisCommands<String, String> redis, StreamMessage<String, String> message) {
        CommandEntry entry = CommandEntry.read(message.getId(), message.getBody());
        if (entry == null) {
            // Deleted (XDEL) while pending: nothing left to run or answer (Lettuce gives such an entry no body, as
            // claimStranded knows); acknowledged so that it is not re-read at every start.
            redis.xack(keys.commands(), PlantKeys.COMMAND_GROUP, message.getId());
            return;
        }
        String id = entry.id();
        String user = entry.user();
        String host = entry.host();
        String command = entry.command();
        String args = entry.args();
        if (entry.problem() != null) {
            refused.incrementAndGet();
            answer(redis, message, id, command, args, user, host, CommandExecutor.Result.refused(entry.problem()));
            return;
        }
        long ageMillis = redisNowMillis(redis) - entryMillis(message.getId());
        if (ageMillis > EXPIRY.toMillis()) {
            expired.incrementAndGet();
            answer(redis, message, id, command, args, user, host, CommandExecutor.Result.refused("expired: sent "
                    + ageMillis / 1000 + " s ago, long after its sender stopped waiting; not run"));
            return;
        }
        // Exactly once: the marker is taken before the command runs and holds the reply once it ran, so a
        // repeat delivery (a restart, a lost XACK) re-sends that reply instead of running the command again.
        String taken = redis.set(keys.done(id), RUNNING, SetArgs.Builder.nx().ex(DONE_TTL_SECONDS));
        if (taken == null) {
            duplicates.incrementAndGet();
            String earlier = redis.get(keys.done(id));
            CommandExecutor.Result again = earlier == null || earlier.equals(RUNNING)
                    ? CommandExecutor.Result.refused("outcome unknown: a feeder stopped while running it; check the"
                            + " state before sending it again")
                    : decode(earlier);
            answer(redis, message, id, command, args, user, host, again);
            return;
        }
        TickerRouting before = executor.routing();
        CommandExecutor.Result result = rememberDesired(redis, command, before, execute(command, args),
                user + "@" + host);
        (result.ok() ? executed : refused).incrementAndGet();
        redis.set(keys.done(id), encode(result), SetArgs.Builder.xx().keepttl());
        answer(redis, message, id, command, args, user, host, result);
    }

    /**
     * Keeps the group's desired assignment in step with what operators did: a subscribe, unsubscribe or move that
     * changed the routing stores the routing now, {@code reset-assignment} deletes it — only when it was executed: a
     * refused reset (e.g. given arguments) must leave the operators' changes in place. A Redis failure here does
     * not undo the change; the answer says that a restart or takeover would not keep it.
     */
    private CommandExecutor.Result rememberDesired(RedisCommands<String, String> redis, String command,
                                                   TickerRouting before, CommandExecutor.Result result,
                                                   String changedBy) {
        String verb = command == null ? "" : command.strip().toLowerCase(java.util.Locale.ROOT);
        if (!result.ok()) {
            return result;
        }
        try {
            if (verb.equals(CommandExecutor.RESET_ASSIGNMENT)) {
                DesiredAssignment.clear(redis, keys);
            } else if (DesiredAssignment.changesAssignment(verb) && executor.routing() != before) {
                DesiredAssignment.store(redis, keys, executor.chosenAssignments(),
                        changedBy + " " + java.time.Instant.now());
            }
            return result;
        } catch (RedisException e) {
            return new CommandExecutor.Result(result.ok(), result.text() + "; not stored as the group's desired"
                    + " assignment (" + e.getMessage() + "): a restart or takeover would not keep it");
        }
    }

    /** Replies, writes the audit line and acknowledges the entry, in that order. */
    private void answer(RedisCommands<String, String> redis, StreamMessage<String, String> message, String id,
                        String command, String args, String user, String host, CommandExecutor.Result result) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("ok", Boolean.toString(result.ok()));
        reply.put("result", result.text());
        reply.put("feeder", feederId);
        reply.put("user", user);
        reply.put("host", host);
        redis.xadd(keys.replies(), XAddArgs.Builder.maxlen(REPLIES_LENGTH).approximateTrimming(), reply);
        audit.accept(new LogEntry(System.currentTimeMillis(), "operator", "AUDIT", user + "@" + host + ": "
                + (command + " " + args).strip() + " -> " + (result.ok() ? "ok: " : "refused: ") + result.text()));
        redis.xack(keys.commands(), PlantKeys.COMMAND_GROUP, message.getId());
    }

    private static String encode(CommandExecutor.Result result) {
        return (result.ok() ? "ok\t" : "refused\t") + result.text();
    }

    private static CommandExecutor.Result decode(String stored) {
        int tab = stored.indexOf('\t');
        String text = tab < 0 ? stored : stored.substring(tab + 1);
        return new CommandExecutor.Result(stored.startsWith("ok\t"), text);
    }

    /** Redis's clock, which also stamped the entry ids: no other host's clock is trusted. */
    private static long redisNowMillis(RedisCommands<String, String> redis) {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    private static long entryMillis(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    private CommandExecutor.Result execute(String command, String args) {
        try {
            return executor.execute(command, args);
        } catch (RuntimeException e) {
            // A bad command must never stop the loop; the operator gets the reason.
            LOG.log(System.Logger.Level.WARNING, "command '" + command + " " + args + "' failed", e);
            return CommandExecutor.Result.refused("failed: " + e);
        }
    }
}
