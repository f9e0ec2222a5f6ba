package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.testing.StandInXenconsoled;

/** {@code doctor} on this machine, against its real {@code /proc}, with a stand-in xenconsoled whose log directory is known. */
class DoctorCommandTest {

    @TempDir
    Path dir;

    private Path written;
    private StandInXenconsoled daemon;

    @BeforeEach
    void startXenconsoled() throws Exception {
        written = Files.createDirectory(dir.resolve("written"));
        daemon = StandInXenconsoled.start(dir, "--log=guest", "--log-dir=" + written, "--timestamp=all");
    }

    @AfterEach
    void stopXenconsoled() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void checksTheLogDirectoryGivenWithLogDirAgainstTheOneXenconsoledWrites() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));

        Captured wrong =
                capture(() -> Main.execute("doctor", "--xl", "false", "--log-dir", elsewhere.toString(), "--json"));
        Captured right =
                capture(() -> Main.execute("doctor", "--xl", "false", "--log-dir", written.toString(), "--json"));

        assertThat(wrong.out()).contains("\"code\" : \"LOG_DIR_MISMATCH\"").contains("reads them from " + elsewhere);
        assertThat(right.out()).contains("\"code\" : \"GUEST_LOGGING\"").doesNotContain("LOG_DIR_MISMATCH");
    }

    @Test
    void warnsWhenLogPatternNamesFilesXenconsoledDoesNotWrite() {
        Captured c = capture(() -> Main.execute(
                "doctor", "--xl", "false", "--log-dir", written.toString(), "--log-pattern", "console-%s.txt"));

        assertThat(c.out()).contains("LOG_PATTERN_UNUSUAL").contains("looks for console-<name>.txt (--log-pattern)");
    }
}
