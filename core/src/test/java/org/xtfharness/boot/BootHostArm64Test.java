package org.xtfharness.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.RunningCommand;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.FakeQemu;
import org.xtfharness.testing.Fixtures;
import org.xtfharness.time.TimeSource;

/**
 * arm64 boot mode through the real runner with a fake QEMU ({@link FakeQemu}) playing serial logs
 * in the shapes Xen 4.17 and 4.20 print (seen under qemu-system-aarch64 here; see {@link
 * DomUSerialTest}): the end of a dom0less domU, which Xen does not announce, the test's lines
 * from one channel only, and QEMU's argv and device tree as Xen's CI shapes them.
 */
class BootHostArm64Test {

    private static final List<String> BOOT = List.of(
            "(XEN) [    0.000000] Xen version 4.20.4 (Debian 4.20.4+63-g7abfd2bce2-0+deb13u1)",
            "(XEN) [    0.269152] *** LOADING DOMU cpus=1 memory=20000KB ***",
            // Xen's own words, and a domU's vpl011 in 4.20's shape with the input on it: never the test's.
            "(XEN) [    0.300000] Test result: FAILURE");

    @TempDir
    Path dir;

    private final BootHostTest.RecordingRunner commands = new BootHostTest.RecordingRunner();
    private BootHost host;
    private Path qemu;
    private Path xen;

    @BeforeEach
    void fakes() throws IOException {
        Fixtures.require(Fixtures.onPath("bash"), "bash, which the fake QEMU is written in");
        qemu = FakeQemu.write(dir);
        // QEMU's virt machine's tree, as small as it can be: what boot mode adds goes under /chosen.
        Fdt.Node root = new Fdt.Node(
                "",
                List.of(Fdt.Property.cells("#address-cells", 2), Fdt.Property.cells("#size-cells", 2)),
                List.of(new Fdt.Node(
                        "chosen", List.of(Fdt.Property.strings("stdout-path", "/pl011@9000000")), List.of())));
        Files.write(dir.resolve("fake-qemu.dtb"), Fdt.write(new Fdt.Tree(List.of(), 0, root)));
        xen = dir.resolve("xen-4.20-arm64");
        byte[] image = new byte[128];
        image[0] = 'M';
        image[1] = 'Z';
        image[0x38] = 'A';
        image[0x39] = 'R';
        image[0x3a] = 'M';
        image[0x3b] = 0x64;
        Files.write(xen, image);
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
        return host(BootOptions.builder(xen).arch(Arch.ARM64));
    }

    private TestInstance instance(String name, List<String> transcript, Duration timeout) throws IOException {
        Path test = Files.createDirectories(dir.resolve("tests").resolve(name));
        String id = TestInstance.nameOf(name, Environment.MMU64LE, Optional.empty());
        Path binary = Files.write(test.resolve(id), transcript);
        Path cfg = Files.writeString(
                test.resolve(id + ".cfg"), "name=\"" + id + "\"\nvcpus=1\nmemory=128\nkernel=\"" + binary + "\"\n");
        TestInfo info = new TestInfo(name, Category.FUNCTIONAL, List.of(Environment.MMU64LE), List.of());
        return new TestInstance(info, Environment.MMU64LE, Optional.empty(), cfg.toString(), timeout);
    }

    private TestResult run(TestInstance i) {
        BootHost h = host == null ? host() : host;
        RunSummary s = Runner.builder()
                .domains(h.domains())
                .console(h.console())
                .parser(ResultParsers.xtf())
                .build()
                .run(List.of(i));
        assertThat(s.results()).hasSize(1);
        return s.results().get(0);
    }

    /** The test's lines through both of a domU's channels, console_io first, as xtf-mini writes them. */
    private static List<String> bothChannels(String... text) {
        List<String> out = new ArrayList<>(BOOT);
        int t = 0;
        for (String s : text) {
            out.add(String.format("(d1) [    1.%06d] %s", t++, s));
            out.add(String.format("(XEN) [    1.%06d] DOM1: %s", t++, s));
        }
        return out;
    }

    private static List<String> with(List<String> lines, String... more) {
        List<String> all = new ArrayList<>(lines);
        all.addAll(List.of(more));
        return all;
    }

    private void assertNoQemuLeft() {
        assertThat(commands.started).isNotEmpty();
        for (RunningCommand c : commands.started) {
            assertThat(c.isAlive()).as(c.command().display()).isFalse();
        }
    }

    @Test
    void endsADomUAtItsResultLineReadsEachLineOnceAndStopsQemu() throws IOException {
        TestResult r = run(instance(
                "ok",
                with(
                        bothChannels(
                                "--- Xen Test Framework ---",
                                "Environment: ARM64 LE MMU",
                                "mini",
                                "Test result: SUCCESS"),
                        "#hang"),
                Duration.ofSeconds(30)));
        assertThat(r.verdict()).as(r.outcome().reason()).isEqualTo(Verdict.SUCCESS);
        assertThat(r.evidence().consoleExcerpt()).containsOnlyOnce("Test result: SUCCESS");
        assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("(XEN)") || l.contains("FAILURE"));
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(20));
        assertNoQemuLeft();
    }

    @Test
    void reportsCrashWhenXenSaysTheDomUCrashedAfterItsSuccessLine() throws IOException {
        TestResult r = run(instance(
                "cas",
                with(
                        bothChannels("--- Xen Test Framework ---", "Test result: SUCCESS"),
                        "(XEN) [    1.500000] Domain 1 (vcpu#0) crashed on cpu#1:",
                        "#hang"),
                Duration.ofSeconds(30)));
        assertThat(r.verdict()).isEqualTo(Verdict.CRASH);
        assertThat(r.outcome().cause()).isEqualTo(Cause.DOMAIN_CRASHED);
        assertThat(r.outcome().reason()).contains("after printing 'SUCCESS'");
        assertNoQemuLeft();
    }

    @Test
    void reportsTheTestsPanicAsACrashWithItsMessage() throws IOException {
        TestResult r = run(instance(
                "panic",
                with(
                        bothChannels(
                                "--- Xen Test Framework ---",
                                "******************************",
                                "PANIC: xtf-mini crashed on purpose",
                                "******************************"),
                        "#hang"),
                Duration.ofSeconds(30)));
        assertThat(r.verdict()).isEqualTo(Verdict.CRASH);
        assertThat(r.outcome().reason()).contains("guest panicked: xtf-mini crashed on purpose");
        assertNoQemuLeft();
    }

    @Test
    void reportsAHangAndASilentFaultAsTimedOutWithQemuGone() throws IOException {
        TestResult r = run(instance(
                "hang",
                with(bothChannels("--- Xen Test Framework ---", "mini: hang"), "#hang"),
                Duration.ofSeconds(2)));
        assertThat(r.verdict()).isEqualTo(Verdict.CRASH);
        assertThat(r.outcome().cause()).isEqualTo(Cause.TIMED_OUT);
        assertNoQemuLeft();
    }

    @Test
    void readsAFloodAndStillFindsTheResultLine() throws IOException {
        TestResult r = run(instance(
                "flood",
                with(
                        bothChannels("--- Xen Test Framework ---"),
                        "#burst 200000 (d1) [    1.000000] flood",
                        "(d1) [    2.000000] Test result: SUCCESS",
                        "#hang"),
                Duration.ofSeconds(60)));
        assertThat(r.verdict()).as(r.outcome().reason()).isEqualTo(Verdict.SUCCESS);
        assertNoQemuLeft();
    }

    @Test
    void bootsXensCiMachineWithADeviceTreeHoldingTheDomainAndTheKernelsRealSize() throws IOException {
        TestInstance i = instance("shape", with(bothChannels("Test result: SUCCESS"), "#hang"), Duration.ofSeconds(30));
        long size = Files.size(Path.of(i.cfgPath()).resolveSibling("test-mmu64le-shape"));
        assertThat(run(i).verdict()).isEqualTo(Verdict.SUCCESS);
        List<String> argv = commands.started.get(0).command().argv();
        assertThat(argv).containsSubsequence("-M", "virt,virtualization=true,gic-version=2");
        assertThat(argv).containsSubsequence("-cpu", "cortex-a57", "-m", "2048", "-smp", "2");
        assertThat(argv).contains("-no-reboot", "-dtb").doesNotContain("-append", "-bios");
        assertThat(argv.get(argv.indexOf("-kernel") + 1)).isEqualTo(xen.toString());
        assertThat(argv.get(argv.size() - 1)).startsWith("loader,file=").endsWith("/dom0,addr=0x50000000,force-raw=on");
        Fdt.Node chosen = Fdt.read(Files.readAllBytes(dir.resolve("fake-qemu.used.dtb")))
                .root()
                .child("chosen")
                .orElseThrow();
        assertThat(chosen.property("stdout-path")).isPresent();
        assertThat(new String(chosen.property("xen,xen-bootargs").orElseThrow().value()))
                .startsWith("console=dtuart loglvl=all guest_loglvl=all conswitch=ax console_timestamps=boot");
        Fdt.Node domain = chosen.child("domU1").orElseThrow();
        assertThat(domain.property("memory").orElseThrow()).isEqualTo(Fdt.Property.cells("memory", 0, 128 * 1024));
        assertThat(domain.property("cpus").orElseThrow()).isEqualTo(Fdt.Property.cells("cpus", 1));
        assertThat(domain.child("module@50000000").orElseThrow().property("reg").orElseThrow())
                .isEqualTo(Fdt.Property.cells("reg", 0, 0x50000000L, 0, size));
        assertThat(host.description()).contains("arm64", "domu");
    }

    @Test
    void bootsTheTestAsTheInitialDomainThroughGuestLoaderEndedByXensHardwareDomainLine() throws IOException {
        host(BootOptions.builder(xen)
                .arch(Arch.ARM64)
                .placement(BootOptions.Placement.DOM0)
                .gicVersion(3));
        List<String> log = new ArrayList<>(BOOT);
        log.addAll(List.of(
                "--- Xen Test Framework ---",
                "Test result: SUCCESS",
                "(XEN) Hardware Dom0 crashed: 'noreboot' set - not rebooting.",
                "#hang"));
        TestResult r = run(instance("d0", log, Duration.ofSeconds(30)));
        assertThat(r.verdict()).isEqualTo(Verdict.CRASH);
        assertThat(r.outcome().reason()).contains("after printing 'SUCCESS'");
        List<String> argv = commands.started.get(0).command().argv();
        assertThat(argv).containsSubsequence("-M", "virt,virtualization=true,gic-version=3");
        assertThat(argv.get(argv.indexOf("-append") + 1))
                .startsWith("console=dtuart loglvl=all guest_loglvl=all conswitch=ax console_timestamps=boot "
                        + "dom0_mem=128M dom0_max_vcpus=1");
        // Never without bootargs: Xen would take -append as dom0's and boot with no command line of its own.
        assertThat(argv.get(argv.size() - 1))
                .startsWith("guest-loader,addr=0x50000000,kernel=")
                .endsWith("/dom0,bootargs=" + QemuArgv.NO_DOM0_ARGS);
        assertThat(argv).doesNotContain("-dtb");
        assertNoQemuLeft();
    }

    @Test
    void infersTheArchFromTheImageAndRefusesAMismatchOrAnX86TestOnArm64() throws IOException {
        assertThat(BootHosts.archOf(xen)).contains(Arch.ARM64);
        Path elf = Files.write(
                dir.resolve("xen-syms"),
                new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 62, 0});
        assertThat(BootHosts.archOf(elf)).contains(Arch.X86_64);
        assertThatThrownBy(() -> host(BootOptions.builder(xen)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("an arm64 image");
        assertThatThrownBy(() -> BootOptions.builder(elf)
                        .placement(BootOptions.Placement.DOMU)
                        .build())
                .hasMessageContaining("arm64's");
        BootHost h = host();
        Path test = Files.createDirectories(dir.resolve("x86"));
        Path bin = Files.write(test.resolve("test-pv64-example"), new byte[] {1});
        Path cfg = Files.writeString(test.resolve("test-pv64-example.cfg"), "kernel=\"" + bin + "\"\n");
        TestInfo info = new TestInfo("example", Category.FUNCTIONAL, List.of(Environment.PV64), List.of());
        TestInstance x86 =
                new TestInstance(info, Environment.PV64, Optional.empty(), cfg.toString(), Duration.ofSeconds(5));
        assertThat(h.unrunnable(x86)).hasValueSatisfying(why -> assertThat(why).contains("x86_64 test"));
    }
}
