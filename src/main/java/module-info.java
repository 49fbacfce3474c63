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
    // Lettuce is an automatic module that declares no requirements, so netty would not be resolved at all
    // (resolver.dns brings the rest of it); the republisher also writes batches on netty channels itself.
    requires lettuce.core;
    requires reactor.core; // Lettuce's connection events arrive as a Flux
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.resolver.dns;
}
