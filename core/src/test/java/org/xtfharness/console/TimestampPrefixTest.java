package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TimestampPrefixTest {

    @Test
    void stripsXenconsoledTimestamp() {
        assertThat(TimestampPrefix.strip("[2024-03-01 12:34:56] Test result: SUCCESS"))
                .isEqualTo("Test result: SUCCESS");
        assertThat(TimestampPrefix.strip("[2024-03-01 12:34:56] ")).isEmpty();
    }

    @Test
    void leavesLinesWithoutTimestampAlone() {
        assertThat(TimestampPrefix.strip("Test result: SUCCESS")).isEqualTo("Test result: SUCCESS");
        assertThat(TimestampPrefix.strip("")).isEmpty();
        assertThat(TimestampPrefix.strip("[2024-03-01 12:34:56]")).isEqualTo("[2024-03-01 12:34:56]");
    }

    @Test
    void recognisesOnlyTheExactShape() {
        assertThat(TimestampPrefix.hasPrefix("[2024-03-01 12:34:56] x")).isTrue();
        assertThat(TimestampPrefix.hasPrefix("[2024-03-0a 12:34:56] x")).isFalse();
        assertThat(TimestampPrefix.hasPrefix("[2024/03/01 12:34:56] x")).isFalse();
        assertThat(TimestampPrefix.hasPrefix("[2024-03-01T12:34:56] x")).isFalse();
        assertThat(TimestampPrefix.hasPrefix("[2024-03-01 12:34:56]x")).isFalse();
        assertThat(TimestampPrefix.hasPrefix(" [2024-03-01 12:34:56] x")).isFalse();
        assertThat(TimestampPrefix.hasPrefix("[24-03-01 12:34:56] xxx")).isFalse();
        assertThat(TimestampPrefix.hasPrefix(null)).isFalse();
    }

    @Test
    void recognisesPrefixInBytes() {
        byte[] b = "xx[2024-03-01 12:34:56] y".getBytes(StandardCharsets.US_ASCII);
        assertThat(TimestampPrefix.isPrefixAt(b, 2)).isTrue();
        assertThat(TimestampPrefix.isPrefixAt(b, 0)).isFalse();
        assertThat(TimestampPrefix.isPrefixAt(b, -1)).isFalse();
        assertThat(TimestampPrefix.isPrefixAt(b, 5)).isFalse();
    }

    @Test
    void recognisesLogfileOpenedMarker() {
        assertThat(TimestampPrefix.isLogfileOpened("[2024-03-01 12:34:56] Logfile Opened"))
                .isTrue();
        assertThat(TimestampPrefix.isLogfileOpened("[2024-03-01 12:34:56] Logfile Opened  "))
                .isTrue();
    }

    @Test
    void guestTextIsNotTheMarker() {
        assertThat(TimestampPrefix.isLogfileOpened("Logfile Opened")).isFalse();
        assertThat(TimestampPrefix.isLogfileOpened("[2024-03-01 12:34:56] Logfile Opened again"))
                .isFalse();
        assertThat(TimestampPrefix.isLogfileOpened("[2024-03-01 12:34:56] said Logfile Opened"))
                .isFalse();
        assertThat(TimestampPrefix.isLogfileOpened(null)).isFalse();
    }
}
