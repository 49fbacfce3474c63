package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REDIS_URL is checked by the same parser as the republisher uses, with every credential masked. */
class RedisUrlValidationTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://localhost:99999",
            "redis://localhost:",
            "redis://localhost:6379?timeout=5",
            "redis://localhost:6379/99999999999",
            "redis://localhost:6379/-1",
            "redis://user@localhost:6379"})
    void aBadRedisUrlIsFoundAtValidationWithTheOtherProblems(String url) {
        ConfigException e = ConfigFixture.failure(dir, minimal("REDIS_URL", url, "USE_MULTI_CONNECTION", "maybe"));
        List<ConfigProblem> problems = e.problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder("REDIS_URL", "USE_MULTI_CONNECTION");
        String message = problems.stream().filter(p -> p.key().equals("REDIS_URL")).findFirst().orElseThrow().message();
        assertThat(message).startsWith("REDIS_URL='");
    }

    @Test
    void eachBadPartIsNamed() {
        assertThat(problem("redis://localhost:99999")).contains("port 99999; a port is 1..65535");
        assertThat(problem("redis://localhost:")).contains("empty port");
        assertThat(problem("redis://localhost:6379?timeout=5")).contains("unknown parameter 'timeout'");
        assertThat(problem("redis://localhost/99999999999")).contains("database");
        assertThat(problem("redis://user@localhost")).contains("user info without ':'")
                .contains("put ':password@' before the host")
                .contains("allowed: empty (republishing off) or redis://host[:port][/db] or rediss://")
                .doesNotContain("****@]");
    }

    @Test
    void aPasswordAsAQueryParameterIsNeverEchoed() {
        String url = "redis://localhost:6379?password=hunter22secret";
        String message = problem(url);
        assertThat(message).contains("unknown parameter 'password'").doesNotContain("hunter22secret");
        assertThatThrownBy(() -> RedisUrl.parse(url)).hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter22secret");
        assertThat(RedisUrl.mask(url)).isEqualTo("redis://localhost:6379?password=***");
        assertThat(Secrets.redactUri(url)).doesNotContain("hunter22secret");
        assertThat(Secrets.redactUrisIn("failed: " + url + " refused")).doesNotContain("hunter22secret");
    }

    @Test
    void aPasswordHoldingAnAtSignIsMaskedWhole() {
        String url = "redis://:se@cretpass@host";
        RedisUrl parsed = RedisUrl.parse(url);
        assertThat(parsed.password()).isEqualTo("se@cretpass");
        assertThat(parsed.host()).isEqualTo("host");
        assertThat(parsed.masked()).isEqualTo("redis://:***@host:6379/0");
        for (String shown : List.of(RedisUrl.mask(url), Secrets.redactUri(url), Secrets.redactUrisIn("at " + url + " ok"),
                new RedisSettings(true, url, "c", RedisSettings.Format.PER_TICK, RedisSettings.Mode.PUBSUB, 1000).toString())) {
            assertThat(shown).doesNotContain("cretpass").doesNotContain("se@");
        }
        String bad = "redis://:se@cretpass@host:99999";
        assertThat(problem(bad)).doesNotContain("cretpass").contains("port 99999");
        assertThatThrownBy(() -> RedisUrl.parse(bad)).hasMessageNotContaining("cretpass");
    }

    @Test
    void aPasswordWhoseHostIsMissingIsNotEchoedAsABadPort() {
        String url = "redis://ops:hunter22secret";
        assertThat(problem(url)).contains("bad port").contains("redis://ops:***").doesNotContain("hunter22secret");
        assertThatThrownBy(() -> RedisUrl.parse(url)).hasMessageNotContaining("hunter22secret");
        assertThat(RedisUrl.mask(url + "/0")).isEqualTo("redis://ops:***");
        assertThat(Secrets.redactUri("redis://ops:hunter22/secret?x=1")).isEqualTo("redis://ops:***");
        // What is no secret is still shown: a numeric port, an IPv6 host, a bad port after the user information.
        assertThat(RedisUrl.mask("redis://cache:6379/0")).isEqualTo("redis://cache:6379/0");
        assertThat(RedisUrl.mask("redis://[::1]/0")).isEqualTo("redis://[::1]/0");
        assertThat(problem("redis://:hunter22secret@localhost:63x9")).contains("bad port: '63x9'")
                .doesNotContain("hunter22secret");
    }

    @Test
    void passwordsWithSlashesOrHashesStayMaskedInErrors() {
        for (String url : List.of("redis://:zq/xv@host:0", "redis://:zq#xv@host:0", "redis://u:zq?xv@host:0")) {
            assertThatThrownBy(() -> RedisUrl.parse(url)).hasMessageContaining("port 0")
                    .hasMessageNotContaining("zq").hasMessageNotContaining("xv");
            assertThat(RedisUrl.mask(url)).doesNotContain("zq").doesNotContain("xv");
        }
        assertThat(RedisUrl.parse("redis://u:zq?xv@host").password()).isEqualTo("zq?xv");
    }

    @Test
    void aGoodUrlParsesAsTheRepublisherWillUseIt() {
        RedisUrl url = RedisUrl.parse("rediss://ticker:p%40ss@cache.example.com:6380/2?verifyPeer=ca");
        assertThat(url).isEqualTo(new RedisUrl(true, "cache.example.com", 6380, 2, "ticker", "p@ss", "ca"));
        assertThat(ConfigFixture.load(dir, minimal("REDIS_URL", "redis://localhost:6379/3")).redis().url())
                .isEqualTo("redis://localhost:6379/3");
    }

    @Test
    void drainRateAndOverflowAreValidatedByName() {
        RedisSettings defaults = ConfigFixture.load(dir, minimal("REDIS_URL", "redis://localhost")).redis();
        assertThat(defaults.overflow()).isEqualTo(RedisSettings.Overflow.DROP_OLDEST);
        assertThat(defaults.drainRate()).isEqualTo(RedisSettings.DEFAULT_DRAIN_RATE);
        assertThat(ConfigFixture.load(dir, minimal("REDIS_BUFFER_OVERFLOW", "drop-newest", "REDIS_DRAIN_RATE", "5000"))
                .redis()).extracting(RedisSettings::overflow, RedisSettings::drainRate)
                .containsExactly(RedisSettings.Overflow.DROP_NEWEST, 5000);
        ConfigException e = ConfigFixture.failure(dir, minimal("REDIS_BUFFER_OVERFLOW", "drop-middle",
                "REDIS_DRAIN_RATE", "fast"));
        assertThat(e.problems()).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m)
                .startsWith("REDIS_BUFFER_OVERFLOW='drop-middle'").contains("drop-oldest|drop-newest"))
                .anySatisfy(m -> assertThat(m).startsWith("REDIS_DRAIN_RATE='fast'").contains("not an integer"));
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_DRAIN_RATE", "10")).problems().get(0).message())
                .startsWith("REDIS_DRAIN_RATE='10'").contains("out of range");
    }

    private String problem(String url) {
        ConfigException e = ConfigFixture.failure(dir, minimal("REDIS_URL", url));
        assertThat(e.problems()).hasSize(1);
        String message = e.problems().get(0).message();
        assertThat(message).startsWith("REDIS_URL='");
        return message;
    }
}
