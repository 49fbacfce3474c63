package com.tickstock.console.config;

import com.tickstock.console.supervision.Backoff;
import com.tickstock.console.feed.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigValidationTest {

    private static final String API_KEY = "Zq7Xv2Lp9Rt4Mn8Kb3Wc6Yd1Hs5Jf0Ga";

    @TempDir
    Path dir;

    private ConsoleConfig load(String... keyValues) {
        return ConfigFixture.load(dir, minimal(keyValues));
    }

    private ConfigException failure(String... keyValues) {
        return ConfigFixture.failure(dir, minimal(keyValues));
    }

    /** The single problem's message, which must name key, value and what is allowed. */
    private String problem(String... keyValues) {
        ConfigException e = failure(keyValues);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).message();
    }

    // booleans

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "Yes,true", "1,true", "false,false", "no,false", "NO,false", "0,false",
            "' yes ',true"})
    void booleansAcceptTheCommonSpellings(String raw, boolean expected) {
        assertThat(load("USE_MULTI_CONNECTION", raw).useMultiConnection()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "y", "enabled", "2", ""})
    void otherBooleanSpellingsAreErrorsNamingKeyValueAndAllowed(String raw) {
        assertThat(problem("USE_MULTI_CONNECTION", raw))
                .startsWith("USE_MULTI_CONNECTION='" + raw + "' (command line): not a boolean; allowed: ")
                .contains("true|false|yes|no|1|0");
    }

    @Test
    void badConnectionEnabledFlagIsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTION_2_ENABLED", "maybe"))
                .startsWith("WEBSOCKET_CONNECTION_2_ENABLED='maybe' (command line): not a boolean");
    }

    // integers and decimals

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3"})
    void connectionsMaxAcceptsOneToThree(String raw) {
        assertThat(load("WEBSOCKET_CONNECTIONS_MAX", raw).connectionsMax()).isEqualTo(Integer.parseInt(raw));
    }

    @ParameterizedTest
    @CsvSource({"0,out of range", "4,out of range", "three,not an integer", "2.5,not an integer"})
    void connectionsMaxOutsideOneToThreeIsAnError(String raw, String what) {
        assertThat(problem("WEBSOCKET_CONNECTIONS_MAX", raw))
                .isEqualTo("WEBSOCKET_CONNECTIONS_MAX='" + raw + "' (command line): " + what
                        + "; allowed: integer 1..3 (the console holds at most three feed connections)");
    }

    @Test
    void maxRetriesMayBeZeroButNotNegative() {
        assertThat(load("MASSIVE_WEBSOCKET_MAX_RETRIES", "0").feed().reconnect().maxRetries()).isZero();
        assertThat(problem("MASSIVE_WEBSOCKET_MAX_RETRIES", "-1")).contains("out of range; allowed: integer >= 0");
        assertThat(problem("MASSIVE_WEBSOCKET_MAX_RETRIES", "99999999999")).contains("out of range");
    }

    @Test
    void reconnectDelaysAcceptDecimalSeconds() {
        ReconnectSettings r = load("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "0.5",
                "MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY", "12.25").feed().reconnect();
        assertThat(r.initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(r.maxDelay()).isEqualTo(Duration.ofMillis(12_250));
    }

    @ParameterizedTest
    @CsvSource({"0,out of range", "0.05,out of range", "301,out of range", "5s,not a decimal number",
            "-1,out of range", "NaN,not a decimal number"})
    void badReconnectDelayIsAnError(String raw, String what) {
        assertThat(problem("MASSIVE_WEBSOCKET_RECONNECT_DELAY", raw))
                .startsWith("MASSIVE_WEBSOCKET_RECONNECT_DELAY='" + raw + "' (command line): " + what)
                .contains("allowed: seconds, decimal 0.1..300");
    }

    @Test
    void reconnectDelayAboveItsCapIsAnError() {
        assertThat(problem("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "10", "MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY", "2"))
                .startsWith("MASSIVE_WEBSOCKET_RECONNECT_DELAY='10' (command line): larger than"
                        + " MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY=2");
    }

    @Test
    void badReconnectCapIsAnError() {
        assertThat(problem("MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY", "3601"))
                .contains("out of range; allowed: seconds, decimal 0.1..3600");
    }

    @Test
    void jitterIsFullEqualOrNone() {
        assertThat(load().feed().reconnect().jitter()).isEqualTo(Backoff.Jitter.FULL);
        assertThat(load("MASSIVE_WEBSOCKET_RECONNECT_JITTER", "None").feed().reconnect().jitter())
                .isEqualTo(Backoff.Jitter.NONE);
        assertThat(problem("MASSIVE_WEBSOCKET_RECONNECT_JITTER", "half"))
                .isEqualTo("MASSIVE_WEBSOCKET_RECONNECT_JITTER='half' (command line): not one of the choices;"
                        + " allowed: full|equal|none");
        assertThat(load("MASSIVE_WEBSOCKET_RECONNECT_JITTER", "equal").feed().reconnect().toPolicy(3, Duration.ZERO)
                .backoff().jitter()).isEqualTo(Backoff.Jitter.EQUAL);
    }

    @ParameterizedTest
    @CsvSource({"WEBSOCKET_STALE_SECONDS,1,3600", "WEBSOCKET_CONNECTION_CAPACITY,1,100000",
            "WEBSOCKET_KEEPALIVE_SECONDS,1,300", "WEBSOCKET_MAX_CONNECTION_KICKS,1,100",
            "REDIS_BUFFER_SIZE,1000,10000000"})
    void integerSettingsAcceptTheirBoundsAndRejectBeyond(String key, int min, int max) {
        load(key, String.valueOf(min));
        load(key, String.valueOf(max));
        String allowed = "allowed: " + ConfigKey.valueOf(key).allowed();
        assertThat(problem(key, String.valueOf(min - 1))).contains(key + "='" + (min - 1) + "'", "out of range", allowed);
        assertThat(problem(key, String.valueOf(max + 1))).contains("out of range", allowed);
        assertThat(problem(key, "lots")).contains(key + "='lots'", "not an integer", allowed);
    }

    @Test
    void feedSettingsReachTheConfig() {
        FeedSettings f = load("WEBSOCKET_STALE_SECONDS", "45", "WEBSOCKET_CONNECTION_CAPACITY", "200",
                "WEBSOCKET_KEEPALIVE_SECONDS", "25", "WEBSOCKET_MAX_CONNECTION_KICKS", "4").feed();
        assertThat(f.staleAfter()).hasSeconds(45);
        assertThat(f.connectionCapacity()).isEqualTo(200);
        assertThat(f.keepaliveInterval()).hasSeconds(25);
        assertThat(f.maxConnectionKicks()).isEqualTo(4);
    }

    // URL and event types

    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:8025/stocks", "wss://delayed.massive.com/stocks", "WSS://socket.massive.com/stocks"})
    void websocketUrlAcceptsWsAndWss(String url) {
        assertThat(load("MASSIVE_WEBSOCKET_URL", url).feed().url()).hasToString(url);
    }

    @ParameterizedTest
    @CsvSource({"https://socket.massive.com/stocks,scheme 'https' is not supported", "socket.massive.com,no scheme",
            "ws:///stocks,no host", "'wss://bad host/x',not a URL"})
    void websocketUrlMustBeWsOrWssWithAHost(String url, String what) {
        assertThat(problem("MASSIVE_WEBSOCKET_URL", url))
                .startsWith("MASSIVE_WEBSOCKET_URL='" + url + "' (command line): " + what)
                .endsWith("allowed: a ws:// or wss:// URL with a host");
    }

    @Test
    void eventTypesDefaultToSecondBars() {
        assertThat(load().feed().eventTypes()).containsExactly(EventType.SECOND_BAR);
    }

    @Test
    void eventTypesAcceptAnyCaseAndSpaces() {
        assertThat(load("MASSIVE_EVENT_TYPES", "t, q ,a,AM,").feed().eventTypes())
                .containsExactlyInAnyOrder(EventType.TRADE, EventType.QUOTE, EventType.SECOND_BAR, EventType.MINUTE_BAR);
    }

    @Test
    void unknownOrMissingEventTypesAreErrors() {
        assertThat(problem("MASSIVE_EVENT_TYPES", "T,LULD,X"))
                .startsWith("MASSIVE_EVENT_TYPES='T,LULD,X' (command line): unknown event type 'LULD', 'X'")
                .contains("allowed: comma list of T, Q, A, AM");
        assertThat(problem("MASSIVE_EVENT_TYPES", " , ")).contains("no event type");
    }

    // API key

    @Test
    void apiKeySwitchesFromTheSimulatorToTheRealFeed() {
        ConsoleConfig c = load("MASSIVE_API_KEY", API_KEY);
        assertThat(c.useEmbeddedSimulator()).isFalse();
        assertThat(c.massiveApiKey().reveal()).isEqualTo(API_KEY);
    }

    @Test
    void placeholderApiKeyIsAnErrorThatStaysMasked() {
        assertThat(problem("MASSIVE_API_KEY", "your_api_key"))
                .startsWith("MASSIVE_API_KEY=**** (command line): looks like a placeholder");
    }

    @Test
    void apiKeyWithSpacesIsAnErrorThatShowsOnlyItsPrefix() {
        String bad = API_KEY + " trailing";
        assertThat(problem("MASSIVE_API_KEY", "\"" + bad + "\""))
                .startsWith("MASSIVE_API_KEY=\"Zq7…(43 chars) (command line): contains spaces")
                .doesNotContain("Lp9Rt4");
    }

    @Test
    void urlWithoutApiKeyWarnsThatTheSimulatorRunsInstead() {
        ConsoleConfig c = load("MASSIVE_WEBSOCKET_URL", "ws://127.0.0.1:9000/stocks");
        assertThat(c.useEmbeddedSimulator()).isTrue();
        assertThat(c.warnings()).singleElement().asString().contains("runs the embedded simulator");
    }

    // Redis

    @Test
    void redisIsOffByDefault() {
        RedisSettings r = load().redis();
        assertThat(r.enabled()).isFalse();
        assertThat(r.format()).isEqualTo(RedisSettings.Format.PER_TICK);
        assertThat(r.mode()).isEqualTo(RedisSettings.Mode.PUBSUB);
        assertThat(r.bufferSize()).isEqualTo(1_000_000);
    }

    @Test
    void redisUrlTurnsRepublishingOn() {
        RedisSettings r = load("REDIS_URL", "redis://localhost:6379/0", "REDIS_FORMAT", "batch",
                "REDIS_MODE", "stream", "REDIS_CHANNEL", "ticks").redis();
        assertThat(r.enabled()).isTrue();
        assertThat(r.url()).isEqualTo("redis://localhost:6379/0");
        assertThat(r.format()).isEqualTo(RedisSettings.Format.BATCH);
        assertThat(r.mode()).isEqualTo(RedisSettings.Mode.STREAM);
        assertThat(r.channel()).isEqualTo("ticks");
    }

    @Test
    void redisEnabledFalseOverridesAUrl() {
        assertThat(load("REDIS_URL", "redis://localhost", "REDIS_ENABLED", "false").redis().enabled()).isFalse();
    }

    @Test
    void redisEnabledWithoutAnAddressIsAnError() {
        assertThat(problem("REDIS_ENABLED", "true"))
                .startsWith("REDIS_ENABLED='true' (command line): Redis is enabled but has no address");
    }

    @Test
    void redisUrlMustUseARedisScheme() {
        assertThat(problem("REDIS_URL", "http://localhost:6379"))
                .startsWith("REDIS_URL='http://localhost:6379' (command line): scheme 'http' is not redis or rediss");
        assertThat(problem("REDIS_URL", "redis://localhost/zero")).contains("the path must be a database number");
    }

    @Test
    void redisPasswordIsRedactedInErrorsAndToString() {
        String msg = problem("REDIS_URL", "http://:hunter22@localhost:6379");
        assertThat(msg).contains("'http://****@localhost:6379'").doesNotContain("hunter22");
        RedisSettings r = load("REDIS_URL", "redis://:hunter22@localhost:6379/0").redis();
        assertThat(r.toString()).doesNotContain("hunter22").contains("redis://****@localhost:6379/0");
    }

    @Test
    void redisHostPortDbAndPasswordBuildTheUrl() {
        RedisSettings r = load("REDIS_HOST", "cache.local", "REDIS_PORT", "6380", "REDIS_DB", "2",
                "REDIS_PASSWORD", "p@ss word").redis();
        assertThat(r.enabled()).isTrue();
        assertThat(r.url()).isEqualTo("redis://:p%40ss%20word@cache.local:6380/2");
    }

    @Test
    void redisUrlAndHostTogetherAreAnError() {
        assertThat(problem("REDIS_URL", "redis://a", "REDIS_HOST", "b")).contains("REDIS_URL is set as well");
    }

    @Test
    void redisPartsWithoutHostOnlyWarn() {
        assertThat(load("REDIS_PORT", "6380").warnings()).singleElement().asString()
                .contains("REDIS_PORT is ignored");
    }

    @Test
    void badRedisPortAndChannelAndChoicesAreErrors() {
        assertThat(problem("REDIS_HOST", "h", "REDIS_PORT", "0")).contains("REDIS_PORT='0'", "out of range");
        assertThat(problem("REDIS_CHANNEL", "two words")).contains("REDIS_CHANNEL='two words'", "not a channel name");
        assertThat(problem("REDIS_FORMAT", "json")).contains("REDIS_FORMAT='json'", "allowed: per_tick|batch");
        assertThat(problem("REDIS_MODE", "queue")).contains("REDIS_MODE='queue'", "allowed: pubsub|stream");
    }

    @Test
    void recordCompressionIsZstdByDefaultGzipOnRequestAndAnythingElseIsAnError() {
        assertThat(load().record().compression()).isEqualTo(RecordSettings.Compression.ZSTD);
        assertThat(load("RECORD_COMPRESSION", "gzip").record().compression())
                .isEqualTo(RecordSettings.Compression.GZIP);
        assertThat(problem("RECORD_COMPRESSION", "lz4")).contains("RECORD_COMPRESSION='lz4'", "allowed: zstd|gzip");
    }

    @Test
    void recordCpuBudgetIsTenPercentByDefaultZeroForNoLimitAndOutOfRangeIsAnError() {
        assertThat(load().record().cpuBudgetPercent()).isEqualTo(10);
        assertThat(load("RECORD_CPU_BUDGET", "0").record().cpuBudgetPercent()).isZero();
        assertThat(load("RECORD_CPU_BUDGET", "25").record().cpuBudgetPercent()).isEqualTo(25);
        assertThat(problem("RECORD_CPU_BUDGET", "-1")).contains("RECORD_CPU_BUDGET='-1'", "0..1000");
        assertThat(problem("RECORD_CPU_BUDGET", "10%")).contains("RECORD_CPU_BUDGET='10%'");
    }

    // Status endpoint

    @Test
    void statusEndpointIsOffByDefaultAndOnWithAPort() {
        assertThat(load().status().enabled()).isFalse();
        assertThat(load("STATUS_PORT", "OFF").status().enabled()).isFalse();
        StatusEndpointSettings s = load("STATUS_PORT", "8080").status();
        assertThat(s.enabled()).isTrue();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(load("STATUS_PORT", "0").status().port()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "65536", "-1", "80.5"})
    void badStatusPortIsAnError(String raw) {
        assertThat(problem("STATUS_PORT", raw)).startsWith("STATUS_PORT='" + raw + "' (command line): not a port;"
                + " allowed: off (or empty), 0 (any free port) or 1..65535");
    }

    @Test
    void statusEndpointOffLoopbackNeedsAToken() {
        assertThat(problem("STATUS_PORT", "8080", "STATUS_BIND", "0.0.0.0"))
                .startsWith("STATUS_TOKEN=(empty) (default): the status endpoint listens on 0.0.0.0");
        StatusEndpointSettings s = load("STATUS_PORT", "8080", "STATUS_BIND", "0.0.0.0",
                "STATUS_TOKEN", "0123456789abcdef0123").status();
        assertThat(s.token().reveal()).isEqualTo("0123456789abcdef0123");
        assertThat(load("STATUS_PORT", "8080", "STATUS_BIND", "localhost").status().token().isPresent()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.evil.example", "127.0.0.1.nip.io", "localhost.evil.example", "127.0.0.1.evil",
            "0.0.0.0", "::", "10.1.2.3"})
    void onlyLiteralLoopbackCountsAsLoopback(String bind) {
        assertThat(problem("STATUS_PORT", "8080", "STATUS_BIND", bind))
                .startsWith("STATUS_TOKEN=(empty) (default): the status endpoint listens on " + bind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"})
    void literalLoopbackNeedsNoToken(String bind) {
        StatusEndpointSettings s = load("STATUS_PORT", "8080", "STATUS_BIND", bind).status();
        assertThat(s.token().isPresent()).isFalse();
        assertThat(s.loopback()).isTrue();
    }

    @Test
    void shortTokenIsAnErrorThatDoesNotShowIt() {
        assertThat(problem("STATUS_TOKEN", "short-secret"))
                .startsWith("STATUS_TOKEN=**** (command line): too short or contains spaces")
                .doesNotContain("short-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not an address", "300.1.1.1", "host_name"})
    void badStatusBindIsAnError(String raw) {
        assertThat(problem("STATUS_BIND", raw)).startsWith("STATUS_BIND='" + raw + "' (command line): not an address");
    }

    // Reporting

    @Test
    void everyProblemIsReportedInOneException() {
        ConfigException e = failure("USE_MULTI_CONNECTION", "perhaps", "WEBSOCKET_CONNECTIONS_MAX", "9",
                "MASSIVE_WEBSOCKET_URL", "http://x", "REDIS_MODE", "x", "STATUS_PORT", "x",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,not a ticker");
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "USE_MULTI_CONNECTION", "WEBSOCKET_CONNECTIONS_MAX", "MASSIVE_WEBSOCKET_URL", "REDIS_MODE",
                "STATUS_PORT", "WEBSOCKET_CONNECTION_1_SYMBOLS");
        assertThat(e.getMessage()).startsWith("Invalid configuration: 6 problems").contains("  6. ");
    }

    @Test
    void secretsNeverAppearInMessagesOrInTheConfigsText() {
        String token = "tok-" + API_KEY;
        ConfigException e = failure("MASSIVE_API_KEY", API_KEY, "STATUS_TOKEN", token,
                "REDIS_URL", "redis://:pw-" + API_KEY + "@h", "USE_MULTI_CONNECTION", "bad");
        assertThat(e.getMessage()).doesNotContain(API_KEY.substring(4));
        ConsoleConfig c = load("MASSIVE_API_KEY", API_KEY, "STATUS_TOKEN", token,
                "REDIS_URL", "redis://:pw-" + API_KEY + "@h", "STATUS_PORT", "1");
        assertThat(c.toString()).doesNotContain(API_KEY.substring(4)).contains("Zq7X…(32 chars)");
        assertThat(c.describe()).doesNotContain(API_KEY.substring(4));
        assertThat(c.status().toString()).doesNotContain(API_KEY.substring(4));
    }

    // unknown keys: a near miss of ours is an error, anything else unknown a warning

    @Test
    void aNearMissOfAKnownKeyIsAnErrorNotASilentlyIgnoredWarning() {
        // REDIS_ULR would leave Redis off while the operator believes it is on.
        assertThat(problem("REDIS_ULR", "redis://localhost:6379"))
                .isEqualTo("REDIS_ULR (command line) is not a known key; did you mean REDIS_URL?");
        assertThat(problem("WEBSOCKET_CONECTION_2_ENABLED", "true"))
                .isEqualTo("WEBSOCKET_CONECTION_2_ENABLED (command line) is not a known key;"
                        + " did you mean WEBSOCKET_CONNECTION_2_ENABLED?");
    }

    @ParameterizedTest
    @CsvSource({"REDIS_ULR,REDIS_URL", "REDIS_URLL,REDIS_URL", "STATUS_TOKNE,STATUS_TOKEN",
            "MASSIVE_API_KYE,MASSIVE_API_KEY", "REDIS-URL,REDIS_URL", "redis_url,REDIS_URL", "Redis.Url,REDIS_URL",
            "REDISURL,REDIS_URL", "USE_MULTI_CONNECTIONS,USE_MULTI_CONNECTION", "WEBSOCKET_STALE_SECOND,WEBSOCKET_STALE_SECONDS",
            "WEBSOCKET_CONNECTION_1_SYMBOL,WEBSOCKET_CONNECTION_1_SYMBOLS"})
    void nearMissesWithinTwoEditsOrOtherSeparatorsAreErrors(String typo, String meant) {
        assertThat(problem(typo, "x")).isEqualTo(typo + " (command line) is not a known key; did you mean " + meant + "?");
    }

    @Test
    void aNearMissInAFileOrTheEnvironmentIsAnErrorTooNamingWhereItCameFrom() throws Exception {
        Path file = dir.resolve("typo.env");
        java.nio.file.Files.writeString(file, "WEBSOCKET_CONNECTION_1_ENABLED=true\nWEBSOCKET_CONNECTION_1_SYMBOLS=AAPL\n"
                + "REDIS_ULR=redis://localhost:6379\n");
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(dir).load(file, Map.of("STATUS_PROT", "8080", "EDITOR", "vi"), Map.of()));
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                "REDIS_ULR (file " + file + ") is not a known key; did you mean REDIS_URL?",
                "STATUS_PROT (environment) is not a known key; did you mean STATUS_PORT?");
    }

    @Test
    void unknownKeysInOurNamespacesThatAreNoNearMissOnlyWarn() {
        ConsoleConfig c = new ConfigLoader(dir).load(null,
                Map.of("MASSIVE_WEBSOCKET_RETRIES", "3", "REDIS_CLUSTER_NODES", "a,b", "TICKSTOCK_CDS", "off",
                        "EDITOR", "vi", "REDISCLI_AUTH", "other-tools-password", "STATUS", "0"), minimal());
        assertThat(c.warnings()).containsExactly(
                "MASSIVE_WEBSOCKET_RETRIES (environment) is not a known key; did you mean"
                        + " MASSIVE_WEBSOCKET_MAX_RETRIES?",
                "REDIS_CLUSTER_NODES (environment) is not a known key; it is ignored",
                "TICKSTOCK_CDS (environment) is not a known key; it is ignored");
        assertThat(c.useMultiConnection()).isFalse();
    }

    @Test
    void aNearMissOutsideOurNamespacesOnlyWarnsForASharedEnvFileHoldsOtherAppsKeys() {
        // REDSI_ and STATSU_ are not namespaces of ours: another application may own such keys.
        ConsoleConfig c = load("REDSI_URL", "redis://other-app:6379", "STATSU_PORT", "1");
        assertThat(c.warnings()).containsExactly(
                "REDSI_URL (command line) is not a known key; did you mean REDIS_URL?",
                "STATSU_PORT (command line) is not a known key; did you mean STATUS_PORT?");
    }

    @Test
    void theConsolesNamespacesComeFromTheKeyCatalogAndTheExampleNamesThem() throws Exception {
        assertThat(KeyCatalog.namespaces())
                .containsExactly("FEEDER_", "MARKET_", "MASSIVE_", "RECORD_", "REDIS_", "STATUS_", "USE_MULTI_", "WEBSOCKET_",
                        "TICKSTOCK_");
        String example = java.nio.file.Files.readString(Path.of("config", "tickstock.env.example"));
        assertThat(example).contains("FEEDER_, MARKET_, MASSIVE_, RECORD_, REDIS_, STATUS_, USE_MULTI_, WEBSOCKET_ and TICKSTOCK_");
    }

    @Test
    void transpositionsCountAsOneEdit() {
        assertThat(KeyCatalog.distance("REDIS_ULR", "REDIS_URL", 3)).isEqualTo(1);
        assertThat(KeyCatalog.distance("ABCD", "BADC", 3)).isEqualTo(2);
        assertThat(KeyCatalog.distance("REDIS_URL", "REDIS_URL", 3)).isZero();
        assertThat(KeyCatalog.distance("REDIS_URL", "REDIS_CHANNEL", 2)).isGreaterThan(2);
    }

    @Test
    void typoThatLeavesNothingEnabledShowsItWithTheOtherErrors() {
        ConfigException e = ConfigFixture.failure(dir, Map.of("WEBSOCKET_CONECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"));
        assertThat(e.getMessage()).contains("no connection is enabled")
                .contains("did you mean WEBSOCKET_CONNECTION_1_ENABLED?");
    }

    @Test
    void unknownKeyInAFileOrOnTheCommandLineWarnsEvenWithoutResemblance() {
        assertThat(load("FOO", "bar").warnings()).singleElement().asString()
                .isEqualTo("FOO (command line) is not a known key; it is ignored");
    }

    // feeder identity

    @Test
    void feederDefaultsToThisHostInGroupDefault() {
        FeederSettings feeder = load().feeder();
        assertThat(feeder.group()).isEqualTo("default");
        assertThat(feeder.id()).matches("[A-Za-z0-9_.-]{1,64}");
        assertThat(feeder.keyPrefix()).isEqualTo("tickstock:default:");
    }

    @Test
    void feederIdAndGroupAreTakenAsGiven() {
        FeederSettings feeder = load("FEEDER_ID", "feeder-a.1", "FEEDER_GROUP", "desk_2").feeder();
        assertThat(feeder).isEqualTo(new FeederSettings("feeder-a.1", "desk_2"));
        assertThat(feeder.keyPrefix()).isEqualTo("tickstock:desk_2:");
    }

    @Test
    void feederLeaseDefaultsToTenSecondsAndCanBeSetOrTurnedOff() {
        assertThat(load().feeder().leaseSeconds()).isEqualTo(10);
        assertThat(load().feeder().leased()).isTrue();
        assertThat(load("FEEDER_LEASE_SECONDS", "30").feeder().leaseSeconds()).isEqualTo(30);
        assertThat(load("FEEDER_LEASE_SECONDS", "off").feeder().leased()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "301", "ten", "-5"})
    void feederLeaseOutsideThreeToThreeHundredIsAnErrorNamingKeyAndValue(String raw) {
        assertThat(problem("FEEDER_LEASE_SECONDS", raw)).startsWith("FEEDER_LEASE_SECONDS='" + raw + "' (command line): ")
                .endsWith("allowed: " + ConfigKey.FEEDER_LEASE_SECONDS.allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "a b", "desk*", "x{y}", "ä"})
    void feederGroupThatIsNotASafeKeySegmentIsAnErrorNamingKeyAndValue(String raw) {
        assertThat(problem("FEEDER_GROUP", raw))
                .isEqualTo("FEEDER_GROUP='" + raw + "' (command line): not a safe key segment; allowed: "
                        + ConfigKey.FEEDER_GROUP.allowed());
    }

    @Test
    void feederGroupLongerThan64IsAnError() {
        assertThat(problem("FEEDER_GROUP", "g".repeat(65))).startsWith("FEEDER_GROUP='" + "g".repeat(65) + "'")
                .contains("not a safe key segment");
    }

    @Test
    void feederIdThatIsNotASafeKeySegmentIsAnError() {
        assertThat(problem("FEEDER_ID", "me:you")).startsWith("FEEDER_ID='me:you' (command line): not a safe key segment");
    }

    @Test
    void aFeederKeyTypoIsANearMiss() {
        assertThat(problem("FEEDER_GRUOP", "x"))
                .isEqualTo("FEEDER_GRUOP (command line) is not a known key; did you mean FEEDER_GROUP?");
    }
}
