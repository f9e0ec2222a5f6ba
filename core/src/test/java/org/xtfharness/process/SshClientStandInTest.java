package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.Fixtures;
import org.xtfharness.testing.ManualTime;

/**
 * The ssh runner against a stand-in ssh client (a shell script): the retry of a multiplexed session
 * that failed without a word (ssh exit 255, nothing printed), and a client whose output outlives it.
 */
class SshClientStandInTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private Path calls;

    @BeforeEach
    void needsPosixShell() {
        Fixtures.require(Files.isExecutable(Path.of("/bin/sh")), "the stand-in ssh client is a /bin/sh script");
        calls = dir.resolve("calls");
    }

    private SshCommandRunner runnerFailingSilently(int times) throws Exception {
        return runner(
                "echo x >> '" + calls + "'",
                "[ \"$(wc -l < '" + calls + "')\" -le " + times + " ] && exit 255",
                "echo ran");
    }

    /** A runner whose ssh client is a /bin/sh script of these lines; it ignores its arguments. */
    private SshCommandRunner runner(String... script) throws Exception {
        Path ssh = dir.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\n" + String.join("\n", script) + "\n", StandardCharsets.UTF_8);
        assertThat(ssh.toFile().setExecutable(true)).isTrue();
        SshOptions options = new SshOptions(
                ssh.toString(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Optional.empty());
        return new SshCommandRunner("xenhost", Optional.empty(), OptionalInt.empty(), options, time);
    }

    private long callCount() throws Exception {
        return Files.readAllLines(calls).size();
    }

    @Test
    void retriesASilentExit255WithGrowingPausesUntilTheSessionOpens() throws Exception {
        try (SshCommandRunner ssh = runnerFailingSilently(2)) {
            CommandResult r = ssh.run(Command.of("xl", "list"));

            assertThat(r.succeeded()).as(r.describeFailure()).isTrue();
            assertThat(r.stdoutText()).isEqualTo("ran\n");
            assertThat(r.command()).isEqualTo(Command.of("xl", "list"));
            assertThat(callCount()).isEqualTo(3);
            assertThat(time.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        }
    }

    @Test
    void givesUpAfterThreeRetriesWithAnInfrastructureError() throws Exception {
        try (SshCommandRunner ssh = runnerFailingSilently(100)) {
            assertThatThrownBy(() -> ssh.run(Command.of("xl", "list")))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("ssh exit 255")
                    .hasMessageContaining("`xl list`")
                    .hasMessageContaining("(ssh printed nothing)");
            assertThat(callCount()).isEqualTo(4);
        }
    }

    @Test
    void aClientWhoseOutputOutlivesItIsAResultNotAFailureToRunTheClient() throws Exception {
        // As a control master holding a session's pipes would: the client has ended, its output has not.
        try (SshCommandRunner ssh = runner("sleep 20 &", "echo ran", "sleep 0.3", "exit 3")) {
            CommandResult r = ssh.run(Command.of("xl", "list"));

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("ran\n");
            assertThat(r.timedOut()).isFalse();
        }
    }

    @Test
    void aClientFloodingItsOutputIsCappedAndSaysSo() throws Exception {
        try (SshCommandRunner ssh =
                runner("head -c " + (LocalCommandRunner.DEFAULT_MAX_STDOUT_BYTES + 1000) + " /dev/zero")) {
            CommandResult r = ssh.run(Command.of("xl", "dmesg"));

            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).hasSize((int) LocalCommandRunner.DEFAULT_MAX_STDOUT_BYTES);
            assertThat(r.stderr())
                    .contains("stdout truncated at " + LocalCommandRunner.DEFAULT_MAX_STDOUT_BYTES
                            + " bytes, 1000 more bytes dropped");
        }
    }
}
