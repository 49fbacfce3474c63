/**
 * The connection manager: the feed connections' lifecycle, routing each ticker to exactly one of
 * them ({@link com.tickstock.console.manager.TickerRouter}), fan-out of their market data to
 * consumers ({@link com.tickstock.console.manager.TickFanOut}) and health snapshots
 * ({@link com.tickstock.console.manager.HealthPublisher}), behind one API,
 * {@link com.tickstock.console.manager.ConnectionManager}. Its configuration comes from
 * {@code com.tickstock.console.config}.
 */
package com.tickstock.console.manager;
