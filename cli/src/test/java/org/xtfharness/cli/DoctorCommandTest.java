package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xtfharness.cli.Captured.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on this machine, against its real {@code /proc}, with a stand-in xenconsoled
 * (a copy of sh, so its comm is "xenconsoled") whose log directory is known.
 */
class DoctorCommandTest {

    @TempDir
    Path dir;

    private Path written;
    private Process daemon;

    @BeforeEach
    void startXenconsoled() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/cmdline")), "needs a Linux /proc");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to stand in for xenconsoled");
        Path program = Files.copy(Path.of("/bin/sh"), dir.resolve("xenconsoled"), StandardCopyOption.COPY_ATTRIBUTES);
        written = Files.createDirectory(dir.resolve("written"));
        daemon = new ProcessBuilder(program.toString(), "-c", "sleep 600; exit 0", "--log=guest",
                "--log-dir=" + written, "--timestamp=all").start();
        Path comm = Path.of("/proc/" + daemon.pid() + "/comm");
        for (int i = 0; i < 500 && !(Files.exists(comm) && Files.readString(comm).strip().equals("xenconsoled")); i++) {
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stopXenconsoled() throws Exception {
        if (daemon != null) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly().waitFor();
        }
    }

    @Test
    void checksTheLogDirectoryGivenWithLogDirAgainstTheOneXenconsoledWrites() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));

        Captured wrong = capture(() -> Main.execute("doctor", "--xl", "false", "--log-dir", elsewhere.toString(), "--json"));
        Captured right = capture(() -> Main.execute("doctor", "--xl", "false", "--log-dir", written.toString(), "--json"));

        assertThat(wrong.out()).contains("\"code\" : \"LOG_DIR_MISMATCH\"").contains("reads them from " + elsewhere);
        assertThat(right.out()).contains("\"code\" : \"GUEST_LOGGING\"").doesNotContain("LOG_DIR_MISMATCH");
    }

    @Test
    void warnsWhenLogPatternNamesFilesXenconsoledDoesNotWrite() {
        Captured c = capture(() -> Main.execute("doctor", "--xl", "false", "--log-dir", written.toString(),
                "--log-pattern", "console-%s.txt"));

        assertThat(c.out()).contains("LOG_PATTERN_UNUSUAL").contains("looks for console-<name>.txt (--log-pattern)");
    }
}
