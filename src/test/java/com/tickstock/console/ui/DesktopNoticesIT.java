package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Freedesktop notifications for real: the window (Monocle) over the real simulator sends an incident through the
 * real {@code notify-send} to a private session bus of its own ({@code dbus-daemon}), where {@code dbus-monitor}
 * watches the {@code org.freedesktop.Notifications} calls. With a real notification server on that bus
 * ({@code notification-daemon} on an Xvfb display) the incident is a desktop notification and not a card in the
 * window; on a bus without one, {@code notify-send} fails and the same incident is a card in the window.
 * Skipped, saying what is missing, where these programs are not installed (Debian: dbus, libnotify-bin, xvfb,
 * notification-daemon).
 */
class DesktopNoticesIT extends WindowTestSupport {

    private static final Path NOTIFICATION_DAEMON = Path.of("/usr/lib/notification-daemon/notification-daemon");
    private static final String NOTIFICATIONS = "org.freedesktop.Notifications";

    @Test
    void withANotificationServerOnTheBusAnIncidentIsADesktopNotificationNotACard() throws Exception {
        requirePrograms("dbus-daemon", "dbus-monitor", "dbus-send", "notify-send");
        require(Files.isExecutable(NOTIFICATION_DAEMON), NOTIFICATION_DAEMON + " is missing (apt-get install notification-daemon)");
        String bus = privateBus();
        Path monitor = monitor(bus);
        XvfbDisplay display = XvfbDisplay.start(tempDir.resolve("xvfb.log"));
        toClose.add(display);
        ProcessBuilder server = new ProcessBuilder(NOTIFICATION_DAEMON.toString()).redirectErrorStream(true)
                .redirectOutput(tempDir.resolve("notification-daemon.log").toFile());
        server.environment().put("DISPLAY", display.name());
        server.environment().put(DesktopNotices.BUS_VARIABLE, bus);
        started(server.start());
        until("the notification server owns " + NOTIFICATIONS + " on the bus", () -> nameOwned(bus));

        openOneConnectionNotifyingOn(bus);
        simConnectionOf("AAPL").dropAbruptly().get(30, TimeUnit.SECONDS);

        // The Notify call carries the app name, then (after replaces_id and icon) our summary and body.
        until("a Notify call with the incident on the bus", () -> read(monitor).contains("member=Notify"));
        until("the call complete", () -> read(monitor).contains("int32 -1"));
        String call = read(monitor).substring(read(monitor).indexOf("member=Notify"));
        assertThat(call).contains("string \"TickStock Console\"")
                // The summary, then the body: what the connection went through.
                .containsPattern("string \"connection_1 \\(primary\\) dropped and recovered in \\d+ s\"\\s+"
                        + "string \"RECONNECTING: connection dropped[^\"]*\"");
        assertThat(fx(() -> window.viewModel().log().entries().stream()
                .anyMatch(e -> e.text().startsWith("incident: connection_1 (primary) dropped")))).isTrue();
        assertThat(cardTitles()).as("shown on the desktop, so not in the window").isEmpty();
    }

    @Test
    void onABusWithoutANotificationServerTheIncidentIsACardInTheWindow() throws Exception {
        requirePrograms("dbus-daemon", "dbus-monitor", "notify-send");
        String bus = privateBus();
        Path monitor = monitor(bus);

        openOneConnectionNotifyingOn(bus);
        simConnectionOf("AAPL").dropAbruptly().get(30, TimeUnit.SECONDS);

        until("the card in the window", () -> cardTitles().stream()
                .anyMatch(t -> t.matches("connection_1 \\(primary\\) dropped and recovered in \\d+ s")));
        assertThat(read(monitor)).as("notify-send asked the bus first").contains("destination=" + NOTIFICATIONS)
                .doesNotContain("member=Notify");
    }

    private void openOneConnectionNotifyingOn(String bus) throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(200));
        open(List.of(spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL"))));
        fx(() -> {
            window.notifyOnDesktopOf(Map.of(DesktopNotices.BUS_VARIABLE, bus, "PATH", System.getenv("PATH")));
            return null;
        });
        awaitStreaming("connection_1");
    }

    /**
     * A session bus of this test's own, with no service directories (so nothing is started on demand: a name is
     * owned only by a program the test started). Its address.
     */
    private String privateBus() throws IOException {
        Path config = tempDir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:tmpdir=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(tempDir));
        Process daemon = started(new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork",
                "--print-address=1").redirectError(tempDir.resolve("dbus-daemon.log").toFile()).start());
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String address = out.readLine(); // printed once it listens
        assertThat(address).as("dbus-daemon's address; its log: %s", tempDir.resolve("dbus-daemon.log")).isNotBlank();
        return address.trim();
    }

    /** {@code dbus-monitor} on the notification interface, into a file; returns once it watches. */
    private Path monitor(String bus) throws IOException {
        Path out = tempDir.resolve("dbus-monitor.txt");
        started(new ProcessBuilder("dbus-monitor", "--address", bus, "interface='" + NOTIFICATIONS + "'")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        // It reports its own name as acquired and then lost once it became a monitor.
        until("dbus-monitor watching", () -> read(out).contains("member=NameLost"));
        return out;
    }

    private static boolean nameOwned(String bus) {
        try {
            Process p = new ProcessBuilder("dbus-send", "--bus=" + bus, "--print-reply", "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + NOTIFICATIONS)
                    .redirectErrorStream(true).start();
            String reply = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && reply.contains("boolean true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Process started(Process process) {
        toClose.add(() -> {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        });
        return process;
    }

    private List<String> cardTitles() {
        return fx(() -> lookup(".notice-title").queryAllAs(Label.class).stream().filter(Node::isVisible)
                .map(Label::getText).toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void requirePrograms(String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
                found |= Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, name));
            }
            if (!found) {
                missing.add(name);
            }
        }
        require(missing.isEmpty(), "not installed: " + missing + " (apt-get install dbus libnotify-bin)");
    }

    /** Skips the test, printing why, so a skipped run says what to install. */
    private static void require(boolean present, String why) {
        if (!present) {
            System.out.println("DesktopNoticesIT skipped: " + why);
        }
        Assumptions.assumeTrue(present, why);
    }
}
