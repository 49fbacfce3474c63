package com.tickstock.console.market;

import java.time.Instant;
import java.util.Objects;

/**
 * The market's session at one instant and when it next changes.
 *
 * @param session     the session now
 * @param reason      why: the holiday or "weekend" or "overnight" while closed, the early close while open
 *                    (empty on an ordinary trading day)
 * @param nextChange  when the session next changes ({@code null} if not within the calendar's horizon)
 * @param nextSession the session it changes to ({@code null} with {@code nextChange})
 */
public record SessionStatus(MarketSession session, String reason, Instant nextChange, MarketSession nextSession) {

    public SessionStatus {
        Objects.requireNonNull(session, "session");
        reason = reason == null ? "" : reason;
    }
}
