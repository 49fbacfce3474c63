package com.tickstock.console.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who this process is in the ticker plant on Redis: every key it writes there starts with
 * {@code tickstock:GROUP:}, and attached consoles show its id.
 *
 * @param id           {@code FEEDER_ID}, by default this host's name
 * @param group        {@code FEEDER_GROUP}, by default {@value #DEFAULT_GROUP}
 * @param leaseSeconds {@code FEEDER_LEASE_SECONDS}: how long the leader's lease lives unrenewed, by default
 *                     {@value #DEFAULT_LEASE_SECONDS}; a standby takes over at the latest this long after the leader
 *                     stopped renewing; {@value #LEASE_OFF} when off
 */
public record FeederSettings(String id, String group, int leaseSeconds) {

    public static final String DEFAULT_GROUP = "default";
    public static final int DEFAULT_LEASE_SECONDS = 10;
    /** Below 3 s a renewal every second leaves no room for one slow Redis answer before fencing. */
    public static final int MIN_LEASE_SECONDS = 3;
    public static final int MAX_LEASE_SECONDS = 300;
    /** {@code FEEDER_LEASE_SECONDS=off}: no lease, the feeder connects at once and alone. */
    public static final int LEASE_OFF = 0;
    static final String SEGMENT_WORDS = "1..64 of A-Z a-z 0-9 _ . -";
    /** Both end up inside Redis key names: nothing that could split a name or be read as a pattern. */
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String FALLBACK_ID = "feeder";

    public FeederSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        if (!isSafeSegment(id) || !isSafeSegment(group)) {
            throw new IllegalArgumentException("feeder id and group must be " + SEGMENT_WORDS + ": " + id + ", " + group);
        }
        if (leaseSeconds != LEASE_OFF && (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS)) {
            throw new IllegalArgumentException("lease seconds must be " + MIN_LEASE_SECONDS + ".." + MAX_LEASE_SECONDS
                    + ": " + leaseSeconds);
        }
    }

    /** Whether this feeder elects a leader through the group's lease (on unless {@code FEEDER_LEASE_SECONDS=off}). */
    public boolean leased() {
        return leaseSeconds != LEASE_OFF;
    }

    /** An identity with the default lease. */
    public FeederSettings(String id, String group) {
        this(id, group, DEFAULT_LEASE_SECONDS);
    }

    /** The identity with nothing configured: this host's name, group {@value #DEFAULT_GROUP}. */
    public static FeederSettings defaults() {
        return new FeederSettings(hostDerivedId(), DEFAULT_GROUP);
    }

    /** The key prefix every plant name starts with, {@code tickstock:GROUP:}. */
    public String keyPrefix() {
        return "tickstock:" + group + ":";
    }

    static boolean isSafeSegment(String s) {
        return SAFE_SEGMENT.matcher(s).matches();
    }

    /** This host's name made into a safe segment (other characters become '-'), or "feeder" when it has none. */
    static String hostDerivedId() {
        return HostName.ID;
    }

    /** Looked up once, on first use: a name lookup can take a while on a badly configured host. */
    private static final class HostName {
        static final String ID = sanitize(lookup());

        private static String lookup() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String env = System.getenv("HOSTNAME");
                return env == null ? "" : env;
            }
        }

        private static String sanitize(String host) {
            String s = host.replaceAll("[^A-Za-z0-9_.-]", "-");
            if (s.length() > 64) {
                s = s.substring(0, 64);
            }
            return s.isEmpty() ? FALLBACK_ID : s;
        }
    }
}
