package com.tickstock.console.market;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The session in a few words for the window's top bar: {@code REGULAR · closes in 2 h 14 m},
 * {@code CLOSED · Thanksgiving · opens Fri 04:00 ET}. Stateless.
 */
public final class SessionText {

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private SessionText() {
    }

    /** {@code status} as seen at {@code now}. */
    public static String of(SessionStatus status, Instant now) {
        StringBuilder text = new StringBuilder(status.session().name());
        if (!status.reason().isEmpty() && !"overnight".equals(status.reason())) {
            text.append(" · ").append(status.reason());
        }
        if (status.nextChange() == null) {
            return text.toString();
        }
        switch (status.session()) {
            case CLOSED:
                ZonedDateTime at = status.nextChange().atZone(MarketCalendar.NEW_YORK);
                text.append(" · opens ").append(at.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                        .append(' ').append(HOUR_MINUTE.format(at)).append(" ET");
                break;
            case PRE:
                text.append(" · opens in ").append(span(Duration.between(now, status.nextChange())));
                break;
            case REGULAR:
                text.append(" · closes in ").append(span(Duration.between(now, status.nextChange())));
                break;
            default:
                text.append(" · ends in ").append(span(Duration.between(now, status.nextChange())));
                break;
        }
        return text.toString();
    }

    /** "2 h 14 m", "14 m", "under 1 m". */
    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes == 0) {
            return "under 1 m";
        }
        return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " m" : minutes + " m";
    }
}
