package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.catalog.Environment;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.journal.Journal;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.testing.FakeXl;

class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void readmeRunCommandRunsTheSimulatedCatalogueAndExitsWithTheWorstVerdict() throws Exception {
        Path junit = dir.resolve("junit.xml");
        Path journal = dir.resolve("journal.jsonl");
        Captured c = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--junit",
                junit.toString(),
                "--journal",
                journal.toString()));

        assertThat(c.exit()).isEqualTo(Verdict.CRASH.exitCode());
        assertThat(c.err()).contains(" on simulated Xen host (Xen " + SimulatedHost.XEN_VERSION);
        assertThat(c.out()).contains("Combined test results:");
        List<TestResult> results = Journal.read(journal).results();
        SimulatedCatalogue sim = SimulatedCatalogue.standard();
        assertThat(results).hasSize(sim.catalogue().instances().size());
        for (TestResult r : results) {
            Verdict expected = r.instance().startsWith("test-pv32pae-") ? Verdict.SKIP : sim.expected(r.instance());
            assertThat(r.verdict()).as(r.instance()).isEqualTo(expected);
        }
        URL xsd = getClass().getResource("/jenkins-junit.xsd");
        assertThat(xsd)
                .as("the Jenkins JUnit schema from core's test resources")
                .isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator()
                .validate(new StreamSource(junit.toFile()));
        assertThat(Files.readString(junit)).contains("test-pv64-sim-crash-after-success");
    }

    @Test
    void wrongUsageNamesTheOptionAndSuggestsTheClosest() {
        Captured c = capture(() -> Main.execute("run", "--simulate", "--junti", "x.xml"));
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("--junti").contains("--junit");
    }

    @Test
    void unknownTestNameIsAConfigurationErrorNamingIt() {
        Captured c = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-sucess",
                "--journal",
                dir.resolve("j.jsonl").toString()));
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("sim-sucess").contains("configuration error");
    }

    @Test
    void sigtermLeavesNoDomainBehindAndJournalsEveryFinishedResult() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            xl.addXtfTest(
                    "quick",
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "print Environment: PV 64bit (Long mode 4 levels)",
                    "print quick",
                    "print Test result: SUCCESS",
                    "poweroff");
            xl.addXtfTest("stuck", Environment.PV64, "print --- Xen Test Framework ---", "print stuck", "hang");
            xl.addXtfTest(
                    "zlater",
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "print Test result: SUCCESS",
                    "poweroff");
            Path journal = dir.resolve("journal.jsonl");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "run",
                    "--force",
                    "--xl",
                    String.join(" ", xl.xlCommand()),
                    "--xtf-dir",
                    xl.xtfRoot().toString(),
                    "--log-dir",
                    xl.logDir().toString(),
                    "--timeout",
                    "120",
                    "--journal",
                    journal.toString(),
                    "--run-lock",
                    dir.resolve("run.lock").toString(),
                    "test-pv64-quick",
                    "test-pv64-stuck",
                    "test-pv64-zlater"));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cli.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!stuckIsRunning(xl) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(stuckIsRunning(xl))
                    .as("the hanging guest started; cli log:\n" + Files.readString(dir.resolve("cli.log")))
                    .isTrue();

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("the runner exits after SIGTERM")
                    .isTrue();

            var listed = DomainControllers.xl(
                            CommandRunners.local(),
                            XlOptions.builder().xlCommand(xl.xlCommand()).build())
                    .list();
            assertThat(listed).extracting(d -> d.name()).containsExactly("Domain-0");
            List<TestResult> journalled = Journal.read(journal).results();
            assertThat(journalled).extracting(TestResult::instance).containsExactly("test-pv64-quick");
            assertThat(journalled.get(0).verdict()).isEqualTo(Verdict.SUCCESS);
            assertThat(Files.readString(dir.resolve("cli.log"))).contains("interrupted");
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void resumeAfterASignalMidTestRunsOnlyTheRestAndNeverReRunsAFinishedInstance(String signal) throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            threeTests(xl);
            Path journal = dir.resolve("journal.jsonl");
            Path junit = dir.resolve("junit.xml");
            Process p = startRunner(xl, "--journal", journal.toString(), "--junit", junit.toString());
            awaitStuckRunning(xl, p);
            new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("the runner exits after SIG" + signal)
                    .isTrue();
            // One truth: the process, the summary and the reports give the same exit code.
            int code = signal.equals("INT") ? 130 : 143;
            assertThat(p.exitValue()).isEqualTo(code);
            assertThat(Files.readString(dir.resolve("cli.log")))
                    .contains("Run INTERRUPTED (SIG" + signal + "): exit code " + code);
            assertThat(Files.readString(junit))
                    .contains("<property name=\"exitCode\" value=\"" + code + "\"/>")
                    .contains("<property name=\"interruptedBy\" value=\"SIG" + signal + "\"/>");
            assertThat(domains(xl)).as("no domain left by the interrupted run").containsExactly("Domain-0");
            assertThat(Files.readString(dir.resolve("cli.log"))).contains("interrupted");
            assertThat(dir.resolve("run.lock")).as("the run lock is released").doesNotExist();
            assertThat(Journal.read(journal).results())
                    .extracting(TestResult::instance)
                    .containsExactly("test-pv64-quick");
            // The hanging guest is fixed; the resumed run must run it and zlater, and only them.
            xl.addXtfTest(
                    "stuck",
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "print Test result: SUCCESS",
                    "poweroff");

            Captured c = capture(() -> Main.execute(runArgs(xl, "--resume", journal.toString())));

            assertThat(c.exit()).as(c.err()).isEqualTo(0);
            assertThat(c.err()).contains("1 of 3 instance(s) already finished, not re-run");
            assertThat(c.out())
                    .contains("test-pv64-quick")
                    .contains("test-pv64-stuck")
                    .contains("test-pv64-zlater");
            List<TestResult> journalled = Journal.read(journal).results();
            assertThat(journalled)
                    .extracting(TestResult::instance)
                    .containsExactly("test-pv64-quick", "test-pv64-stuck", "test-pv64-zlater");
            assertThat(journalled).extracting(TestResult::verdict).containsOnly(Verdict.SUCCESS);
            assertThat(creations(xl, "test-pv64-quick"))
                    .as("quick ran once, before the signal")
                    .isEqualTo(1);
            assertThat(creations(xl, "test-pv64-stuck"))
                    .as("stuck: interrupted, then run again")
                    .isEqualTo(2);
            assertThat(creations(xl, "test-pv64-zlater"))
                    .as("zlater ran once, in the resumed run")
                    .isEqualTo(1);
            assertThat(domains(xl)).containsExactly("Domain-0");
        }
    }

    @Test
    void resumeRefusesAJournalOfAnotherHostNamingIt() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            threeTests(xl);
            Path journal = dir.resolve("other.jsonl");
            Journal.create(journal, new Journal.Header("0", Instant.now(), "ssh://root@elsewhere"))
                    .close();

            Captured c = capture(() -> Main.execute(runArgs(xl, "--resume", journal.toString())));

            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains(journal.toString()).contains("ssh://root@elsewhere");
            assertThat(creations(xl, "test-pv64-quick")).isZero();
        }
    }

    @Test
    void secondRunnerOnTheHostFailsFastNamingTheHolderAndLeavesTheFirstOnesDomainAlone() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            threeTests(xl);
            Process first =
                    startRunner(xl, "--journal", dir.resolve("first.jsonl").toString());
            awaitStuckRunning(xl, first);

            // Overlapping selection: without the lock, this runner would destroy 'stuck' as a stale domain.
            Captured second = capture(() -> Main.execute(
                    runArgs(xl, "--journal", dir.resolve("second.jsonl").toString())));

            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err())
                    .contains("holds the run lock " + dir.resolve("run.lock"))
                    .contains("pid " + first.pid())
                    .contains("(that process is still running on this machine)")
                    .contains("rm " + dir.resolve("run.lock") + "/owner && rmdir " + dir.resolve("run.lock"));
            assertThat(Files.exists(dir.resolve("second.jsonl")))
                    .as("no journal for a run that never started")
                    .isFalse();
            assertThat(domains(xl)).contains("test-pv64-stuck");
            assertThat(creations(xl, "test-pv64-stuck")).isEqualTo(1);

            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dir.resolve("run.lock")).as("released on SIGTERM").doesNotExist();
            assertThat(domains(xl)).containsExactly("Domain-0");
        }
    }

    @Test
    void staleRunLockIsNamedAsStaleWithHowToClearIt() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            threeTests(xl);
            Process dead = new ProcessBuilder("true").start();
            dead.waitFor();
            Files.createDirectories(dir.resolve("run.lock"));
            Files.writeString(
                    dir.resolve("run.lock/owner"),
                    "pid=" + dead.pid() + " machine="
                            + InetAddress.getLocalHost().getHostName()
                            + " started=2026-01-01T00:00:00Z token=t\n");

            Captured c = capture(() ->
                    Main.execute(runArgs(xl, "--journal", dir.resolve("j.jsonl").toString())));

            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err())
                    .contains("pid " + dead.pid())
                    .contains("started 2026-01-01T00:00:00Z")
                    .contains("the lock is stale")
                    .contains("rm " + dir.resolve("run.lock") + "/owner && rmdir " + dir.resolve("run.lock"));
            assertThat(creations(xl, "test-pv64-quick")).isZero();
        }
    }

    @Test
    void liveConsoleRunsThroughTheFakeXenconsoleWithNoGuestLog() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            xl.consoleLogging(false, false);
            xl.addXtfTest(
                    "live",
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "print Environment: PV 64bit (Long mode 4 levels)",
                    "print Test result: SUCCESS",
                    "poweroff");
            Path journal = dir.resolve("live.jsonl");
            Captured c = capture(() -> Main.execute(
                    "run",
                    "--force",
                    "--xl",
                    String.join(" ", xl.xlCommand()),
                    "--xtf-dir",
                    xl.xtfRoot().toString(),
                    "--log-dir",
                    xl.logDir().toString(),
                    "--journal",
                    journal.toString(),
                    "--console",
                    "live",
                    "--xenconsole",
                    xl.xenconsolePath(),
                    "--xenstore-read",
                    String.join(" ", xl.xenstoreReadCommand()),
                    "--run-lock",
                    dir.resolve("run.lock").toString()));
            assertThat(c.exit()).as(c.err()).isEqualTo(0);
            assertThat(c.err())
                    .contains("console: live console (" + xl.xenconsolePath() + " --type pv, start-notify handshake)");
            assertThat(Journal.read(journal).results()).singleElement().satisfies(r -> {
                assertThat(r.verdict()).isEqualTo(Verdict.SUCCESS);
                assertThat(r.evidence().consoleLocation()).hasValue(ConsoleCapture.Location.LIVE);
            });
            assertThat(xl.guestLog("test-pv64-live")).doesNotExist();
        }
    }

    @Test
    void simulateRunsThroughTheDoctorTheRunLockXlAndTheLiveConsoleAsOnARealHost() {
        List<SimulatedHost> opened = new CopyOnWriteArrayList<>();
        Session.simulatedHostOpened = opened::add;
        Captured c;
        try {
            c = capture(() -> Main.execute(
                    "run",
                    "--simulate",
                    "--console",
                    "live",
                    "test-pv64-sim-success",
                    "--journal",
                    dir.resolve("j.jsonl").toString()));
        } finally {
            Session.simulatedHostOpened = h -> {};
        }

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).contains("console: live console (/usr/lib/xen/bin/xenconsole --type pv");
        assertThat(opened).hasSize(1);
        List<List<String>> calls = opened.get(0).calls();
        // The agent's requests are read back through their one decoder, never by the script's text.
        int doctor = indexOf(calls, a -> request(a) instanceof AgentRequest.FindXenconsoled);
        int lock = indexOf(
                calls,
                a -> request(a) instanceof AgentRequest.LockAcquire l
                        && l.path().equals("/run/lock/xtf-harness.lock"));
        int create = indexOf(
                calls,
                a -> request(a) instanceof AgentRequest.Create cr
                        && cr.args().size() > 4
                        && cr.args().subList(0, 3).equals(List.of("create", "-p", "-f"))
                        && cr.args().get(3).equals("sim:/tests/sim-success/test-pv64-sim-success.cfg")
                        && cr.args().contains("on_crash=\"preserve\"")
                        && cr.args().get(cr.args().size() - 1).equals("name=\"test-pv64-sim-success\""));
        int console = indexOf(
                calls,
                a -> request(a) instanceof AgentRequest.ConsoleNotify n
                        && n.xenconsole().equals("/usr/lib/xen/bin/xenconsole")
                        && n.type().equals("pv"));
        int unpause = indexOf(
                calls, a -> request(a) instanceof AgentRequest.Run r && r.name().equals("test-pv64-sim-success"));
        int destroy = indexOf(
                calls,
                a -> request(a) instanceof AgentRequest.Destroy d && d.name().equals("test-pv64-sim-success")
                        || a.equals(List.of("xl", "destroy", "test-pv64-sim-success")));
        int release = indexOf(calls, a -> request(a) instanceof AgentRequest.LockRelease);
        assertThat(List.of(doctor, lock, create, console, unpause, destroy, release))
                .as(calls.toString())
                .doesNotContain(-1)
                .isSorted();
        assertThat(calls).contains(List.of("xl", "list"));
        assertThat(calls)
                .as("the doctor, the host filter and the live console share one `xl info`")
                .filteredOn(a -> a.equals(List.of("xl", "info")))
                .hasSize(1);
    }

    private static AgentRequest request(List<String> argv) {
        return AgentScript.parse(argv).orElse(null);
    }

    private static int indexOf(List<List<String>> calls, Predicate<List<String>> p) {
        for (int i = 0; i < calls.size(); i++) {
            if (p.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void anUnknownConsoleModeIsAConfigurationError() {
        Captured mode = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--console",
                "serial",
                "sim-success",
                "--journal",
                dir.resolve("j1.jsonl").toString()));
        assertThat(mode.exit()).isEqualTo(1);
        assertThat(mode.err()).contains("--console takes log, live or auto, not 'serial'");
    }

    private static void threeTests(FakeXl xl) {
        xl.addXtfTest(
                "quick",
                Environment.PV64,
                "print --- Xen Test Framework ---",
                "print Environment: PV 64bit (Long mode 4 levels)",
                "print quick",
                "print Test result: SUCCESS",
                "poweroff");
        xl.addXtfTest("stuck", Environment.PV64, "print --- Xen Test Framework ---", "print stuck", "hang");
        xl.addXtfTest(
                "zlater",
                Environment.PV64,
                "print --- Xen Test Framework ---",
                "print Test result: SUCCESS",
                "poweroff");
    }

    private String[] runArgs(FakeXl xl, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "run",
                "--force",
                "--xl",
                String.join(" ", xl.xlCommand()),
                "--xtf-dir",
                xl.xtfRoot().toString(),
                "--log-dir",
                xl.logDir().toString(),
                "--timeout",
                "120",
                "--run-lock",
                dir.resolve("run.lock").toString()));
        a.addAll(List.of(extra));
        a.addAll(List.of("test-pv64-quick", "test-pv64-stuck", "test-pv64-zlater"));
        return a.toArray(String[]::new);
    }

    private Process startRunner(FakeXl xl, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(runArgs(xl, extra)));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli.log").toFile())
                .start();
    }

    private void awaitStuckRunning(FakeXl xl, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stuckIsRunning(xl) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(stuckIsRunning(xl))
                .as("the hanging guest started; cli log:\n" + Files.readString(dir.resolve("cli.log")))
                .isTrue();
    }

    /** How many times xl created the domain: the fake's hypervisor log records each creation. */
    private static long creations(FakeXl xl, String name) {
        String dmesg = DomainControllers.xl(
                        CommandRunners.local(),
                        XlOptions.builder().xlCommand(xl.xlCommand()).build())
                .hypervisorLogTail(100000)
                .orElse("");
        return dmesg.lines().filter(l -> l.endsWith("created (" + name + ")")).count();
    }

    private static List<String> domains(FakeXl xl) {
        return DomainControllers.xl(
                        CommandRunners.local(),
                        XlOptions.builder().xlCommand(xl.xlCommand()).build())
                .list()
                .stream()
                .map(d -> d.name())
                .toList();
    }

    private static boolean stuckIsRunning(FakeXl xl) throws Exception {
        Path log = xl.guestLog("test-pv64-stuck");
        return Files.exists(log) && Files.readString(log).contains("stuck");
    }
}
