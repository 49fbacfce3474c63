package com.tickstock.console.ui;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Freedesktop desktop notifications through {@code notify-send} (libnotify), where the desktop offers them: the
 * program is on the PATH and a session bus is there to carry them. Where it is not, or the first one fails, the
 * window shows its own ({@link NoticeToasts}) instead.
 *
 * <p>The system property {@code tickstock.ui.notifications=window} keeps them in the window (tests, or an operator
 * who prefers them there).
 *
 * <p>{@code notify-send} exits non-zero when no notification server owns {@code org.freedesktop.Notifications} on
 * the bus (a bus without a desktop, e.g. over ssh or under {@code dbus-run-session} alone): that first failure sends
 * this and every later notice to the window.
 *
 * <p>Threads: {@link #show} is called on the FX thread and runs {@code notify-send} on the background executor;
 * {@code failed} is handed the notice that could not be shown, on that background thread. Both fields are final.
 */
final class DesktopNotices {

    static final String PROPERTY = "tickstock.ui.notifications";
    private static final System.Logger LOG = System.getLogger(DesktopNotices.class.getName());

    static final String BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

    private final Path program;
    /** The session bus {@code notify-send} is pointed at. */
    private final String bus;
    private final Executor background;

    private DesktopNotices(Path program, String bus, Executor background) {
        this.program = program;
        this.bus = bus;
        this.background = background;
    }

    /** Desktop notifications if this process's desktop offers them (and the operator did not turn them away), else empty. */
    static Optional<DesktopNotices> detect(Executor background) {
        if ("window".equals(System.getProperty(PROPERTY))) {
            return Optional.empty();
        }
        return detect(System.getenv(), background);
    }

    /**
     * Desktop notifications if {@code environment} has a session bus ({@value #BUS_VARIABLE}) and {@code notify-send}
     * on its {@code PATH}, else empty.
     */
    static Optional<DesktopNotices> detect(Map<String, String> environment, Executor background) {
        String bus = environment.get(BUS_VARIABLE);
        String path = environment.get("PATH");
        if (bus == null || bus.isBlank() || path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "notify-send");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new DesktopNotices(candidate, bus, background));
            }
        }
        return Optional.empty();
    }

    /** For the log: where the notices go. */
    @Override
    public String toString() {
        return program + " on the session bus";
    }

    void show(Notice notice, Consumer<Notice> failed) {
        List<String> command = List.of(program.toString(), "--app-name=TickStock Console",
                "--urgency=" + (notice.problem() ? "critical" : "normal"), notice.title(), notice.text());
        background.execute(() -> {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put(BUS_VARIABLE, bus);
                Process process = builder.start();
                if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroy();
                    LOG.log(Level.INFO, "notify-send did not show a notification; showing them in the window");
                    failed.accept(notice);
                }
            } catch (IOException e) {
                LOG.log(Level.INFO, "notify-send failed (" + e.getMessage() + "); showing notifications in the window");
                failed.accept(notice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
