package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.Command;
import org.xtfharness.process.SshCommandRunner;
import org.xtfharness.process.SshOptions;
import org.xtfharness.testing.LoopbackSshd;

/**
 * The ssh options the osstest step hands xtf-harness (osstest's own {@code sshopts}, taken from the
 * stand-in that reproduces it) reach a freshly installed host: one whose key differs from the one
 * the flight's known-hosts file holds for its address.
 */
class OsstestSshOptionsTest {

    private static final Path EXAMPLES =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @RegisterExtension
    static final LoopbackSshd sshd = new LoopbackSshd();

    @TempDir
    Path tmp;

    /** {@code sshopts()} of the step's stand-in Osstest::TestSupport, the -o values in order. */
    private List<String> osstestSshopts() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "perl",
                        "-I" + EXAMPLES.resolve("osstest/t/lib"),
                        "-MOsstest::TestSupport",
                        "-e",
                        "tsreadconfig(); print \"$_\\n\" foreach @{ sshopts() };")
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("OSSTEST_STANDIN_STASH", tmp.toString()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Assumptions.abort("perl is not installed: " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> words = List.of(out.split("\n"));
        assertThat(words).hasSizeGreaterThan(1);
        for (int i = 0; i < words.size(); i += 2) {
            assertThat(words.get(i)).isEqualTo("-o");
        }
        return IntStream.range(0, words.size() / 2)
                .mapToObj(i -> words.get(2 * i + 1))
                .toList();
    }

    /** A known-hosts file that holds another key for the host: the host was reinstalled since. */
    private Path staleKnownHosts() throws Exception {
        Path key = tmp.resolve("old_host_key");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        Path known = tmp.resolve("t.known_hosts_standin.test-amd64-amd64-xtf");
        Files.writeString(
                known, "[127.0.0.1]:" + sshd.port() + " " + Files.readString(tmp.resolve("old_host_key.pub")));
        return known;
    }

    private SshOptions options(List<String> osstestOptions, Path knownHosts) {
        SshOptions o = SshOptions.builder()
                .configFile(Path.of("/dev/null"))
                .identityFile(sshd.sshOptionsWithoutConfig().identityFile().orElseThrow())
                .build();
        for (String opt : osstestOptions) {
            // The flight's known-hosts file, here in a scratch directory instead of osstest's tmp/.
            o = o.toBuilder()
                    .option(opt.startsWith("UserKnownHostsFile=") ? "UserKnownHostsFile=" + knownHosts : opt)
                    .build();
        }
        return o;
    }

    private SshCommandRunner runner(SshOptions o) {
        String user = System.getProperty("user.name");
        return new SshCommandRunner("127.0.0.1", Optional.of(user), OptionalInt.of(sshd.port()), o);
    }

    @Test
    void osstestsOptionsReachAHostWhoseKeyChangedSinceTheFlightLastSawIt() throws Exception {
        List<String> sshopts = osstestSshopts();
        assertThat(sshopts)
                .contains("StrictHostKeyChecking=no")
                .anyMatch(o -> o.startsWith("UserKnownHostsFile=tmp/t.known_hosts_"));

        try (SshCommandRunner r = runner(options(sshopts, staleKnownHosts()))) {
            var result = r.run(new Command(List.of("echo", "reached"), Duration.ofSeconds(30)));
            assertThat(result.stdoutText()).as(sshd.log()).isEqualTo("reached\n");
        }
    }

    @Test
    void withHostKeyCheckingOnTheSameHostIsRefusedSoTheOptionIsWhatMakesItWork() throws Exception {
        List<String> strict = osstestSshopts().stream()
                .map(o -> o.equals("StrictHostKeyChecking=no") ? "StrictHostKeyChecking=yes" : o)
                .toList();

        try (SshCommandRunner r = runner(options(strict, staleKnownHosts()))) {
            assertThatThrownBy(() -> r.run(new Command(List.of("echo", "reached"), Duration.ofSeconds(30))))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("Host key verification failed");
        }
    }
}
