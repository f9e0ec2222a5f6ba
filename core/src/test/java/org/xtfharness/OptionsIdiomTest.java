package org.xtfharness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.console.ConsoleType;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.console.LogCaptureOptions;
import org.xtfharness.process.SshOptions;
import org.xtfharness.run.RunOptions;
import org.xtfharness.sim.SimulatedFaults;
import org.xtfharness.sim.SimulationOptions;
import org.xtfharness.testing.ManualTime;

/**
 * The options idiom: each options type is a record validated in its compact constructor, made by a
 * builder, and {@code toBuilder()} carries every component, so a copy with one knob changed keeps
 * all the others. Each case sets every component away from its default, so a component that
 * {@code toBuilder()} forgets shows up as a difference.
 */
class OptionsIdiomTest {

    private final ManualTime time = new ManualTime();

    @Test
    void toBuilderCarriesEveryComponentOfOptionsSetAwayFromTheirDefaults() {
        List<Record> all = List.of(
                RunOptions.builder()
                        .jobs(3)
                        .timeoutScale(2.5)
                        .attachDeadline(Duration.ofSeconds(3))
                        .captureEvidence(false)
                        .excerptLines(7)
                        .hypervisorLogLines(9)
                        .abortGrace(Duration.ofSeconds(4))
                        .host("root@dom0")
                        .build(),
                SshOptions.builder()
                        .sshProgram("/usr/local/bin/ssh")
                        .identityFile(Path.of("/k"))
                        .configFile(Path.of("/c"))
                        .option("BatchMode=yes")
                        .option("LogLevel=ERROR")
                        .connectTimeout(Duration.ofSeconds(3))
                        .controlPersist(Duration.ofSeconds(7))
                        .passwordFile(Path.of("/p"))
                        .build(),
                LiveConsoleOptions.builder("/usr/lib/xen/bin/xenconsole")
                        .xenstoreRead(List.of("sudo", "xenstore-read"))
                        .type(ConsoleType.SERIAL)
                        .handshake(LiveConsoleOptions.Handshake.TTY_HELD)
                        .quietPeriod(Duration.ofMillis(300))
                        .drainLimit(Duration.ofSeconds(6))
                        .maxBytes(1000)
                        .clientLifetime(Duration.ofHours(1))
                        .time(time)
                        .build(),
                LogCaptureOptions.builder()
                        .maxBytes(1000)
                        .settle(Duration.ofMillis(70), Duration.ofSeconds(3))
                        .time(time)
                        .build(),
                SimulationOptions.builder()
                        .timestamps(false)
                        .timeScale(0)
                        .time(time)
                        .faults(SimulatedFaults.none().withCreateFailing("test-pv64-example"))
                        .guestLogging(false)
                        .build());
        for (Record o : all) {
            assertThat(rebuilt(o)).as(o.getClass().getSimpleName()).isEqualTo(o);
        }
        assertThat(rebuilt(RunOptions.defaults())).isEqualTo(RunOptions.defaults());
        assertThat(rebuilt(SshOptions.defaults())).isEqualTo(SshOptions.defaults());
    }

    @Test
    void aBuilderValidatesThroughTheRecordSoABadKnobIsRefusedWhereItIsBuilt() {
        assertThatThrownBy(() -> RunOptions.builder().jobs(0).build()).hasMessageContaining("jobs must be 1 to 256");
        assertThatThrownBy(() -> SshOptions.builder().option("=no-name").build())
                .hasMessageContaining("Name=value");
        assertThatThrownBy(() -> LogCaptureOptions.builder().maxBytes(0).build())
                .hasMessageContaining("maxBytes");
    }

    private static Record rebuilt(Record o) {
        if (o instanceof RunOptions r) {
            return r.toBuilder().build();
        } else if (o instanceof SshOptions s) {
            return s.toBuilder().build();
        } else if (o instanceof LiveConsoleOptions l) {
            return l.toBuilder().build();
        } else if (o instanceof LogCaptureOptions c) {
            return c.toBuilder().build();
        } else if (o instanceof SimulationOptions s) {
            return s.toBuilder().build();
        }
        throw new IllegalArgumentException("no case for " + o.getClass());
    }
}
