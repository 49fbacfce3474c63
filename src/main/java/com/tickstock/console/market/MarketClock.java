package com.tickstock.console.market;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Market time: wall time, or time that started at a chosen instant and runs {@code speed} times as fast as the
 * wall clock, so that an operator can rehearse the open at 2 a.m. and a test can play a whole session in
 * minutes. Immutable; safe on any thread.
 */
public final class MarketClock extends Clock {

    /** The fastest market time may run: a trading day in under a minute is plenty for any rehearsal. */
    public static final double MAX_SPEED = 10_000;

    private final Clock wall;
    private final Instant marketStart;
    private final Instant wallStart;
    private final double speed;

    private MarketClock(Clock wall, Instant marketStart, Instant wallStart, double speed) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.marketStart = marketStart;
        this.wallStart = wallStart;
        this.speed = speed;
    }

    /** Wall time itself. */
    public static MarketClock system() {
        Clock wall = Clock.systemUTC();
        Instant start = wall.instant();
        return new MarketClock(wall, start, start, 1);
    }

    /** Market time that is {@code start} now (on {@code wall}) and runs {@code speed} times as fast. */
    public static MarketClock startingAt(Clock wall, Instant start, double speed) {
        checkSpeed(speed);
        return new MarketClock(wall, Objects.requireNonNull(start, "start"), wall.instant(), speed);
    }

    /**
     * From the settings {@code MARKET_CLOCK} / {@code --clock} (an ISO-8601 instant such as
     * {@code 2026-11-27T13:25:00Z}, or empty for now) and {@code MARKET_CLOCK_SPEED} / {@code --speed}.
     *
     * @throws IllegalArgumentException naming {@code clockName} or {@code speedName} and the bad value
     */
    public static MarketClock fromSettings(String clockName, String clock, String speedName, String speed) {
        double factor;
        try {
            factor = speed == null || speed.isBlank() ? 1 : Double.parseDouble(speed.strip());
            checkSpeed(factor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(speedName + "=" + speed + " is not a speed: a number above 0 and up to "
                    + String.format(Locale.ROOT, "%.0f", MAX_SPEED) + " (how many times faster than wall time)", e);
        }
        Clock wall = Clock.systemUTC();
        if (clock == null || clock.isBlank()) {
            if (factor == 1) {
                return system();
            }
            Instant now = wall.instant();
            return new MarketClock(wall, now, now, factor);
        }
        try {
            return startingAt(wall, Instant.parse(clock.strip()), factor);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(clockName + "=" + clock
                    + " is not an ISO-8601 instant such as 2026-11-27T14:30:00Z", e);
        }
    }

    private static void checkSpeed(double speed) {
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be above 0 and at most " + MAX_SPEED + ", was " + speed);
        }
    }

    /** How many times faster than wall time the market clock runs. */
    public double speed() {
        return speed;
    }

    /** Whether this is plain wall time (not set to another instant, not sped up). */
    public boolean isWallTime() {
        return speed == 1 && marketStart.equals(wallStart);
    }

    /** The market duration that passes in {@code wall} wall time. */
    public Duration marketDuration(Duration wallTime) {
        return Duration.ofNanos((long) (wallTime.toNanos() * speed));
    }

    /** The wall time it takes for {@code market} market time to pass. */
    public Duration wallDuration(Duration market) {
        return Duration.ofNanos((long) (market.toNanos() / speed));
    }

    @Override
    public Instant instant() {
        if (isWallTime()) {
            return wall.instant();
        }
        Duration elapsed = Duration.between(wallStart, wall.instant());
        return marketStart.plus(marketDuration(elapsed));
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MarketClock(wall.withZone(zone), marketStart, wallStart, speed);
    }

    @Override
    public String toString() {
        return isWallTime() ? "MarketClock[wall time]"
                : "MarketClock[from " + marketStart + " at " + wallStart + ", speed " + speed + "]";
    }
}
