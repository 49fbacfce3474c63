/**
 * Republishes every tick of the feed to Redis for downstream consumers (pattern detection, the admin page),
 * without ever blocking the feed, and survives Redis outages.
 *
 * <p>Use: {@link com.tickstock.console.republish.RedisRepublisher} with a
 * {@link com.tickstock.console.republish.RepublisherConfig} ({@code REDIS_URL}, {@code REDIS_CHANNEL},
 * {@code REDIS_ENABLED}, {@code REDIS_FORMAT}, {@code REDIS_MODE}, {@code REDIS_BUFFER_SIZE});
 * {@code offer(event, connectionId)} from the feed's consumer threads; {@code status()} for the health snapshot
 * (key {@code redis}: {@link com.tickstock.console.republish.RepublisherStatus#toHealthMap()}), the status
 * endpoint and {@code /metrics} ({@link com.tickstock.console.republish.RepublisherStatus#appendMetrics}).
 *
 * <p>Messages (see {@code TickEncoder} for the per-type fields):
 * <ul>
 *   <li>per tick (default), on channel {@code tickstock:market:ticks}: the seed's
 *       {@code {"type":"market_tick","symbol":"AAPL","price":187.12,"volume":100,"timestamp":1705853696.123,
 *       "source":"massive"}} plus {@code "event_type":"T"} and {@code "connection_id":"connection_1"};</li>
 *   <li>batch: one JSON array of those objects per flush, in tick order;</li>
 *   <li>stream mode: {@code XADD <channel> MAXLEN ~ <n> * data <message>}, message per tick or per batch.</li>
 * </ul>
 *
 * <p>Delivery is at-least-once around reconnects and in order per connection otherwise. Inside: a bounded
 * multi-producer ring ({@code TickRing}), one publisher thread ({@code PublisherLoop}) that writes a batch of
 * pre-rendered commands per flush to Lettuce's connection ({@code RedisConnector}), and counters that make
 * {@code received = published + buffered + dropped} hold.
 */
package com.tickstock.console.republish;
