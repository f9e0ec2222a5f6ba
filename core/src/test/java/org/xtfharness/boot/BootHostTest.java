package org.xtfharness.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.process.RunningCommand;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.FakeQemu;
import org.xtfharness.testing.Fixtures;
import org.xtfharness.time.TimeSource;

/** Boot mode through the real runner, with a fake QEMU ({@link FakeQemu}). */
class BootHostTest {

    private static final List<String> BOOT_LOG = List.of(
            "(XEN) Xen version 4.17.7 (Debian 4.17.7+13-g2445b30a44-0+deb12u1)",
            "(XEN) Command line: console=com1",
            // Xen's own words never decide the verdict, even when they look like a test's.
            "(XEN) Test result: FAILURE",
            "(XEN) *** Building a PV Dom0 ***");
    private static final List<String> BANNER =
            List.of("--- Xen Test Framework ---", "Environment: PV 64bit (Long mode 4 levels)", "xtf-mini: fake");
    private static final String HALTED = "(XEN) Hardware Dom0 halted: halting machine";

    @TempDir
    Path dir;

    private final RecordingRunner commands = new RecordingRunner();
    private BootHost host;
    private Path qemu;
    private Path xen;

    @BeforeEach
    void fakes() throws IOException {
        Fixtures.require(Fixtures.onPath("bash"), "bash, which the fake QEMU is written in");
        qemu = FakeQemu.write(dir);
        xen = dir.resolve("xen");
        Files.write(xen, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private BootHost host(BootOptions.Builder b) {
        host = BootHosts.qemu(
                b.qemu(qemu.toString()).build(),
                commands,
                new LocalHostFiles(),
                TimeSource.system(),
                dir.resolve("kvm"));
        return host;
    }

    private BootHost host() {
        return host(BootOptions.builder(xen));
    }

    /** An instance of test NAME in ENV whose binary is the transcript. */
    private TestInstance instance(String name, Environment env, List<String> transcript, Duration timeout)
            throws IOException {
        Path test = Files.createDirectories(dir.resolve("tests").resolve(name));
        String id = TestInstance.nameOf(name, env, Optional.empty());
        Path binary = Files.write(test.resolve(id), transcript);
        Path cfg = Files.writeString(test.resolve(id + ".cfg"), "name=\"" + id + "\"\nkernel=\"" + binary + "\"\n");
        TestInfo info = new TestInfo(name, Category.FUNCTIONAL, List.of(env), List.of());
        return new TestInstance(info, env, Optional.empty(), cfg.toString(), timeout);
    }

    private TestInstance instance(String name, List<String> transcript) throws IOException {
        return instance(name, Environment.PV64, transcript, Duration.ofSeconds(30));
    }

    private static List<String> lines(List<String> a, String... more) {
        List<String> all = new ArrayList<>(BOOT_LOG);
        all.addAll(a);
        all.addAll(List.of(more));
        return all;
    }

    private TestResult run(TestInstance i) {
        BootHost h = host == null ? host() : host;
        RunSummary s = Runner.builder()
                .domains(h.domains())
                .console(h.console())
                .parser(ResultParsers.xtf())
                .build()
                .run(List.of(i));
        assertEquals(1, s.results().size(), s.toString());
        return s.results().get(0);
    }

    private void assertNoQemuLeft() {
        for (RunningCommand c : commands.started) {
            assertFalse(c.isAlive(), "a QEMU still runs: " + c.command().display());
        }
        assertFalse(commands.started.isEmpty(), "no QEMU was started");
    }

    @Test
    void reportsTheGuestsVerdictWhenXenHaltsAndNeverReadsXensOwnLines() throws IOException {
        TestResult r = run(instance("ok", lines(BANNER, "Test result: SUCCESS", HALTED)));
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        assertTrue(r.evidence().consoleExcerpt().contains("Test result: SUCCESS"));
        assertTrue(r.evidence().consoleExcerpt().stream().noneMatch(l -> l.startsWith("(XEN)")));
        assertNoQemuLeft();
    }

    @Test
    void reportsFailureWithItsReasonAndKeepsXensLogAsEvidence() throws IOException {
        TestResult r = run(instance("bad", lines(BANNER, "Fail: wrong answer", "Test result: FAILURE", HALTED)));
        assertEquals(Verdict.FAILURE, r.verdict());
        assertEquals("Fail: wrong answer", r.outcome().reason());
        String details = r.evidence().domainDetails().orElseThrow();
        assertTrue(details.contains("(XEN) *** Building a PV Dom0 ***"), details);
        assertTrue(details.contains(HALTED), details);
    }

    @Test
    void reportsCrashWhenDom0CrashedAfterPrintingSuccessAndXenHasNotFinishedTheLine() throws IOException {
        TestResult r = run(instance(
                "crash", lines(BANNER, "Test result: SUCCESS", "#partial (XEN) Hardware Dom0 crashed: ", "#hang")));
        assertEquals(Verdict.CRASH, r.verdict());
        assertEquals(Cause.DOMAIN_CRASHED, r.outcome().cause());
        assertTrue(
                r.outcome().reason().contains("after printing 'SUCCESS'"),
                r.outcome().reason());
        assertNoQemuLeft();
    }

    @Test
    void reportsRebootWhenQemuEndsRightAfterXensLine() throws IOException {
        TestResult r = run(instance(
                "reboot",
                lines(BANNER, "Test result: SUCCESS", "(XEN) Hardware Dom0 shutdown: rebooting machine", "#exit 0")));
        assertEquals(Verdict.CRASH, r.verdict());
        assertEquals(Cause.DOMAIN_REBOOTED, r.outcome().cause());
    }

    @Test
    void reportsWatchdogAndXenPanicAsCrash() throws IOException {
        TestResult dog = run(instance(
                "dog", lines(BANNER, "(XEN) [    3.141592] Hardware Dom0 shutdown: watchdog rebooting machine")));
        assertEquals(Cause.WATCHDOG, dog.outcome().cause());
        host.close();
        host = null;
        TestResult panic = run(instance(
                "panic",
                lines(
                        List.of(),
                        "(XEN) ****************************************",
                        "(XEN) Panic on CPU 0:",
                        "(XEN) Could not construct domain 0")));
        assertEquals(Verdict.CRASH, panic.verdict());
        assertEquals(Cause.DOMAIN_CRASHED, panic.outcome().cause());
    }

    @Test
    void reportsAHangAsTimedOutAndKillsItsQemu() throws IOException {
        TestResult r = run(
                instance("hang", Environment.PV64, lines(BANNER, "Hanging forever", "#hang"), Duration.ofMillis(300)));
        assertEquals(Verdict.CRASH, r.verdict());
        assertEquals(Cause.TIMED_OUT, r.outcome().cause());
        assertNoQemuLeft();
    }

    @Test
    void reportsQemuEndingOnItsOwnAsAnInfrastructureErrorWithItsStderr() throws IOException {
        TestResult r = run(instance(
                "early",
                List.of(
                        "#stderr qemu-system-x86_64: Error loading uncompressed kernel without PVH ELF Note",
                        "#exit 1")));
        assertEquals(Verdict.ERROR, r.verdict());
        assertEquals(Cause.INFRASTRUCTURE, r.outcome().cause());
        assertTrue(r.outcome().reason().contains("status 1"), r.outcome().reason());
        assertTrue(
                r.outcome().reason().contains("without PVH ELF Note"),
                r.outcome().reason());
    }

    @Test
    void reportsAQemuThatCannotStartAsAnInfrastructureError() throws IOException {
        host = BootHosts.qemu(
                BootOptions.builder(xen)
                        .qemu(dir.resolve("no-such-qemu").toString())
                        .build(),
                commands,
                new LocalHostFiles(),
                TimeSource.system(),
                dir.resolve("kvm"));
        TestResult r = run(instance("nostart", lines(BANNER, "Test result: SUCCESS", HALTED)));
        assertEquals(Verdict.ERROR, r.verdict());
        assertEquals(Cause.INFRASTRUCTURE, r.outcome().cause());
        assertTrue(r.outcome().reason().contains("no-such-qemu"), r.outcome().reason());
    }

    @Test
    void bootsHvmAsPvhWithThePerTestXenArgumentsAndPv64AsPv() throws IOException {
        Path argsFile = Files.writeString(dir.resolve("xen-args"), "# as Xen's CI\nargo: argo=1,mac-permissive=1\n");
        host(BootOptions.builder(xen).argsFile(argsFile).xenCmdline("noreboot"));
        run(instance("argo", Environment.HVM64, lines(BANNER, "Test result: SUCCESS", HALTED), Duration.ofSeconds(30)));
        run(instance("other", lines(BANNER, "Test result: SUCCESS", HALTED)));
        List<String> hvm = commands.started.get(0).command().argv();
        List<String> pv = commands.started.get(1).command().argv();
        String hvmLine = hvm.get(hvm.indexOf("-append") + 1);
        String pvLine = pv.get(pv.indexOf("-append") + 1);
        assertTrue(hvmLine.endsWith("dom0=pvh dom0-iommu=none noreboot argo=1,mac-permissive=1"), hvmLine);
        assertFalse(hvmLine.contains("mac-permissive=1 ") || hvmLine.contains(" mac-permissive"), hvmLine);
        assertFalse(pvLine.contains("dom0=pvh") || pvLine.contains("argo=1"), pvLine);
        assertTrue(pv.containsAll(List.of("-no-reboot", "-accel", "tcg", "max,-smap,-rdtscp", "512")), pv.toString());
        assertEquals(xen.toString(), pv.get(pv.indexOf("-kernel") + 1));
    }

    @Test
    void leavesPv32paeToTheHostFilterUnlessTheImageHasPv32() throws IOException {
        TestInstance pv32 = instance("old", Environment.PV32PAE, List.of(), Duration.ofSeconds(1));
        TestInstance hvm32 = instance("old32", Environment.HVM32, List.of(), Duration.ofSeconds(1));
        HostFilter filter = HostFilter.of(host().domains().capabilities());
        assertTrue(filter.check(pv32).orElseThrow().reason().contains("xen-3.0-x86_32p"));
        assertTrue(filter.check(hvm32).isEmpty());
        host.close();
        host = host(BootOptions.builder(xen).pv32(true));
        assertTrue(HostFilter.of(host.domains().capabilities()).check(pv32).isEmpty());
    }

    @Test
    void decompressesAGzippedHypervisorOnceAndRemovesItAtClose() throws IOException {
        Path gz = dir.resolve("xen.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(xen));
        }
        BootHost h = host(BootOptions.builder(gz));
        run(instance("ok", lines(BANNER, "Test result: SUCCESS", HALTED)));
        List<String> argv = commands.started.get(0).command().argv();
        Path elf = Path.of(argv.get(argv.indexOf("-kernel") + 1));
        assertEquals(h.workDir().resolve("xen"), elf);
        assertTrue(Files.isRegularFile(elf));
        h.close();
        assertFalse(Files.exists(h.workDir()));
        assertTrue(Files.isRegularFile(gz), "the user's image is never touched");
    }

    @Test
    void refusesAnImageThatIsNoXenAndKvmWhereItCannotBeOpened() throws IOException {
        Path text = Files.writeString(dir.resolve("not-xen"), "hello");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> host(BootOptions.builder(text)));
        assertTrue(e.getMessage().contains("not-xen"), e.getMessage());
        ConfigurationException kvm = assertThrows(
                ConfigurationException.class,
                () -> host(BootOptions.builder(xen).accel(BootOptions.Accel.KVM)));
        assertTrue(kvm.getMessage().contains("kvm"), kvm.getMessage());
    }

    @Test
    void refusesACfgWithoutAKernelNamingTheCfg() throws IOException {
        TestInstance i = instance("nokernel", List.of());
        Files.writeString(Path.of(i.cfgPath()), "name=\"test-pv64-nokernel\"\n");
        TestResult r = run(i);
        assertEquals(Verdict.ERROR, r.verdict());
        assertEquals(Cause.CONFIGURATION, r.outcome().cause());
        assertTrue(r.outcome().reason().contains(i.cfgPath()), r.outcome().reason());
    }

    @Test
    void killsEveryQemuWhenTheRunIsAborted() throws Exception {
        BootHost h = host();
        List<TestInstance> hangs = new ArrayList<>();
        for (String n : List.of("h1", "h2")) {
            hangs.add(instance(n, Environment.PV64, lines(BANNER, "#hang"), Duration.ofSeconds(600)));
        }
        Runner runner = Runner.builder()
                .domains(h.domains())
                .console(h.console())
                .parser(ResultParsers.xtf())
                .options(RunOptions.builder().jobs(2).build())
                .build();
        Thread t = new Thread(() -> runner.run(hangs));
        t.start();
        while (commands.started.size() < 2) {
            Thread.sleep(20); // waits for a state, not for a time
        }
        runner.abort();
        t.join();
        assertNoQemuLeft();
        assertTrue(h.domains().list().isEmpty());
    }

    // Issue 23: a burst of serial output was read in quadratic time (the old reader deleted each line
    // from the front of a buffer holding everything unread): these 2 million short lines took it
    // hours. The limit is a guard against that hang, not a speed assertion.
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsABurstOfShortSerialLinesAndStillEndsAtTheTimeout() throws IOException {
        TestResult r = run(
                instance("burst", Environment.PV64, lines(BANNER, "#burst 2000000 x", "#hang"), Duration.ofSeconds(3)));
        assertEquals(Verdict.CRASH, r.verdict(), r.outcome().reason());
        assertEquals(Cause.TIMED_OUT, r.outcome().cause());
        assertNoQemuLeft();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void findsXensEndAfterABurstWithAndWithoutLineEnds() throws IOException {
        TestResult r = run(instance(
                "bursts",
                Environment.PV64,
                lines(BANNER, "#burst 500000 ab", "#rawburst 3000000", "", "Test result: SUCCESS", HALTED),
                Duration.ofSeconds(60)));
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        assertTrue(r.evidence().consoleExcerpt().contains("Test result: SUCCESS"));
    }

    // Issue 23: QEMU's standard output was never read; past a pipe's 64 KiB QEMU (and Xen in it)
    // stopped, and a clean SUCCESS was reported as a timeout.
    @Test
    void drainsQemusStandardOutputSoItNeverStopsXen() throws IOException {
        TestResult r = run(instance(
                "chatty",
                Environment.PV64,
                lines(BANNER, "#stdout 300000", "Test result: SUCCESS", HALTED),
                Duration.ofSeconds(20)));
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        assertNoQemuLeft();
    }

    // Issue 23: a QEMU that hangs before Xen prints a thing was a test verdict, CRASH [TIMEOUT]: the
    // test never ran, and the failure is the harness's set-up.
    @Test
    void reportsAnEmptySerialLogAtTheTimeoutAsAnInfrastructureError() throws IOException {
        TestResult r =
                run(instance("silent", Environment.PV64, List.of("#stdout 100", "#hang"), Duration.ofMillis(800)));
        assertEquals(Verdict.ERROR, r.verdict(), r.outcome().reason());
        assertEquals(Cause.INFRASTRUCTURE, r.outcome().cause());
        assertTrue(
                r.outcome().reason().contains("Xen never printed a line of its own"),
                r.outcome().reason());
        assertTrue(
                r.outcome().reason().contains("its stdout (100 bytes"),
                r.outcome().reason());
        assertNoQemuLeft();
    }

    @Test
    void saysWhetherATimedOutGuestWasStillPrintingOrHadGoneQuiet() throws IOException {
        TestResult busy = run(instance("busy", Environment.PV64, lines(BANNER, "#trickle"), Duration.ofSeconds(2)));
        assertEquals(Cause.TIMED_OUT, busy.outcome().cause());
        assertTrue(
                busy.evidence().notes().stream().anyMatch(n -> n.startsWith("output was still arriving")),
                busy.evidence().notes().toString());
        host.close();
        host = null;
        TestResult quiet = run(instance("quiet", Environment.PV64, lines(BANNER, "#hang"), Duration.ofSeconds(2)));
        assertEquals(Cause.TIMED_OUT, quiet.outcome().cause());
        assertTrue(
                quiet.evidence().notes().stream().anyMatch(n -> n.startsWith("the console had been quiet")),
                quiet.evidence().notes().toString());
    }

    // Issue 23: --boot naming a FIFO blocked for ever (the image's magic was read by opening it).
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAHypervisorThatIsAFifoOrADirectoryWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("xen-fifo");
        Fixtures.require(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        for (Path p : List.of(fifo, dir)) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> host(BootOptions.builder(p)));
            assertTrue(e.getMessage().contains(p + ": not a regular file"), e.getMessage());
        }
    }

    /** A cfg as real XTF's build/mkcfg.py writes it from config/default-hvm.cfg.in. */
    private static String realHvmCfg(String id, Path binary, String more) {
        return "name=\"" + id + "\"\n\nvcpus=1 \n\ntype=\"hvm\"\nbuilder=\"hvm\" # Legacy for before Xen 4.10\n\n"
                + "memory=128\nfirmware_override=\"" + binary + "\"\n\n"
                + "# The framework doesn't reboot.  A reboot signal is almost certainly a triple\n"
                + "# fault instead.  Prevent it turning into a runaway domain.\non_reboot = \"destroy\"\n" + more;
    }

    /** A cfg as config/default-pv.cfg.in gives it. */
    private static String realPvCfg(String id, Path binary, String more) {
        return "name=\"" + id + "\"\n\nvcpus=1 \n\ntype=\"pv\"\nloader=\"generic\" # Legacy for before Xen 4.10\n\n"
                + "memory=128\nkernel=\"" + binary + "\"\n" + more;
    }

    /** An instance NAME~VARIATION in ENV whose cfg is {@code cfg.apply(binary)}. */
    private TestInstance realInstance(
            String name,
            Environment env,
            Optional<String> variation,
            List<String> transcript,
            Function<Path, String> cfg)
            throws IOException {
        Path test = Files.createDirectories(dir.resolve("tree").resolve(name));
        String id = TestInstance.nameOf(name, env, variation);
        Path binary = Files.write(test.resolve(TestInstance.nameOf(name, env, Optional.empty())), transcript);
        Path cfgFile = Files.writeString(test.resolve(id + ".cfg"), cfg.apply(binary));
        TestInfo info = new TestInfo(
                name, Category.FUNCTIONAL, List.of(env), variation.map(List::of).orElse(List.of()));
        return new TestInstance(info, env, variation, cfgFile.toString(), Duration.ofSeconds(30));
    }

    private static String append(List<String> argv) {
        return argv.get(argv.indexOf("-append") + 1);
    }

    @Test
    void bootsARealHvm64CfgItsFirmwareOverrideAsAPvhInitialDomain() throws IOException {
        TestInstance i = realInstance(
                "example",
                Environment.HVM64,
                Optional.empty(),
                lines(BANNER, "Test result: SUCCESS", HALTED),
                b -> realHvmCfg("test-hvm64-example", b, ""));
        TestResult r = run(i);
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        List<String> argv = commands.started.get(0).command().argv();
        assertEquals(
                "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all dom0_mem=128M,max:128M dom0_max_vcpus=1 "
                        + "dom0=pvh dom0-iommu=none",
                append(argv));
        // The module is the link "dom0" to the binary (gone with its QEMU); the fake played that binary.
        assertTrue(argv.get(argv.indexOf("-initrd") + 1).endsWith("/dom0"), argv.toString());
        assertEquals(List.of("-smp", "1"), argv.subList(argv.indexOf("-smp"), argv.indexOf("-smp") + 2));
        assertNoQemuLeft();
    }

    @Test
    void givesTheCfgsCmdlineAndExtraToTheTestAsTheModulesStringAfterItsName() throws IOException {
        TestInstance i = realInstance(
                "pv-iopl",
                Environment.PV64,
                Optional.of("hypercall"),
                lines(BANNER, "Test result: SUCCESS", HALTED),
                b -> realPvCfg(
                        "test-pv64-pv-iopl~hypercall",
                        b,
                        "\n# Test Variation Configuration:\n" + "cmdline=\"hypercall\"\nextra='a,b'\n"));
        assertEquals(Verdict.SUCCESS, run(i).verdict());
        List<String> argv = commands.started.get(0).command().argv();
        String module = argv.get(argv.indexOf("-initrd") + 1);
        // QEMU splits -initrd at commas: the test's own are doubled, its words follow the module's name.
        assertTrue(module.endsWith("/dom0 hypercall a,,b"), module);
        assertFalse(append(argv).contains("hypercall"), append(argv));
    }

    @Test
    void findsTheBinaryBesideItsCfgWhenTheTreeWasBuiltForAnotherPlace() throws IOException {
        // Trees copied under names a shell or QEMU would trip over; each cfg names /opt/xtf.
        for (String where : List.of("copy", "with space", "com,ma", "ünï", "a'b\"c")) {
            Path test =
                    Files.createDirectories(dir.resolve(where).resolve("tests").resolve("example"));
            Files.write(
                    test.resolve("test-hvm64-example"), lines(BANNER, "from " + where, "Test result: SUCCESS", HALTED));
            Path cfg = Files.writeString(
                    test.resolve("test-hvm64-example.cfg"),
                    realHvmCfg("test-hvm64-example", Path.of("/opt/xtf/tests/example/test-hvm64-example"), ""));
            TestInfo info = new TestInfo("example", Category.FUNCTIONAL, List.of(Environment.HVM64), List.of());
            TestInstance i =
                    new TestInstance(info, Environment.HVM64, Optional.empty(), cfg.toString(), Duration.ofSeconds(30));
            commands.started.clear();
            TestResult r = run(i);
            assertEquals(
                    Verdict.SUCCESS, r.verdict(), where + ": " + r.outcome().reason());
            assertTrue(
                    r.evidence().consoleExcerpt().contains("from " + where),
                    r.evidence().consoleExcerpt().toString());
            host.close();
            host = null;
        }
    }

    @Test
    void bootsACfgWithTwoVcpusWithTwoCpusAndItsMemoryWithRoomForXen() throws IOException {
        TestInstance i = realInstance(
                "xsa-296",
                Environment.PV64,
                Optional.empty(),
                lines(BANNER, "Test result: SUCCESS", HALTED),
                b -> realPvCfg("test-pv64-xsa-296", b, "")
                        .replace("vcpus=1 ", "vcpus=2")
                        .replace("memory=128", "memory=1024"));
        assertEquals(Verdict.SUCCESS, run(i).verdict());
        List<String> argv = commands.started.get(0).command().argv();
        assertEquals("2", argv.get(argv.indexOf("-smp") + 1));
        assertEquals(Integer.toString(1024 + BootPlan.XEN_MIB), argv.get(argv.indexOf("-m") + 1));
        assertTrue(append(argv).contains(" dom0_mem=1024M,max:1024M dom0_max_vcpus=2"), append(argv));
    }

    @Test
    void shapesTheMachineAsXensCiWithThePresetAndKeepsReadingTimestampedLines() throws IOException {
        host(BootOptions.builder(xen).preset(BootOptions.Preset.XEN_CI).xenCmdline("sched=credit2"));
        TestInstance i = realInstance(
                "example",
                Environment.PV64,
                Optional.empty(),
                List.of(
                        "(XEN) [    0.000000] Xen version 4.17.7",
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "(XEN) [    1.234567] Test result: FAILURE",
                        "Test result: SUCCESS",
                        "(XEN) [    1.300000] Hardware Dom0 halted: halting machine"),
                b -> realPvCfg("test-pv64-example", b, ""));
        TestResult r = run(i);
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        List<String> argv = commands.started.get(0).command().argv();
        assertEquals("2048", argv.get(argv.indexOf("-m") + 1));
        assertEquals("2", argv.get(argv.indexOf("-smp") + 1));
        assertTrue(
                append(argv).endsWith("loglvl=all noreboot console_timestamps=boot console=com1 sched=credit2"),
                append(argv));
    }

    @Test
    void bootsThroughEfiFromAnEspBuiltPerInstanceAndRemovesIt() throws IOException {
        Path code = Files.write(dir.resolve("CODE.fd"), new byte[] {1});
        Path vars = Files.write(dir.resolve("VARS.fd"), new byte[] {2});
        Path efi = Files.write(dir.resolve("xen.efi"), new byte[] {'M', 'Z', 0, 0});
        BootHost h = host(BootOptions.builder(efi).efi(new BootOptions.Efi(code, vars)));
        TestInstance i = realInstance(
                "pv-iopl",
                Environment.PV64,
                Optional.of("hypercall"),
                lines(BANNER, "Test result: SUCCESS", HALTED),
                b -> realPvCfg("test-pv64-pv-iopl~hypercall", b, "cmdline=\"hypercall\"\n"));
        TestResult r = run(i);
        // The fake plays EFI/BOOT/dom0 from the fat: disk: the ESP held the test binary.
        assertEquals(Verdict.SUCCESS, r.verdict(), r.outcome().reason());
        List<String> argv = commands.started.get(0).command().argv();
        assertTrue(argv.containsAll(List.of("-M", "q35")), argv.toString());
        assertTrue(argv.contains("if=pflash,format=raw,unit=0,readonly=on,file=" + code), argv.toString());
        String varsDrive =
                argv.stream().filter(a -> a.contains("unit=1")).findFirst().orElseThrow();
        assertTrue(varsDrive.startsWith("if=pflash,format=raw,unit=1,file=" + h.workDir()), varsDrive);
        assertFalse(argv.contains("-kernel") || argv.contains("-initrd"), argv.toString());
        try (var left = Files.list(h.workDir())) {
            assertEquals(List.of(), left.toList(), "the instance's ESP and variables are removed with its QEMU");
        }
        assertEquals(1, Files.readAllBytes(vars).length, "the firmware's template is never written");
        assertTrue(h.description().contains("(EFI)"), h.description());
    }

    @Test
    void refusesAnImageOfTheOtherBootPath() throws IOException {
        Path code = Files.write(dir.resolve("CODE.fd"), new byte[] {1});
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> host(BootOptions.builder(xen).efi(new BootOptions.Efi(code, code))));
        assertTrue(e.getMessage().contains("not an EFI image"), e.getMessage());
        Path efi = Files.write(dir.resolve("xen.efi"), new byte[] {'M', 'Z', 0, 0});
        ConfigurationException noFw = assertThrows(
                ConfigurationException.class,
                () -> host(BootOptions.builder(efi).efi(new BootOptions.Efi(dir.resolve("none.fd"), code))));
        assertTrue(noFw.getMessage().contains("none.fd"), noFw.getMessage());
        ConfigurationException notElf =
                assertThrows(ConfigurationException.class, () -> host(BootOptions.builder(efi)));
        assertTrue(notElf.getMessage().contains("neither an ELF"), notElf.getMessage());
    }

    @Test
    void skipsWhatTheCfgAsksThatAnInitialDomainCannotHaveAndRunsTheRest() throws IOException {
        BootHost h = host();
        TestInstance viridian = realInstance(
                "xsa-472-1",
                Environment.HVM32,
                Optional.empty(),
                List.of(),
                b -> realHvmCfg("test-hvm32-xsa-472-1", b, "viridian = [ \"base\", \"reference_tsc\" ]\n"));
        TestInstance pvViridian = realInstance(
                "cpuid",
                Environment.PV64,
                Optional.empty(),
                List.of(),
                b -> realPvCfg("test-pv64-cpuid", b, "viridian = 1\n"));
        TestInstance pae = realInstance(
                "example",
                Environment.HVM32PAE,
                Optional.empty(),
                List.of(),
                b -> realHvmCfg("test-hvm32pae-example", b, ""));
        assertTrue(
                h.unrunnable(viridian).orElseThrow().contains("viridian = [ \"base\", \"reference_tsc\" ]")
                        || h.unrunnable(viridian).orElseThrow().contains("viridian=[ \"base\", \"reference_tsc\" ]"),
                h.unrunnable(viridian).toString());
        assertEquals(Optional.empty(), h.unrunnable(pvViridian), "xl ignores viridian for a PV guest");
        assertTrue(
                h.unrunnable(pae).orElseThrow().contains("TCG"),
                h.unrunnable(pae).toString());
        // Run anyway (a library user who did not ask), it is an ERROR naming the reason, never a boot.
        TestResult r = run(viridian);
        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.outcome().reason().contains("viridian"), r.outcome().reason());
        assertTrue(commands.started.isEmpty());
    }

    /** Starts commands locally and keeps each, so a test can see argv and whether it still runs. */
    static final class RecordingRunner implements CommandRunner {
        final List<RunningCommand> started = Collections.synchronizedList(new ArrayList<>());
        private final CommandRunner local = CommandRunners.local();

        @Override
        public CommandResult run(Command command) {
            return local.run(command);
        }

        @Override
        public RunningCommand start(Command command) {
            RunningCommand c = local.start(command);
            started.add(c);
            return c;
        }
    }
}
