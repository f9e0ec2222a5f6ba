package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.LoopbackSshd;

/** {@link CommandRunner#start}: output as it comes, input held open, destroy, locally and over ssh. */
class RunningCommandTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Reads exactly n bytes (blocking), so a test sees output that arrived while the program still runs. */
    private static String readBytes(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** No more output: end of stream, or the stream closed by destroy (the JDK closes it). */
    private static boolean endOfOutput(InputStream in) {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("Stream closed");
        }
    }

    abstract static class Contract {

        abstract CommandRunner runner();

        @Test
        void streamsOutputWhileTheProgramStillRuns() throws Exception {
            // The program prints, then waits on its input forever: its first line must arrive before it ends.
            try (RunningCommand c =
                    runner().start(new Command(List.of("sh", "-c", "printf 'hello\\n'; exec cat >/dev/null"), LONG))) {
                assertThat(readBytes(c.stdout(), 6)).isEqualTo("hello\n");
                assertThat(c.isAlive()).isTrue();
                assertThat(c.waitFor(Duration.ofMillis(300)))
                        .as("input is held open, so cat never ends")
                        .isEmpty();
            }
        }

        @Test
        void passesArgumentsAsArgumentsAndKeepsStandardError() throws Exception {
            try (RunningCommand c = runner().start(new Command(
                    List.of("sh", "-c", "printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh", "a b", "'q'", "$HOME", ""),
                    LONG))) {
                assertThat(new String(c.stdout().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("a b|'q'|$HOME||");
                assertThat(c.waitFor(LONG)).isEqualTo(OptionalInt.of(3));
                assertThat(c.stderr()).contains("oops");
            }
        }

        @Test
        void destroyEndsTheProgramAndItsOutput() throws Exception {
            // Over ssh the remote program learns of it as end of input (and closed output), as xenconsole does.
            RunningCommand c = runner().start(new Command(List.of("sh", "-c", "printf x; exec cat >/dev/null"), LONG));
            assertThat(readBytes(c.stdout(), 1)).isEqualTo("x");
            c.destroy();
            assertThat(c.isAlive()).isFalse();
            assertThat(endOfOutput(c.stdout())).isTrue();
            c.destroy();
        }

        @Test
        void theTimeoutIsTheLongestLife() {
            // A program that would run until its input ends: over ssh a program ignoring its input would
            // outlive its local client and hold a session of the shared connection.
            RunningCommand c =
                    runner().start(new Command(List.of("sh", "-c", "exec cat >/dev/null"), Duration.ofMillis(300)));
            assertThat(c.waitFor(Duration.ofSeconds(30))).isPresent();
            assertThat(c.isAlive()).isFalse();
        }
    }

    @Nested
    class Local extends Contract {
        @Override
        CommandRunner runner() {
            return CommandRunners.local();
        }

        @Test
        void destroyKillsAProgramThatIgnoresItsInput() throws Exception {
            RunningCommand c = runner().start(new Command(List.of("sh", "-c", "printf x; exec sleep 600"), LONG));
            assertThat(readBytes(c.stdout(), 1)).isEqualTo("x");
            c.destroy();
            assertThat(c.isAlive()).isFalse();
            assertThat(endOfOutput(c.stdout())).isTrue();
        }

        @Test
        void aProgramThatCannotStartIsAnInfrastructureError() {
            assertThatThrownBy(() -> runner().start(Command.of("/nonexistent/xenconsole")))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("/nonexistent/xenconsole");
        }
    }

    @Nested
    class OverSsh extends Contract {
        @RegisterExtension
        static final LoopbackSshd sshd = new LoopbackSshd();

        private static SshCommandRunner ssh;

        @BeforeAll
        static void connect() {
            ssh = new SshCommandRunner(LoopbackSshd.ALIAS, Optional.empty(), OptionalInt.empty(), sshd.sshOptions());
        }

        @AfterAll
        static void disconnect() {
            if (ssh != null) {
                ssh.close();
            }
        }

        @Override
        CommandRunner runner() {
            return ssh;
        }
    }

    @Test
    void aRunnerWithoutStreamingSaysSo() {
        CommandRunner plain = c -> {
            throw new AssertionError("not run");
        };
        assertThatThrownBy(() -> plain.start(Command.of("xenconsole", "1")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("xenconsole 1");
    }
}
