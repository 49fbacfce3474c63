package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.status.StatusSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The status endpoint of an attached console: the feeder's health JSON as the feeder published it, plus a
 * {@code feeder} object ({@code id}, {@code host}, {@code state} {@code attached} or {@code lost},
 * {@code heartbeat_age_s}); not ready while the feeder is lost. Reads only the view's snapshot, on the
 * endpoint's threads, never Redis.
 */
public final class AttachedStatusSource implements StatusSource {

    private static final JsonFactory JSON = new JsonFactory();

    private final AttachedFeederView view;

    public AttachedStatusSource(AttachedFeederView view) {
        this.view = view;
    }

    @Override
    public HealthSnapshot health() {
        return view.state().health();
    }

    @Override
    public String healthJson() {
        AttachedFeederView.State state = view.state();
        String data;
        if (state.heartbeat() == null) {
            StringWriter empty = new StringWriter();
            HealthJson.write(state.health(), empty, false);
            data = empty.toString();
        } else {
            data = state.heartbeat().dataJson();
        }
        int end = data.lastIndexOf('}');
        String body = data.substring(0, end).trim();
        return body + (body.endsWith("{") ? "" : ",") + "\"feeder\":" + feeder(state) + "}";
    }

    private static String feeder(AttachedFeederView.State state) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (state.heartbeat() == null) {
                g.writeNullField("id");
                g.writeNullField("host");
            } else {
                g.writeStringField("id", state.heartbeat().id());
                g.writeStringField("host", state.heartbeat().host());
            }
            g.writeStringField("state", state.attached() ? "attached" : "lost");
            if (state.heartbeat() == null) {
                g.writeNullField("heartbeat_age_s");
            } else {
                g.writeNumberField("heartbeat_age_s",
                        BigDecimal.valueOf(state.heartbeatAgeSeconds()).setScale(1, RoundingMode.HALF_UP));
            }
            if (!state.attached()) {
                g.writeStringField("why", state.why());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public List<String> notReady() {
        AttachedFeederView.State state = view.state();
        return state.attached() ? List.of() : List.of("feeder: lost (" + state.why() + ")");
    }
}
