package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.republish.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attached feed's operator commands on a real redis-server with a feeder speaking the contract: an operator's
 * command is answered by the feeder, a viewer's Redis user is found read-only without writing anything, and its
 * commands are refused with the reason in words, never sent.
 */
class AttachedConsoleFeedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anOperatorsCommandIsAnsweredAndAViewerIsToldItMayNotSendAny() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             FakeFeeder feeder = new FakeFeeder(redis.url(), "desk", "feeder-a")) {
            redis.command("ACL", "SETUSER", "viewer", "on", ">viewer-pw", "~*", "&*", "+@all", "-xadd");
            String viewerUrl = redis.url().replace("redis://", "redis://viewer:viewer-pw@");

            try (AttachedConsoleFeed operator = new AttachedConsoleFeed(RedisUrl.parse(redis.url()), "desk", "ops",
                    "desk-pc")) {
                operator.start();
                await().atMost(WAIT).until(() -> operator.view().state().attached());
                assertThat(operator.subscribe(List.of("NEWT"))).isEqualTo("feeder feeder-a: subscribe NEWT done");
                assertThat(operator.commandsRefused()).isEmpty();
            }
            assertThat(feeder.received).singleElement().satisfies(c -> assertThat(c)
                    .containsEntry("command", "subscribe").containsEntry("user", "ops").containsEntry("host", "desk-pc"));

            try (AttachedConsoleFeed viewer = new AttachedConsoleFeed(RedisUrl.parse(viewerUrl), "desk", "guest",
                    "kiosk")) {
                viewer.start();
                await().atMost(WAIT).until(() -> !viewer.commandsRefused().isEmpty());
                assertThat(viewer.commandsRefused()).isEqualTo("this Redis user may not send commands (ACL)");
                assertThatThrownBy(() -> viewer.subscribe(List.of("IBM"))).isInstanceOf(IllegalStateException.class)
                        .hasMessage("this Redis user may not send commands (ACL)");
            }
            assertThat(feeder.received).hasSize(1);
        }
    }
}
