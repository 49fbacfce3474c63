package com.tickstock.console.ui;

/**
 * A desktop notification about a connection.
 *
 * @param problem true when something failed, false when it recovered
 * @param title   short title
 * @param text    one line of detail
 */
record Notice(boolean problem, String title, String text) {
}
