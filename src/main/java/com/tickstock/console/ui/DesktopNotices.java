package com.tickstock.console.ui;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * <p>Threads: {@link #show} is called on the FX thread and runs {@code notify-send} on the background executor;
 * {@code failed} is handed the notice that could not be shown, on that background thread.
 */
final class DesktopNotices {

    static final String PROPERTY = "tickstock.ui.notifications";
    private static final System.Logger LOG = System.getLogger(DesktopNotices.class.getName());

    private final Path program;
    private final Executor background;

    private DesktopNotices(Path program, Executor background) {
        this.program = program;
        this.background = background;
    }

    /** Desktop notifications if this desktop offers them, else empty. */
    static Optional<DesktopNotices> detect(Executor background) {
        if ("window".equals(System.getProperty(PROPERTY))) {
            return Optional.empty();
        }
        String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        String path = System.getenv("PATH");
        if (bus == null || bus.isBlank() || path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "notify-send");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new DesktopNotices(candidate, background));
            }
        }
        return Optional.empty();
    }

    void show(Notice notice, Consumer<Notice> failed) {
        List<String> command = List.of(program.toString(), "--app-name=TickStock Console",
                "--urgency=" + (notice.problem() ? "critical" : "normal"), notice.title(), notice.text());
        background.execute(() -> {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
