package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.Fixtures;

class LocalCommandRunnerTest {

    private static final String SH = "/bin/sh";
    private final CommandRunner runner = CommandRunners.local();

    @BeforeAll
    static void needsPosixShell() {
        Fixtures.require(Files.isExecutable(Path.of(SH)), "these tests run small programs through " + SH);
    }

    /** Runs {@code sh -c SCRIPT sh ARGS...}: the arguments become $1.. without the shell parsing them. */
    private static Command sh(Duration timeout, String script, String... args) {
        List<String> argv = new ArrayList<>(List.of(SH, "-c", script, "sh"));
        argv.addAll(Arrays.asList(args));
        return new Command(argv, timeout);
    }

    @Test
    void passesEveryArgumentIntactAsOneArgument() {
        String[] args = {
            "two words",
            "\"double\"",
            "'single'",
            "$HOME",
            "${PATH}",
            "a;b",
            "x\ny",
            "back\\slash",
            "*",
            "",
            " lead",
            "tab\there",
            "trailing ",
            " ",
            "`id`",
            "$(id)",
            "ünï"
        };
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "printf '%s\\0' \"$@\"", args));

        assertThat(r.succeeded()).isTrue();
        String[] printed = new String(r.stdout(), StandardCharsets.UTF_8).split("\0", -1);
        assertThat(Arrays.copyOf(printed, printed.length - 1)).containsExactly(args);
    }

    @Test
    void reportsNonZeroExitAsResult() {
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "echo out; echo oops >&2; exit 3"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
        assertThat(r.describeFailure()).contains("exited 3").contains("oops");
    }

    @Test
    void reportsProcessKilledBySignalAs128PlusSignal() {
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "kill -SEGV $$"));

        assertThat(r.exitCode()).isEqualTo(139);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.describeFailure()).contains("killed by signal 11");
    }

    @Test
    void killsAndReportsCommandThatOutlivesItsTimeout() {
        CommandResult r = runner.run(sh(Duration.ofMillis(300), "sleep 30"));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void killsCommandThatIgnoresTermination() {
        CommandResult r = runner.run(sh(Duration.ofMillis(300), "trap '' TERM; while :; do sleep 0.05; done"));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void doesNotWaitForeverOnBackgroundChildHoldingTheOutput() {
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "sleep 30 & echo started"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("started\n");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void capsStdoutAndSaysSo() {
        CommandResult r = CommandRunners.local(1000).run(sh(Duration.ofSeconds(20), "head -c 100000 /dev/zero"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1000);
        assertThat(r.stderr()).contains("stdout truncated at 1000 bytes, 99000 more bytes dropped");
    }

    @Test
    void capsStderrAt64KiB() {
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "head -c 1000000 /dev/zero | tr '\\0' e >&2"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr())
                .startsWith("eeee")
                .hasSizeLessThan(LocalCommandRunner.MAX_STDERR_BYTES + 200)
                .contains("stderr truncated");
    }

    @Test
    void keepsBinaryStdoutBytesExactly() {
        CommandResult r = runner.run(sh(Duration.ofSeconds(20), "printf '\\377\\000\\r\\n'"));

        assertThat(r.stdout()).containsExactly(0xff, 0x00, '\r', '\n');
    }

    @Test
    void throwsInfrastructureExceptionNamingAMissingProgram() {
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofSeconds(5), "/nonexistent/xtf-no-such-program", "x")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("/nonexistent/xtf-no-such-program");
    }

    @Test
    void aProgramMissingFromThePathIsSaidSoInWordsNotAsTheJdksErrno() {
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofSeconds(5), "xtf-no-such-program-on-path", "info")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("no program 'xtf-no-such-program-on-path' on this machine's PATH")
                .hasMessageNotContaining("error=2");
        assertThatThrownBy(() -> runner.start(Command.of(Duration.ofSeconds(5), "/nonexistent/xtf-no-such-program")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("no such file: /nonexistent/xtf-no-such-program")
                .hasMessageNotContaining("error=2");
    }

    @Test
    void saysItRunsLocally() {
        assertThat(runner.target()).isEqualTo("local");
    }
}
