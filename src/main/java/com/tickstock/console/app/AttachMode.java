package com.tickstock.console.app;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.plant.AttachCommand;
import com.tickstock.console.plant.AttachKeys;
import com.tickstock.console.plant.CommandClient;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code --attach URL}: a console that drives a headless feeder through Redis instead of owning connections. */
final class AttachMode {

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

    /** Until the attached view without a window exists. */
    static int headlessNotYet(PrintStream err) {
        err.println("tickstock: --attach --headless is not available yet");
        return Launcher.EXIT_USAGE;
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
