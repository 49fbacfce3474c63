/**
 * The US equities market's sessions: pre-market, regular hours, after-hours and closed, in
 * America/New_York, with NYSE holidays and early closes computed by rule for any year, plus an
 * overrides file for unscheduled closures, and a clock that can be set to any instant and run faster
 * than wall time.
 *
 * <p>A leaf: it depends on nothing of the console, so the feed's consumers (config, manager, ui) and
 * the standalone simulator can all use it. Everything here is immutable or thread-safe.
 */
package com.tickstock.console.market;
