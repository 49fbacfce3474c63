package com.tickstock.console.simulator;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * A Grizzly filter placed right before Tyrus' WebSocket filter. It gives the simulator the TCP
 * connection behind each WebSocket session, which Tyrus does not expose, so faults can act below
 * the WebSocket layer: close the socket without a close frame, or stop reading it.
 *
 * <p>How a session finds its connection: Tyrus runs the endpoint's {@code onOpen} synchronously
 * on the Grizzly worker thread that reads the upgrade request, right after this filter saw that
 * read; a thread-local carries the connection across. Verified by the simulator's tests.
 *
 * <p>Threads: {@link #handleRead} runs on Grizzly worker threads; the attribute binds a
 * connection to its {@link TransportControl}, which is thread-safe.
 */
final class TransportTap extends BaseFilter implements AddOn {

    private static final ThreadLocal<Connection<?>> READING = new ThreadLocal<>();

    private static final Attribute<TransportControl> CONTROL =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(TransportTap.class.getName() + ".control");

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        // Registered before Tyrus' add-on, which then inserts its filter after this one.
        int idx = builder.indexOfType(HttpServerFilter.class);
        if (idx < 0) {
            throw new IllegalStateException("no HttpServerFilter in the listener's filter chain");
        }
        builder.add(idx, this);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        Connection<?> connection = ctx.getConnection();
        TransportControl control = CONTROL.get(connection);
        if (control == null) {
            READING.set(connection);
            return ctx.getInvokeAction();
        }
        control.noteRead();
        if (control.parkIfReadsPaused(ctx)) {
            return ctx.getSuspendAction();
        }
        return ctx.getInvokeAction();
    }

    /** The connection whose read the calling worker thread is processing (during {@code onOpen}). */
    static TransportControl bindCurrent() {
        Connection<?> connection = READING.get();
        READING.remove();
        if (connection == null) {
            return TransportControl.detached();
        }
        TransportControl control = new TransportControl(connection);
        CONTROL.set(connection, control);
        return control;
    }
}
