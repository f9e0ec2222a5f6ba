package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.CommandHostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
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

        DoctorReport r = Doctor.inspect(
                host,
                DoctorOptions.builder()
                        .root(root.toString())
                        .xlCommand(List.of("false"))
                        .minFreeKib(1)
                        .build());

        assertThat(codes(r, Severity.ERROR)).containsExactly("XENCONSOLED_NOT_RUNNING", "XL_INFO_FAILED");
        assertThat(codes(r, Severity.WARNING)).containsExactly("CONFIG_FILE_MISSING", "XENCONSOLE_MISSING");
        assertThat(r.find("XENCONSOLED_NOT_RUNNING").orElseThrow().remedy())
                .isEqualTo("run `/etc/init.d/xencommons start`");
        assertThat(r.find("LOG_DIR")).isPresent();
    }

    @Test
    void aRunAsksXlInfoOnceForTheDoctorAndTheHostFilter() {
        CountingRunner runner = new CountingRunner();
        XenHost counted = new XenHost(runner, new CommandHostFiles(runner));
        DoctorOptions o = optionsFor("debian-osstest").build();
        DomainController xl = DomainControllers.xl(
                runner, XlOptions.builder().xlCommand(o.xlCommand()).build());

        DoctorReport r = Doctor.inspect(counted, o, xl);
        HostFilter.of(xl.capabilities());

        assertThat(r.find("XEN_VERSION").orElseThrow().message()).contains("Xen 4.17.4-pre");
        assertThat(runner.xlInfoCalls).isEqualTo(1);
    }

    /** Counts the {@code xl info} commands it runs. */
    private static final class CountingRunner implements CommandRunner {
        private final TestLocalCommandRunner local = new TestLocalCommandRunner();
        int xlInfoCalls;

        @Override
        public CommandResult run(Command command) {
            List<String> argv = command.argv();
            if (argv.get(argv.size() - 1).equals("info") && argv.stream().anyMatch(a -> a.endsWith("/xl"))) {
                xlInfoCalls++;
            }
            return local.run(command);
        }
    }
}
