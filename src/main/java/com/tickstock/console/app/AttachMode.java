package com.tickstock.console.app;

import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.plant.AttachedConsoleFeed;
import com.tickstock.console.plant.AttachedFeederView;
import com.tickstock.console.plant.AttachedStatusSource;
import com.tickstock.console.plant.AttachCommand;
import com.tickstock.console.plant.AttachKeys;
import com.tickstock.console.plant.CommandClient;
import com.tickstock.console.status.StatusServer;
import com.tickstock.console.ui.ConsoleApp;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --attach URL}: a console that drives a headless feeder through Redis instead of owning connections: one
 * command, the attached view without a window ({@code --headless}), or the window.
 */
final class AttachMode {

    private static final System.Logger LOG = System.getLogger(AttachMode.class.getName());

    private AttachMode() {
    }

    /**
     * What {@code --attach} was given, checked.
     *
     * @param url     the parsed Redis URL (its password is never shown)
     * @param group   the feeder group
     * @param command the command to send, or {@code null} to attach
     */
    record Target(RedisUrl url, String group, AttachCommand command) {

        /** @throws IllegalArgumentException naming the bad option, with the URL's credentials masked */
        static Target parse(String url, String group, String command) {
            RedisUrl parsed;
            try {
                parsed = RedisUrl.parse(url);
            } catch (RedisUrl.Invalid e) {
                throw new IllegalArgumentException("--attach '" + RedisUrl.mask(url) + "' " + e.problem(), e);
            }
            if (parsed.cluster()) {
                throw new IllegalArgumentException("--attach '" + RedisUrl.mask(url) + "' is a Redis Cluster address;"
                        + " the feeders' state and commands need a single Redis or a Sentinel address");
            }
            String g = group == null ? AttachKeys.DEFAULT_GROUP : group;
            try {
                new AttachKeys(g);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--group: " + e.getMessage(), e);
            }
            return new Target(parsed, g, command == null ? null : AttachCommand.parse(command));
        }
    }

    /** Sends the one command; prints the feeder's answer (exit 0) or the reason there is none (exit 1). */
    static int sendCommand(Target target, PrintStream out, PrintStream err) {
        CommandClient.Reply reply;
        try (CommandClient client = new CommandClient(target.url(), target.group())) {
            reply = client.send(target.command(), System.getProperty("user.name", "unknown"), hostName());
        }
        if (reply.ok()) {
            out.println(reply.text());
            out.flush();
            return 0;
        }
        err.println("tickstock: " + target.command().command() + " not done: " + reply.text());
        err.flush();
        return 1;
    }

    /**
     * {@code --attach URL --headless}: follows the group's feeder and, when configured, serves its health on the
     * status endpoint (printing the {@code STATUS <url>} line a feeder prints) until a stop signal. Returns 0, or 1
     * when the endpoint cannot listen. Must run on the main thread.
     */
    static int runHeadless(Target target, ConsoleConfig config, PrintStream out) {
        ShutdownSignal signal = ShutdownSignal.install();
        try (AttachedFeederView view = new AttachedFeederView(target.url(), target.group())) {
            view.start();
            StatusServer status = null;
            if (config.status().enabled()) {
                try {
                    List<String> secrets = target.url().password() == null ? List.of() : List.of(target.url().password());
                    status = StatusServer.start(config.status(), new AttachedStatusSource(view), secrets);
                } catch (IOException e) {
                    LOG.log(Level.ERROR, "the status endpoint cannot listen on " + config.status().bindAddress() + ":"
                            + config.status().port() + ": " + e.getMessage());
                    return 1;
                }
                out.println(HeadlessMode.STATUS_LINE + status.url());
                out.flush();
            }
            LOG.log(Level.INFO, "attach: following the feeder of group " + target.group() + " at " + view.masked()
                    + "; stop with SIGTERM, SIGHUP or Ctrl-C");
            try {
                String why = signal.await();
                LOG.log(Level.INFO, "attach: " + why + " received, shutting down");
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } finally {
                if (status != null) {
                    status.close();
                }
            }
        } finally {
            signal.finished();
        }
    }

    /** How long the window waits for a first heartbeat, so it opens with the feeder's panes when there is one. */
    static final Duration FIRST_HEARTBEAT = Duration.ofSeconds(10);

    /** Start of the attached window's last log line, after its connections to Redis closed. */
    static final String DETACHED = "attach: window closed, connections to Redis closed;";

    /**
     * {@code --attach URL} alone: the console window, driven by the group's feeder instead of connections of its
     * own. Returns 0 when the window has been closed (by the operator, or by SIGTERM, SIGHUP or Ctrl-C, which close it
     * as its close button does: settings saved), 1 when it could not open (no display). Either way its connections to
     * Redis are closed and the last line logged is {@link #DETACHED} with the feeder's counts as last seen.
     */
    static int runWindow(Target target, PrintStream err) {
        AttachedConsoleFeed feed = new AttachedConsoleFeed(target.url(), target.group(),
                System.getProperty("user.name", "unknown"), hostName());
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                feed.close();
            }
        };
        ShutdownSignal signal = ShutdownSignal.install();
        WindowStop.onSignal(signal);
        try {
            feed.start();
            awaitFirstHeartbeat(feed.view());
            if (!feed.view().state().attached()) {
                LOG.log(Level.WARNING, "attach: no feeder heartbeats in group " + target.group() + " at "
                        + feed.view().masked() + " yet; the window shows none until one does and is opened again");
            }
            ConsoleApp.launch(feed, close);
            return 0;
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "attached window failed", e);
            err.println("tickstock: the console window could not open: " + e.getMessage());
            return 1;
        } finally {
            // The feeder's counts as the window last saw them (they are the feeder's, not this process's).
            AttachedFeederView.State seen = feed.view().state();
            close.run();
            LOG.log(Level.INFO, DETACHED + " last seen from feeder "
                    + (seen.heartbeat() == null ? "(none)" : seen.heartbeat().id()) + ": "
                    + HeadlessMode.finalCounts(seen.health()));
            signal.finished();
        }
    }

    /** Polls the view's state (kept by its own thread) until attached or {@link #FIRST_HEARTBEAT} passed. */
    private static void awaitFirstHeartbeat(AttachedFeederView view) {
        long deadline = System.nanoTime() + FIRST_HEARTBEAT.toNanos();
        while (!view.state().attached() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(AttachedFeederView.POLL.toMillis()); // a poll of another thread's state
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** This machine's name for the audit line; the environment's or "unknown" when it does not resolve. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }
}
