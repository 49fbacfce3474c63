package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words an attached console shows about its group's leadership: which feeder leads and since when (from the
 * heartbeat's {@code lease} section) and what each standby waits for (from its {@code standby:<id>} key), e.g.
 * "leader since 19:20:01 · standby feeder-b: lease held by feeder-a, 3 s to expiry". Pure: no Redis here.
 */
final class LeadershipText {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private LeadershipText() {
    }

    /**
     * "leader since 19:20:01" (local time) from the health data's {@code lease} section, or {@code ""} when the
     * feeder runs without a lease (no standby possible) or is not the leader.
     */
    static String leader(Map<String, Object> data, ZoneId zone) {
        if (!(data.get("lease") instanceof Map<?, ?> lease) || !"leader".equals(lease.get("role"))) {
            return "";
        }
        Object since = lease.get("since");
        try {
            return since == null ? "leader" : "leader since " + TIME.format(Instant.parse(since.toString()).atZone(zone));
        } catch (DateTimeParseException e) {
            return "leader";
        }
    }

    /** One standby key's JSON as words: "standby feeder-b: lease held by feeder-a, 3 s to expiry". */
    static String standby(String json) {
        String id = "?";
        String leader = null;
        double expiresIn = -1;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "standby (unreadable)";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getText();
                    case "leader" -> leader = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "lease_expires_in" -> expiresIn = value.isNumeric() ? p.getDoubleValue() : -1;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return "standby (unreadable)";
        }
        if (leader == null) {
            return "standby " + id + ": no lease held, taking it";
        }
        return "standby " + id + ": lease held by " + leader
                + (expiresIn < 0 ? "" : String.format(Locale.ROOT, ", %.0f s to expiry", Math.ceil(expiresIn)));
    }

    /**
     * The leadership part of the feed tile: the leader and its standbys, "no standby" for a leased feeder without
     * one, {@code ""} for a feeder without a lease.
     */
    static String describe(Map<String, Object> data, List<String> standbys, ZoneId zone) {
        String leader = leader(data, zone);
        if (leader.isEmpty()) {
            return "";
        }
        return leader + " · " + (standbys.isEmpty() ? "no standby" : String.join(" · ", standbys));
    }
}
