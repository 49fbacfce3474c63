package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The words a console shows about leadership and assignment differences, and the reset command's shape. */
class LeadershipTextTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void aLeaderWithAStandbyIsDescribedWithItsStartAndWhatTheStandbyWaitsFor() {
        Map<String, Object> data = Map.of("lease", Map.of("role", "leader", "since", "2026-12-04T19:20:01.250Z"));
        String standby = LeadershipText.standby("{\"id\":\"feeder-b\",\"host\":\"srv2\",\"version\":\"0.1.0\","
                + "\"role\":\"standby\",\"leader\":\"feeder-a\",\"lease_expires_in\":2.3}");
        assertThat(standby).isEqualTo("standby feeder-b: lease held by feeder-a, 3 s to expiry");
        assertThat(LeadershipText.describe(data, List.of(standby), UTC))
                .isEqualTo("leader since 19:20:01 · standby feeder-b: lease held by feeder-a, 3 s to expiry");
        assertThat(LeadershipText.describe(data, List.of(), UTC)).isEqualTo("leader since 19:20:01 · no standby");
    }

    @Test
    void aFeederWithoutALeaseSaysNothingAndAStandbyWithoutALeaderSaysItTakesIt() {
        assertThat(LeadershipText.describe(Map.of("redis", Map.of()), List.of(), UTC)).isEmpty();
        assertThat(LeadershipText.standby("{\"id\":\"feeder-b\",\"leader\":null,\"lease_expires_in\":-1}"))
                .isEqualTo("standby feeder-b: no lease held, taking it");
        assertThat(LeadershipText.standby("not json")).isEqualTo("standby (unreadable)");
    }

    @Test
    void differencesFromTheConfigurationAreCountedAndNamed() {
        Map<String, String> configured = Map.of("AAPL", "connection_1", "MSFT", "connection_1", "JPM", "connection_2");
        Map<String, String> current = Map.of("AAPL", "connection_2", "MSFT", "connection_1", "NEWT", "connection_2");
        Map<String, Object> section = DesiredAssignment.differences(configured, current);
        assertThat(section).containsEntry("differs_from_configuration", true).containsEntry("added", List.of("NEWT"))
                .containsEntry("removed", List.of("JPM")).containsEntry("moved", List.of("AAPL connection_1 -> connection_2"));
        assertThat(DesiredAssignment.describe(section)).isEqualTo("assignment differs from the configuration: 1 added"
                + " (NEWT), 1 removed (JPM), 1 moved (AAPL connection_1 -> connection_2)");
        assertThat(DesiredAssignment.describe(DesiredAssignment.differences(configured, configured))).isNull();
    }

    @Test
    void resetAssignmentIsACommandWithoutArguments() {
        assertThat(AttachCommand.parse("reset-assignment")).isEqualTo(AttachCommand.RESET_ASSIGNMENT);
        assertThatThrownBy(() -> AttachCommand.parse("reset-assignment AAPL"))
                .hasMessageContaining("reset-assignment takes no arguments, not 'AAPL'");
    }
}
