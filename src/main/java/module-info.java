module com.tickstock.console {
    requires com.fasterxml.jackson.core;
    requires jakarta.websocket;
    requires jakarta.websocket.client;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.client;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.glassfish.tyrus.container.grizzly.server;
    requires info.picocli;
    requires HdrHistogram;
    requires java.logging;
    // Lettuce is an automatic module that declares no requirements, so its netty modules would not be
    // resolved at all; resolver.dns pulls in handler, transport, codec, buffer and common.
    requires lettuce.core;
    requires reactor.core; // Lettuce's connection events arrive as a Flux
    requires io.netty.handler;
    requires io.netty.resolver.dns;

    exports com.tickstock.console.republish;
}
