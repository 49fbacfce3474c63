/**
 * The console's configuration: the feed connections, the ticker universes they carry, Redis and the
 * status endpoint, read and checked as a whole before anything starts.
 *
 * <p>Entry point: {@link com.tickstock.console.config.ConfigLoader#load} gives a validated,
 * immutable {@link com.tickstock.console.config.ConsoleConfig}, or throws one
 * {@link com.tickstock.console.config.ConfigException} listing every problem. Sources in rising
 * precedence: built-in defaults, a {@code .env} file, environment variables, command-line
 * overrides. Key names are those of the original TickStock {@code .env}; every key is
 * documented in {@code config/tickstock.env.example}.
 *
 * <p>Differences from the original, on purpose: bad values are errors instead of being used or
 * ignored; an enabled connection without tickers, an unknown universe and a ticker on two
 * connections are errors instead of a skip, a silent fallback or a silent move; secrets are
 * masked everywhere ({@link com.tickstock.console.config.Secret},
 * {@link com.tickstock.console.config.Secrets}).
 *
 * <p>It depends on the feed's types only; the manager and every part above it read its records.
 */
package com.tickstock.console.config;
