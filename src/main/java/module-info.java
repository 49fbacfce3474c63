module com.tickstock.console {
    requires com.fasterxml.jackson.core;
    requires jakarta.websocket;
    requires jakarta.websocket.client;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.client;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.glassfish.tyrus.container.grizzly.server;
    // The simulator runs its own Tyrus container on Grizzly (loopback bind, transport faults).
    requires org.glassfish.tyrus.spi;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;
    requires info.picocli;
    requires HdrHistogram;
    // The recorder's compressor (zstd, a native library inside the jar, loaded on first use).
    requires com.github.luben.zstd_jni;
    requires java.logging;
    // Process CPU, heap, threads and open files for health, metrics and benchmarks.
    requires java.management;
    requires jdk.management;
    // SIGTERM/SIGINT handling for a clean headless stop.
    requires jdk.unsupported;
    requires javafx.controls;
    requires javafx.fxml;
    requires org.controlsfx.controls;

    // Lettuce is an automatic module that declares no requirements, so netty would not be resolved at all
    // (resolver.dns brings the rest of it); the republisher also writes batches on netty channels itself.
    requires lettuce.core;
    requires reactor.core; // Lettuce's connection events arrive as a Flux
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.resolver.dns;

    // FXML injects the controllers, TableView reads row properties and JavaFX constructs ConsoleApp reflectively.
    opens com.tickstock.console.ui to javafx.fxml, javafx.base, javafx.graphics;

    // picocli instantiates the command and its version provider reflectively.
    opens com.tickstock.console.app to info.picocli;

    // Tyrus invokes the simulator endpoint's onOpen/onClose/onError reflectively.
    exports com.tickstock.console.simulator to org.glassfish.tyrus.core;
    // Tyrus instantiates the feed's client container (SocketClientContainer) by its class name.
    exports com.tickstock.console.feed to org.glassfish.tyrus.core, org.glassfish.tyrus.client;
    // The replay server endpoint likewise.
    exports com.tickstock.console.recording to org.glassfish.tyrus.core;
}
