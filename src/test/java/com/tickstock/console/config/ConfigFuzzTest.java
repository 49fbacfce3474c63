package com.tickstock.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random key/value maps and random {@code .env} files through {@link ConfigLoader#load}: every outcome is a
 * valid configuration or a {@link ConfigException} whose every problem names its key or its file line, with no
 * stack trace or Java exception name in it and no secret value. Seeded, so a failure replays.
 */
class ConfigFuzzTest {

    /** Held so the loader's logger keeps WARNING: a valid load logs the whole configuration at INFO. */
    @SuppressWarnings("UnusedVariable") // held, not read: java.util.logging forgets the level of an unreferenced logger
    private static final java.util.logging.Logger QUIET = quiet();

    private static final String SECRET = "planted-secret-value-7f3a9c";
    private static final Pattern FILE_LINE = Pattern.compile(".*tickstock[^:]*\\.env:\\d+: .*", Pattern.DOTALL);
    /** A stack frame, an exception's class name or a Java package: what a message must not show an operator. */
    private static final Pattern JAVA_NOISE = Pattern.compile("\\tat |\\w+Exception\\b|\\bjava\\.\\w+\\.");

    private static final String[] VALUES = {"", " ", "  padded  ", "true", "false", "TRUE", "yes", "no", "maybe", "0", "1",
            "2", "3", "4", "-1", "65535", "65536", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
            "1e3", "1.5", "0.1", "0.09", "3600", "3601", "NaN", "Infinity", "0x10", "1_000", "١٢", "full", "none", "off",
            "T", "Q", "A", "AM", "T,Q,A,AM", "T,,Q", "X", "per_tick", "batch", "pubsub", "stream", "newest",
            "ws://127.0.0.1:1/stocks", "wss://socket.massive.com/stocks", "http://x", "ws://", "wss://:0", "ws://[::1]:80/",
            "redis://127.0.0.1:6379", "redis://:" + SECRET + "@localhost:6379/0", "rediss://u:" + SECRET + "@h:1/99",
            "redis://h:99999", "redis://", "AAPL", "AAPL,MSFT", "aapl, msft ,", "BRK.B", "A".repeat(40), "sp500", "nasdaq100",
            "x:y", ":", "127.0.0.1", "0.0.0.0", "::", "localhost", "256.1.1.1", "-host",
            "'quoted'", "\"unterminated", "a\u0000b", "\u0007", "tab\there", "\uD800", "\uFFFD", "é", "${HOME}",
            "x".repeat(10_000), "#comment", "a=b", "your_api_key", "changeme"};

    /** Keys whose values are secrets, and the URL key that may carry a password. */
    private static final List<String> SECRET_KEYS = List.of("MASSIVE_API_KEY", "REDIS_PASSWORD", "STATUS_TOKEN");

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ConfigLoader.class.getName());
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            keys.add(key.name());
        }
        for (String n : new String[] {"1", "2", "3", "4", "0", "01", "99"}) {
            for (String part : new String[] {"ENABLED", "NAME", "UNIVERSE_KEY", "SYMBOLS"}) {
                keys.add("WEBSOCKET_CONNECTION_" + n + "_" + part);
            }
        }
        keys.addAll(List.of("MASSIVE_APIKEY", "REDIS_URLS", "websocket_stale_seconds", "UNKNOWN_KEY", "WEBSOCKET_CONNECTION__ENABLED"));
        return keys;
    }

    @Test
    void randomKeyValueMapsGiveAConfigOrAClearConfigException(@TempDir Path configDir) {
        List<String> keys = keys();
        SplittableRandom random = new SplittableRandom(2026_11_27);
        int valid = 0;
        int invalid = 0;
        for (int round = 0; round < 3_000; round++) {
            Map<String, String> cli = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                cli.put("WEBSOCKET_CONNECTION_1_ENABLED", "true");
                cli.put("WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL");
            }
            for (int n = random.nextInt(6); n > 0; n--) {
                cli.put(keys.get(random.nextInt(keys.size())), value(random));
            }
            if (random.nextInt(3) == 0) { // a secret where secrets go: it must never be shown
                cli.put(SECRET_KEYS.get(random.nextInt(SECRET_KEYS.size())), SECRET);
            }
            Map<String, String> env = random.nextInt(4) == 0
                    ? Map.of(keys.get(random.nextInt(keys.size())), value(random)) : Map.of();
            if (load(configDir, null, env, cli, "round " + round + " cli=" + cli + " env=" + env)) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertThat(valid).as("some random maps are valid").isGreaterThan(100);
        assertThat(invalid).as("and some are not").isGreaterThan(100);
    }

    @Test
    void randomEnvFilesGiveAConfigOrAClearConfigException(@TempDir Path configDir) throws IOException {
        List<String> keys = keys();
        SplittableRandom random = new SplittableRandom(1_0_2026);
        Path file = configDir.resolve("tickstock-fuzz.env");
        int valid = 0;
        int invalid = 0;
        for (int round = 0; round < 1_500; round++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(10) == 0) {
                text.append('\uFEFF');
            }
            if (random.nextBoolean()) {
                text.append("WEBSOCKET_CONNECTION_1_ENABLED=true\nWEBSOCKET_CONNECTION_1_SYMBOLS=AAPL\n");
            }
            for (int n = random.nextInt(8); n > 0; n--) {
                text.append(line(random, keys)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(8) == 0 && bytes.length > 0) { // bytes that are not UTF-8
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
            }
            Files.write(file, bytes);
            if (load(configDir, file, Map.of(), Map.of(), "round " + round + " file:\n" + text)) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertThat(valid).isGreaterThan(50);
        assertThat(invalid).isGreaterThan(50);
    }

    @Test
    void aMissingOrUnreadableExplicitFileIsAClearConfigException(@TempDir Path configDir) throws IOException {
        load(configDir, configDir.resolve("nope.env"), Map.of(), Map.of(), "missing file");
        Path dir = Files.createDirectory(configDir.resolve("a-directory.env"));
        load(configDir, dir, Map.of(), Map.of(), "a directory");
    }

    /** Loads; returns whether the configuration was valid; fails on anything but a clear ConfigException. */
    private static boolean load(Path configDir, Path file, Map<String, String> env, Map<String, String> cli, String input) {
        try {
            ConsoleConfig config = new ConfigLoader(configDir).load(file, env, cli);
            assertThat(config.toString()).as(input).doesNotContain(SECRET);
            assertThat(config.describe()).as(input).doesNotContain(SECRET);
            return true;
        } catch (ConfigException e) {
            String message = e.getMessage();
            assertThat(message).as(input).startsWith("Invalid configuration: ").doesNotContain(SECRET);
            assertThat(e.problems()).as(input).isNotEmpty();
            for (ConfigProblem problem : e.problems()) {
                String text = problem.message();
                assertThat(text).as(input).isNotBlank().doesNotContain(SECRET);
                assertThat(JAVA_NOISE.matcher(text).find()).as("Java noise in '%s' for %s", text, input).isFalse();
                if (!problem.key().isEmpty()) {
                    // the key itself, or its numbered form (WEBSOCKET_CONNECTION_<N>_ENABLED) for "none enabled"
                    assertThat(text).as(input).containsAnyOf(problem.key(),
                            problem.key().replaceAll("_\\d+_", "_<N>_"));
                } else {
                    assertThat(FILE_LINE.matcher(text).matches() || text.contains(String.valueOf(file)))
                            .as("'%s' names neither a key nor a file line, for %s", text, input).isTrue();
                }
            }
            for (String warning : e.warnings()) {
                assertThat(warning).as(input).doesNotContain(SECRET);
            }
            return false;
        } catch (Throwable t) {
            fail("not a ConfigException for " + input, t);
            return false;
        }
    }

    private static String value(SplittableRandom random) {
        if (random.nextInt(5) == 0) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                sb.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : 0x20 + random.nextInt(0x5f)));
            }
            return sb.toString();
        }
        return VALUES[random.nextInt(VALUES.length)];
    }

    private static String line(SplittableRandom random, List<String> keys) {
        String key = keys.get(random.nextInt(keys.size()));
        String value = value(random);
        return switch (random.nextInt(12)) {
            case 0 -> "# " + value;
            case 1 -> "export " + key + "=" + value;
            case 2 -> key + " = \"" + value + "\"";
            case 3 -> key + "='" + value + "' # trailing";
            case 4 -> key; // no '='
            case 5 -> "=" + value; // no key
            case 6 -> "  " + key + "=" + value + "   ";
            case 7 -> key + "=\"" + value; // unterminated quote
            case 8 -> random.nextBoolean() ? value : SECRET; // a pasted value, maybe a secret
            case 10 -> SECRET_KEYS.get(random.nextInt(SECRET_KEYS.size())) + "=" + SECRET;
            case 9 -> "";
            default -> key + "=" + value;
        };
    }
}
