/**
 * The connection manager (the connections' lifecycle, routing tickers to them, fan-out to consumers,
 * health snapshots) and the configuration of the feed connections and the ticker universes they carry.
 *
 * <p>Entry point: {@link com.tickstock.console.manager.ConfigLoader#load} gives a validated,
 * immutable {@link com.tickstock.console.manager.ConsoleConfig}, or throws one
 * {@link com.tickstock.console.manager.ConfigException} listing every problem. Sources in rising
 * precedence: built-in defaults, a {@code .env} file, environment variables, command-line
 * overrides. Key names are those of the original TickStock {@code .env}; every key is
 * documented in {@code config/tickstock.env.example}.
 *
 * <p>Differences from the original, on purpose: bad values are errors instead of being used or
 * ignored; an enabled connection without tickers, an unknown universe and a ticker on two
 * connections are errors instead of a skip, a silent fallback or a silent move; secrets are
 * masked everywhere ({@link com.tickstock.console.manager.Secret},
 * {@link com.tickstock.console.manager.Secrets}).
 */
package com.tickstock.console.manager;
