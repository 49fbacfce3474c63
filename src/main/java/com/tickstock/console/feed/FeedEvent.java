package com.tickstock.console.feed;

/**
 * One decoded event of the Massive stocks feed. Every implementation is an immutable record, so
 * an event may be handed from the socket thread to any number of consumer threads without copying.
 */
public sealed interface FeedEvent permits Trade, Quote, Bar, StatusMessage, OtherEvent {

    /** The event's type as named by the protocol's {@code ev} field. */
    EventType type();

    /** The ticker the event is about, or {@code ""} for status events. */
    String symbol();
}
