package com.tickstock.console.manager;

/**
 * How one consumer is keeping up.
 *
 * @param name            the name it was registered with
 * @param delivery        how it is called
 * @param deliveredEvents events it was handed (and returned from)
 * @param errors          calls that threw
 * @param droppedEvents   events it could not take because its queue was full (QUEUED only)
 * @param queueDepth      frames waiting for it now (QUEUED only)
 */
public record ConsumerStats(String name, TickConsumer.Delivery delivery, long deliveredEvents, long errors,
                            long droppedEvents, int queueDepth) {
}
