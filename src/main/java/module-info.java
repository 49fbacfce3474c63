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
}
