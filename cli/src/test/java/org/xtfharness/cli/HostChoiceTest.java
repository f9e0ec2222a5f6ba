package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.result.Verdict;
import org.xtfharness.sim.SimulatedHost;

/** Every command chooses its host one way: explicit hosts are kept, and only no host options at all falls back. */
class HostChoiceTest {

    private static final String FALLBACK = "using the built-in SIMULATED Xen host";

    @TempDir
    Path dir;

    private final List<SimulatedHost> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void watchSimulatedHosts() {
        Session.simulatedHostOpened = opened::add;
    }

    @AfterEach
    void stopWatching() {
        Session.simulatedHostOpened = h -> {};
    }

    private static void assumeNoXl() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            assumeFalse(!d.isEmpty() && Files.isExecutable(Path.of(d, "xl")), "this machine has xl on its PATH: " + d);
        }
    }

    /** The host's private directory, where its guest logs and other files live. */
    private static Path filesOf(SimulatedHost h) {
        return h.logPath("test-pv64-x").getParent().getParent().getParent().getParent();
    }

    @Test
    void versionOpensASimulatedHostOnlyToAskItsXenAndLeavesNoFilesBehind() {
        Captured c = capture(() -> Main.execute("run", "--simulate", "--version"));

        assertThat(c.exit()).isZero();
        assertThat(opened).hasSize(1);
        assertThat(filesOf(opened.get(0))).doesNotExist();
    }

    @Test
    void aSimulatedRunAndDoctorLeaveNoFilesBehind() {
        capture(() -> Main.execute(
                "run",
                "--simulate",
                "test-pv64-sim-success",
                "--journal",
                dir.resolve("j").toString()));
        capture(() -> Main.execute("doctor", "--simulate"));

        assertThat(opened).hasSize(2).allSatisfy(h -> assertThat(filesOf(h)).doesNotExist());
    }

    @Test
    void withNoHostOptionsAndNoXlTheSimulatedHostIsUsedAndSaidSoInOneLine() {
        assumeNoXl();

        Captured c = capture(() -> Main.execute("list"));

        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("test-pv64-sim-success");
        assertThat(c.err().lines().filter(l -> l.contains(FALLBACK))).hasSize(1);
    }

    @Test
    void anExplicitXtfDirIsNeverReplacedByTheSimulatedHost() {
        assumeNoXl();

        Captured c = capture(
                () -> Main.execute("list", "--xtf-dir", dir.resolve("no-xtf").toString()));

        assertThat(c.err()).doesNotContain(FALLBACK);
        assertThat(c.out()).doesNotContain("sim-success");
        assertThat(opened).isEmpty();
    }

    @Test
    void anExplicitLocalHostTargetIsNeverReplacedByTheSimulatedHost() {
        assumeNoXl();

        Captured c = capture(() -> Main.execute(
                "run",
                "--host-target",
                "local",
                "--all",
                "--journal",
                dir.resolve("j").toString()));

        assertThat(c.exit()).isNotZero();
        assertThat(c.err()).doesNotContain(FALLBACK);
        assertThat(opened).isEmpty();
    }

    @Test
    void doctorChoosesTheHostAsRunDoesAndWorksOnTheSimulatedOne() {
        assumeNoXl();

        Captured human = capture(() -> Main.execute("doctor"));
        Captured json = capture(() -> Main.execute("doctor", "--json"));

        assertThat(human.exit()).as(human.err()).isZero();
        assertThat(human.out()).contains("GUEST_LOGGING").doesNotContain("cannot run xl");
        assertThat(human.err()).contains(FALLBACK);
        assertThat(json.exit()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"GUEST_LOGGING\"");
    }

    @Test
    void simulatedTimestampsOffGiveTheSameVerdictsAndTheHostSaysSo() {
        Captured c = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--sim-timestamps",
                "off",
                "test-pv64-sim-success",
                "test-pv64-sim-failure",
                "--journal",
                dir.resolve("j").toString()));

        assertThat(c.exit()).as(c.err()).isEqualTo(Verdict.FAILURE.exitCode());
        assertThat(c.err()).contains("xenconsoled timestamps off");
        assertThat(c.out())
                .containsPattern("test-pv64-sim-success +SUCCESS")
                .containsPattern("test-pv64-sim-failure +FAILURE");
    }

    @Test
    void aFreshJvmsVersionLeavesNothingInItsTempDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        Process p = cli(tmp, "run", "--simulate", "--version").start();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aSimulatedRunStoppedBySigtermLeavesNothingInItsTempDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path output = dir.resolve("output.txt");
        Process p = cli(
                        tmp,
                        "run",
                        "--simulate",
                        "test-pv64-sim-hang",
                        "--journal",
                        dir.resolve("j.jsonl").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            // Stopped once the hanging guest runs: its log is in the simulated host's files.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hangLogExists(tmp) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(hangLogExists(tmp)).as(Files.readString(output)).isTrue();

            p.destroy();

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left).as(Files.readString(output)).isEmpty();
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean hangLogExists(Path tmp) throws IOException {
        try (Stream<Path> hosts = Files.list(tmp)) {
            return hosts.anyMatch(h -> Files.exists(h.resolve("var/log/xen/console/guest-test-pv64-sim-hang.log")));
        }
    }

    /** The CLI in a JVM of its own, with its own temp directory. */
    private static ProcessBuilder cli(Path tmp, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
}
