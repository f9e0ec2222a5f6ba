package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.host.Hosts;

/**
 * The doctor against the real {@code /proc} of the machine the tests run on, where files report
 * size 0, as on every dom0: the fixture trees are made of regular files and cannot show that.
 */
class DoctorOnThisMachineTest {

    @Test
    void findsGuestLoggingOnInTheRealProcCmdlineOfARunningXenconsoled(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/cmdline")), "needs a Linux /proc");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to stand in for xenconsoled");
        // A copy of sh named xenconsoled: its comm is "xenconsoled", and unlike sleep it accepts
        // xenconsoled's options (as $0 and $1 of the -c script) and keeps running with them.
        Path daemon = Files.copy(Path.of("/bin/sh"), dir.resolve("xenconsoled"), StandardCopyOption.COPY_ATTRIBUTES);
        Path logDir = Files.createDirectory(dir.resolve("console"));
        Process p = new ProcessBuilder(daemon.toString(), "-c", "sleep 600; exit 0", "--log=guest",
                "--log-dir=" + logDir, "--timestamp=all").start();
        try {
            awaitComm(p, "xenconsoled");

            DoctorReport r = Doctor.inspect(Hosts.local(), DoctorOptions.builder().xlCommand(List.of("false")).build());

            assertThat(r.find("GUEST_LOGGING")).as(r.toHuman()).isPresent();
            assertThat(r.find("GUEST_LOGGING_OFF")).as(r.toHuman()).isEmpty();
            assertThat(r.find("XENCONSOLED_RUNNING").orElseThrow().message()).contains("--log=guest");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
    }

    private static void awaitComm(Process p, String name) throws Exception {
        Path comm = Path.of("/proc/" + p.pid() + "/comm");
        for (int i = 0; i < 500 && !(Files.exists(comm) && Files.readString(comm).strip().equals(name)); i++) {
            Thread.sleep(10);
        }
    }
}
