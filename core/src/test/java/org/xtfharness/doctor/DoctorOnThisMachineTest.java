package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.host.Hosts;
import org.xtfharness.testing.StandInXenconsoled;

/**
 * The doctor against the real {@code /proc} of the machine the tests run on, where files report
 * size 0, as on every dom0: the fixture trees are made of regular files and cannot show that.
 */
class DoctorOnThisMachineTest {

    @Test
    void findsGuestLoggingOnInTheRealProcCmdlineOfARunningXenconsoled(@TempDir Path dir) throws Exception {
        Path logDir = Files.createDirectory(dir.resolve("console"));
        try (StandInXenconsoled daemon =
                StandInXenconsoled.start(dir, "--log=guest", "--log-dir=" + logDir, "--timestamp=all")) {

            DoctorReport r = Doctor.inspect(
                    Hosts.local(),
                    DoctorOptions.builder()
                            .xlCommand(List.of("false"))
                            .minFreeKib(1)
                            .build());

            assertThat(r.find("GUEST_LOGGING")).as(r.toHuman()).isPresent();
            assertThat(r.find("GUEST_LOGGING_OFF")).as(r.toHuman()).isEmpty();
            assertThat(r.find("XENCONSOLED_RUNNING").orElseThrow().message()).contains("--log=guest");
            assertThat(r.find("LOG_DIR").orElseThrow().message()).startsWith(logDir + " exists");
        }
    }
}
