package org.xtfharness.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.error.ConfigurationException;

/** What an instance's cfg and the image's build make of its boot, without QEMU. */
class BootPlanTest {

    private static final XenBuild DEBIAN = XenBuild.parse(
            "# Xen/x86 4.17.7 Configuration\n# CONFIG_PV32 is not set\nCONFIG_HVM=y\n# CONFIG_SHADOW_PAGING is not set\n");
    private static final XenBuild SHADOW =
            XenBuild.parse("# Xen/x86 4.20.0 Configuration\nCONFIG_PV32=y\nCONFIG_HVM=y\nCONFIG_SHADOW_PAGING=y\n");

    @TempDir
    Path dir;

    private BootCfg cfg(String text) throws IOException {
        Path bin = Files.write(dir.resolve("test-hvm64-invlpg"), new byte[] {1});
        return BootCfg.parse("x.cfg", "type=\"hvm\"\nfirmware_override=\"" + bin + "\"\nmemory=128\n" + text);
    }

    /** x86 boot mode under that accelerator. */
    private static BootOptions on(BootOptions.Accel accel) {
        return BootOptions.builder(Path.of("xen")).accel(accel).build();
    }

    private static final BootOptions OPTIONS =
            BootOptions.builder(Path.of("xen")).build();

    @Test
    void givesHap0AsAShadowPagedPvhInitialDomainWhereXenHasShadowPagingElseSkips() throws IOException {
        BootCfg shadow = cfg("hap=0\n");
        assertTrue(BootPlan.unrunnable(Environment.HVM64, shadow, SHADOW, on(BootOptions.Accel.TCG))
                .isEmpty());
        assertTrue(BootPlan.of(OPTIONS, Environment.HVM64, Optional.empty(), shadow)
                .xenLine()
                .contains(" dom0=pvh,shadow dom0-iommu=none"));
        String why = BootPlan.unrunnable(Environment.HVM64, shadow, DEBIAN, on(BootOptions.Accel.TCG))
                .orElseThrow();
        assertTrue(why.contains("CONFIG_SHADOW_PAGING") && why.contains("Xen 4.17.7"), why);
        BootCfg hap = cfg("hap=1\n");
        assertTrue(BootPlan.unrunnable(Environment.HVM64, hap, DEBIAN, on(BootOptions.Accel.TCG))
                .isEmpty());
        assertTrue(BootPlan.of(OPTIONS, Environment.HVM64, Optional.empty(), hap)
                .xenLine()
                .contains(" dom0=pvh "));
    }

    @Test
    void skipsPv32WhereTheImageSaysItHasNoneAndLeavesItToTheHostFilterWhereItSaysNothing() throws IOException {
        BootCfg c = cfg("");
        String why = BootPlan.unrunnable(Environment.PV32PAE, c, DEBIAN, on(BootOptions.Accel.TCG))
                .orElseThrow();
        assertTrue(why.contains("CONFIG_PV32 is not set"), why);
        assertEquals(Optional.empty(), BootPlan.unrunnable(Environment.PV32PAE, c, SHADOW, on(BootOptions.Accel.TCG)));
        assertEquals(
                Optional.empty(),
                BootPlan.unrunnable(Environment.PV32PAE, c, XenBuild.unknown(), on(BootOptions.Accel.TCG)));
    }

    @Test
    void skipsHvm32paeUnderTcgOnlyAndNestedHvmAlways() throws IOException {
        BootCfg c = cfg("");
        assertTrue(BootPlan.unrunnable(Environment.HVM32PAE, c, DEBIAN, on(BootOptions.Accel.TCG))
                .isPresent());
        assertEquals(Optional.empty(), BootPlan.unrunnable(Environment.HVM32PAE, c, DEBIAN, on(BootOptions.Accel.KVM)));
        String nested = BootPlan.unrunnable(
                        Environment.HVM64, cfg("nestedhvm = 1\n"), DEBIAN, on(BootOptions.Accel.KVM))
                .orElseThrow();
        assertTrue(nested.contains("nestedhvm=1"), nested);
        assertEquals(
                Optional.empty(),
                BootPlan.unrunnable(
                        Environment.HVM64,
                        cfg("nestedhvm = 0\nmax_event_channels=4096\n"),
                        DEBIAN,
                        on(BootOptions.Accel.TCG)));
    }

    @Test
    void raisesQemusCpusAndMemoryToTheCfgsAndNeverLowersThem() throws IOException {
        BootOptions big =
                BootOptions.builder(Path.of("xen")).cpus(4).memoryMib(4096).build();
        BootPlan p = BootPlan.of(big, Environment.PV64, Optional.empty(), cfg("vcpus=2\n"));
        assertEquals(4, p.cpus());
        assertEquals(4096, p.memoryMib());
        assertTrue(p.xenLine().contains("dom0_max_vcpus=2"), p.xenLine());
        BootPlan three = BootPlan.of(OPTIONS, Environment.HVM32, Optional.empty(), cfg("vcpus = 3\nmemory=900\n"));
        assertEquals(3, three.cpus());
        assertEquals(900 + BootPlan.XEN_MIB, three.memoryMib());
        String tooMany = BootPlan.unrunnable(Environment.PV64, cfg("vcpus=65\n"), DEBIAN, on(BootOptions.Accel.TCG))
                .orElseThrow();
        assertTrue(tooMany.contains("vcpus=65"), tooMany);
    }

    @Test
    void namesTheCfgWhenItsNumbersAreNoNumbers() throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> cfg("vcpus=two\n"));
        assertTrue(e.getMessage().contains("x.cfg") && e.getMessage().contains("vcpus"), e.getMessage());
    }
}
