package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.HostTarget;
import org.xtfharness.testing.LoopbackSshd;

class SshCommandRunnerTest {

    @RegisterExtension
    static final LoopbackSshd sshd = new LoopbackSshd();

    @TempDir
    Path tmp;

    private static SshCommandRunner aliasRunner() {
        return new SshCommandRunner(LoopbackSshd.ALIAS, Optional.empty(), OptionalInt.empty(), sshd.sshOptions());
    }

    @Test
    void everyArgumentArrivesIntactAsOneArgumentAndNothingInItRuns() throws Exception {
        Path victim = tmp.resolve("pwned-" + UUID.randomUUID());
        List<String> nasty = List.of(
                "two words",
                "it's",
                "\"double\"",
                "$HOME",
                "${HOME}",
                "; touch " + victim,
                "$(touch " + victim + ")",
                "`touch " + victim + "`",
                "line1\nline2",
                "tab\there",
                "",
                "*",
                "back\\slash",
                "'; touch " + victim + "; '",
                "&& touch " + victim,
                "| touch " + victim,
                "> " + victim,
                "-n",
                "\u00e9t\u00e9 \u2603");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(nasty);
        try (SshCommandRunner ssh = aliasRunner()) {
            CommandResult r = ssh.run(new Command(argv, Duration.ofSeconds(30)));

            assertThat(r.succeeded()).as(r.describeFailure()).isTrue();
            String out = new String(r.stdout(), StandardCharsets.UTF_8);
            List<String> received = Arrays.asList(out.split("\0", -1));
            assertThat(received.subList(0, received.size() - 1)).containsExactlyElementsOf(nasty);
        }
        assertThat(victim).doesNotExist();
    }

    @Test
    void aNonZeroExitIsAResultWithItsStderr() {
        try (SshCommandRunner ssh = aliasRunner()) {
            CommandResult r = ssh.run(Command.of("sh", "-c", "echo out; echo oops >&2; exit 3"));

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("out\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.timedOut()).isFalse();
        }
    }

    @Test
    void aRemoteProgramExiting255IsAResultNotAConnectionFailure() {
        try (SshCommandRunner ssh = aliasRunner()) {
            CommandResult r = ssh.run(Command.of("sh", "-c", "echo bye >&2; exit 255"));

            assertThat(r.exitCode()).isEqualTo(255);
            assertThat(r.stderr()).isEqualTo("bye\n");
        }
    }

    @Test
    void aRemoteProgramKilledBySignalExitsWith128PlusTheSignal() {
        try (SshCommandRunner ssh = aliasRunner()) {
            CommandResult r = ssh.run(Command.of("sh", "-c", "kill -9 $$"));

            assertThat(r.exitCode()).isEqualTo(128 + 9);
        }
    }

    @Test
    void commandsShareOneControlMasterThatCloseEnds() {
        SshCommandRunner ssh = aliasRunner();
        try {
            assertThat(ssh.run(Command.of("true")).succeeded()).isTrue();
            assertThat(ssh.controlPath()).exists();
            assertThat(ssh.controlPath().getParent()).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(ssh.run(Command.of("true")).succeeded()).isTrue();
            assertThat(ssh.controlPath()).exists();
        } finally {
            ssh.close();
        }
        assertThat(ssh.controlPath()).doesNotExist();
        assertThat(ssh.controlPath().getParent()).doesNotExist();
    }

    @Test
    void theControlDirectoryIsPrivate() throws Exception {
        try (SshCommandRunner ssh = aliasRunner()) {
            assertThat(Files.getPosixFilePermissions(ssh.controlPath().getParent()))
                    .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aDroppedConnectionIsAnInfrastructureFailureAndTheNextCommandReconnects() throws Exception {
        try (SshCommandRunner ssh = aliasRunner()) {
            assertThat(ssh.run(Command.of("true")).succeeded()).isTrue();

            sshd.stopServer();
            try {
                assertThatThrownBy(() -> ssh.run(Command.of("echo", "hello")))
                        .isInstanceOf(InfrastructureException.class)
                        .hasMessageContaining("ssh exit 255")
                        .hasMessageContaining("ssh://" + LoopbackSshd.ALIAS)
                        .hasMessageContaining("`echo hello`");
            } finally {
                sshd.startServer();
            }

            CommandResult r = ssh.run(Command.of("echo", "back"));
            assertThat(r.stdoutText()).isEqualTo("back\n");
            assertThat(ssh.controlPath()).exists();
        }
    }

    @Test
    void aRefusedConnectionIsAnInfrastructureFailure() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HostTarget t = HostTarget.parse("ssh://127.0.0.1:" + closedPort);
        try (SshCommandRunner ssh =
                new SshCommandRunner(t.host(), t.user(), t.port(), sshd.sshOptionsWithoutConfig())) {
            assertThatThrownBy(() -> ssh.run(Command.of("true")))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void anSshUrlWithUserAndPortReachesTheHostWithoutAnyConfigFile() {
        HostTarget t = sshd.urlTarget();
        try (SshCommandRunner ssh =
                new SshCommandRunner(t.host(), t.user(), t.port(), sshd.sshOptionsWithoutConfig())) {
            CommandResult r = ssh.run(Command.of("id", "-un"));

            assertThat(r.stdoutText().strip()).isEqualTo(System.getProperty("user.name"));
            assertThat(ssh.target()).isEqualTo(t.toString());
        }
    }

    @Test
    void aCommandPastItsDeadlineIsReportedAsTimedOut() {
        try (SshCommandRunner ssh = aliasRunner()) {
            CommandResult r = ssh.run(Command.of(Duration.ofSeconds(1), "sleep", "30"));

            assertThat(r.timedOut()).isTrue();
            assertThat(r.succeeded()).isFalse();
        }
    }

    /**
     * A runner reaching the server through a ProxyCommand (as a jump host does): the proxy is a child
     * of the first ssh client, yet it carries the control master's connection.
     */
    private static SshCommandRunner proxiedRunner() {
        String config = sshd.sshOptions().configFile().orElseThrow().toString();
        return new SshCommandRunner(
                LoopbackSshd.ALIAS,
                Optional.empty(),
                OptionalInt.empty(),
                sshd.sshOptions().toBuilder()
                        .option("ProxyCommand=ssh -F " + config + " -W %h:%p " + LoopbackSshd.ALIAS)
                        .build());
    }

    @Test
    void aTimedOutFirstCommandIsKilledAndTheSharedConnectionCarriesTheNext() {
        try (SshCommandRunner ssh = proxiedRunner()) {
            // The first client started the proxy and forked the control master: killing that client must
            // take neither along.
            CommandResult r = ssh.run(Command.of(Duration.ofSeconds(2), "sleep", "5"));
            assertThat(r.timedOut()).isTrue();

            long master = masterPid(ssh);
            assertThat(ProcessHandle.of(master).map(ProcessHandle::isAlive))
                    .as("control master pid %d", master)
                    .contains(true);
            assertThat(ssh.run(Command.of("echo", "still here")).stdoutText()).isEqualTo("still here\n");
            assertThat(masterPid(ssh))
                    .as("the same master carried the next command")
                    .isEqualTo(master);
        }
    }

    @Test
    void destroyingTheFirstStartedCommandLeavesTheSharedConnectionUp() throws Exception {
        try (SshCommandRunner ssh = proxiedRunner()) {
            RunningCommand c =
                    ssh.start(new Command(List.of("sh", "-c", "printf x; exec sleep 5"), Duration.ofSeconds(60)));
            assertThat(c.stdout().read()).isEqualTo('x');
            long master = masterPid(ssh);

            c.destroy();

            assertThat(c.isAlive()).isFalse();
            assertThat(ssh.run(Command.of("echo", "still here")).stdoutText()).isEqualTo("still here\n");
            assertThat(masterPid(ssh)).isEqualTo(master);
        }
    }

    /** The control master's pid, as {@code ssh -O check} reports it ("Master running (pid=N)"). */
    private static long masterPid(SshCommandRunner ssh) {
        CommandResult check = CommandRunners.local()
                .run(Command.of(
                        "ssh",
                        "-F",
                        sshd.sshOptions().configFile().orElseThrow().toString(),
                        "-o",
                        "ControlPath=" + ssh.controlPath(),
                        "-O",
                        "check",
                        LoopbackSshd.ALIAS));
        assertThat(check.exitCode()).as(check.describeFailure()).isZero();
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(check.stderr() + check.stdoutText());
        assertThat(m.find()).as("ssh -O check output: %s", check.stderr()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aMissingSshClientIsAnInfrastructureErrorNamingIt() {
        SshOptions noClient = new SshOptions(
                "/nonexistent/xtfh-ssh",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Optional.empty());
        try (SshCommandRunner ssh = new SshCommandRunner("xenhost", Optional.empty(), OptionalInt.empty(), noClient)) {
            assertThatThrownBy(() -> ssh.run(Command.of("true")))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("cannot run the ssh client `/nonexistent/xtfh-ssh` for `true`")
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void aClosedRunnerRefusesCommands() {
        SshCommandRunner ssh = aliasRunner();
        ssh.close();
        assertThatThrownBy(() -> ssh.run(Command.of("true"))).isInstanceOf(IllegalStateException.class);
    }
}
