package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.host.CommandHostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.TestLocalCommandRunner;

class DoctorLocalTest extends DoctorFixtureContract {

    private final XenHost host;

    DoctorLocalTest() {
        TestLocalCommandRunner runner = new TestLocalCommandRunner();
        host = new XenHost(runner, new CommandHostFiles(runner));
    }

    @Override
    XenHost host() {
        return host;
    }

    @Test
    void aHostWithoutXenconsoledOrConfigCannotCapture(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("proc/1/comm"), "init\n");
        Files.createDirectories(root.resolve("var/log/xen/console"));

        DoctorReport r = Doctor.inspect(host, DoctorOptions.builder().root(root.toString())
                .xlCommand(java.util.List.of("false")).minFreeKib(1).build());

        assertThat(codes(r, Severity.ERROR)).containsExactly("XENCONSOLED_NOT_RUNNING", "XL_INFO_FAILED");
        assertThat(codes(r, Severity.WARNING)).containsExactly("CONFIG_FILE_MISSING", "XENCONSOLE_MISSING");
        assertThat(r.find("XENCONSOLED_NOT_RUNNING").orElseThrow().remedy()).isEqualTo("run `/etc/init.d/xencommons start`");
        assertThat(r.find("LOG_DIR")).isPresent();
    }
}
