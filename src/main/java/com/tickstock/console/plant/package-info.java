/**
 * The ticker plant on Redis: a headless feeder publishing its health, event log, ticker assignment and last
 * values under {@code tickstock:GROUP:}, and executing operator commands from there (docs/plant-protocol.md).
 * Everything here runs on threads of its own, never on a connection's socket or dispatch thread.
 */
package com.tickstock.console.plant;
