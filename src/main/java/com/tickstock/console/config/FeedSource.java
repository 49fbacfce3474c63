package com.tickstock.console.config;

/**
 * Where the console's data comes from, as shown to an operator: never the key itself.
 *
 * @param embeddedSimulator whether the console runs against its own simulator
 * @param url               the feed URL the connections use
 * @param maskedApiKey      the key as shown ({@code abcd…(32 chars)}), or the simulator's note
 */
public record FeedSource(boolean embeddedSimulator, String url, String maskedApiKey) {

    /** e.g. "embedded simulator ws://127.0.0.1:40123/stocks" or "wss://socket.massive.com/stocks (key abcd…(32 chars))". */
    public String describe() {
        return embeddedSimulator ? "embedded simulator " + url : url + " (key " + maskedApiKey + ")";
    }
}
