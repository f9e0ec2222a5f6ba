package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.LoopbackSshd;

/** A host that takes only a password (as XenRT reaches its hosts) through {@link SshOptions#withPasswordFile}. */
class SshPasswordFileTest {

    @RegisterExtension
    static final LoopbackSshd sshd = LoopbackSshd.withPasswordUser();

    @TempDir
    Path tmp;

    /** No key of ours, no config file, a host key never seen before: only the password can get in. */
    private static SshOptions passwordOnly() {
        return SshOptions.builder()
                .configFile(Path.of("/dev/null"))
                .option("PubkeyAuthentication=no")
                .option("StrictHostKeyChecking=no")
                .option("UserKnownHostsFile=/dev/null")
                .option("LogLevel=ERROR")
                .build();
    }

    private static SshCommandRunner runner(SshOptions options) {
        return new SshCommandRunner(
                "127.0.0.1", Optional.of(sshd.passwordUser()), OptionalInt.of(sshd.port()), options);
    }

    private static final Command WHOAMI = new Command(List.of("id", "-un"), Duration.ofSeconds(30));

    @Test
    void authenticatesWithThePasswordFromTheFile() throws Exception {
        Path file = tmp.resolve("password");
        Files.writeString(file, sshd.password() + "\n");
        try (SshCommandRunner r =
                runner(passwordOnly().toBuilder().passwordFile(file).build())) {
            CommandResult result = r.run(WHOAMI);
            assertThat(result.exitCode()).as(sshd.log()).isZero();
            assertThat(result.stdoutText().strip()).isEqualTo(sshd.passwordUser());
        }
    }

    @Test
    void aWrongPasswordIsAConnectionFailureNotAHang() throws Exception {
        Path file = tmp.resolve("password");
        Files.writeString(file, "not-" + sshd.password());
        try (SshCommandRunner r =
                runner(passwordOnly().toBuilder().passwordFile(file).build())) {
            assertThatThrownBy(() -> r.run(WHOAMI))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("ssh exit 255");
        }
    }

    @Test
    void withoutThePasswordFileBatchModeRefusesToAsk() {
        try (SshCommandRunner r = runner(passwordOnly())) {
            assertThatThrownBy(() -> r.run(WHOAMI))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("Permission denied");
        }
    }

    @Test
    void thePasswordIsNeverOnACommandLine() throws Exception {
        Path file = tmp.resolve("password");
        Files.writeString(file, sshd.password());
        try (SshCommandRunner r =
                runner(passwordOnly().toBuilder().passwordFile(file).build())) {
            RunningCommand running = r.start(new Command(List.of("sleep", "30"), Duration.ofSeconds(60)));
            try {
                // Every process of ours, ssh and its control master included.
                List<String> commandLines = ProcessHandle.allProcesses()
                        .map(p -> p.info().commandLine().orElse(""))
                        .filter(c -> c.contains("127.0.0.1"))
                        .toList();
                assertThat(commandLines).isNotEmpty();
                assertThat(commandLines).noneMatch(c -> c.contains(sshd.password()));
            } finally {
                running.destroy();
            }
        }
    }
}
