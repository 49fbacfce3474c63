package com.tickstock.console.ui;

/**
 * The ticker the operator looked up: its pane highlights and scrolls to the row.
 *
 * @param ticker       the ticker
 * @param connectionId the connection that carries it
 * @param serial       increases with every lookup, so looking up the same ticker again scrolls again
 */
record Highlight(String ticker, String connectionId, long serial) {
}
