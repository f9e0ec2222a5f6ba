package org.xtfharness.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.Fixtures;

/**
 * arm64 boot mode with the real {@code qemu-system-aarch64} and Debian's arm64 Xen ({@code
 * lab/fetch-arm64} puts it in {@code lab/cache/boot-arm64/}; {@code XTF_HARNESS_ARM64_XEN} names
 * another), booting a tiny arm64 Image made here (it prints through console_io and its vpl011,
 * then powers off by {@code SCHEDOP_shutdown}) as a dom0less domU and as the initial domain. The
 * whole of xtf-mini's verdicts on both Xen versions is {@code lab/boot-e2e-arm64}'s.
 */
class BootArm64QemuTest {

    @TempDir
    Path dir;

    private static Path xen() {
        String given = System.getenv("XTF_HARNESS_ARM64_XEN");
        Path p = given != null ? Path.of(given) : Path.of("..", "lab", "cache", "boot-arm64", "xen-4.20-arm64");
        Fixtures.require(Fixtures.onPath("qemu-system-aarch64"), "qemu-system-aarch64 (Debian: qemu-system-arm)");
        Fixtures.require(
                Files.isRegularFile(p),
                () -> "an arm64 Xen at " + p.toAbsolutePath()
                        + " (lab/fetch-arm64 fetches Debian's; or set XTF_HARNESS_ARM64_XEN)");
        return p;
    }

    // A64 encodings (Arm ARM C6): MOVZ, ADR, HVC, LDRB post-index, STRB, CBZ, B.
    private static int movz(int rd, int imm, int hw) {
        return 0xD2800000 | hw << 21 | imm << 5 | rd;
    }

    private static int adr(int rd, int off) {
        return 0x10000000 | (off & 3) << 29 | ((off >> 2) & 0x7ffff) << 5 | rd;
    }

    /**
     * An arm64 Image (the header Xen's {@code kernel_zimage64_probe} checks) that writes {@code
     * text} with {@code console_io} (hypercall 18 through {@code hvc #0xEA1}), then byte by byte to
     * the vpl011 at 0x22000000 (in the initial domain, nothing is there: the writes go nowhere),
     * then shuts down with {@code SCHEDOP_shutdown(poweroff)}.
     */
    static byte[] image(String text) {
        byte[] msg = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        int msgAt = 0x200;
        int reasonAt = 0x1f0;
        int[] code = new int[17];
        int n = 0;
        code[n++] = movz(16, 18, 0);
        code[n++] = movz(0, 0, 0);
        code[n++] = movz(1, msg.length - 1, 0);
        code[n] = adr(2, msgAt - (0x40 + 4 * n));
        n++;
        code[n++] = 0xD4000002 | 0xEA1 << 5;
        code[n++] = movz(3, 0x2200, 1);
        code[n] = adr(2, msgAt - (0x40 + 4 * n));
        n++;
        code[n++] = 0x38400400 | 1 << 12 | 2 << 5 | 1; // ldrb w1, [x2], #1
        code[n++] = 0x34000000 | 3 << 5 | 1; // cbz w1, +12
        code[n++] = 0x39000000 | 3 << 5 | 1; // strb w1, [x3]
        code[n++] = 0x14000000 | (-3 & 0x3ffffff); // b back to the ldrb
        code[n++] = movz(16, 29, 0);
        code[n++] = movz(0, 2, 0);
        code[n] = adr(1, reasonAt - (0x40 + 4 * n));
        n++;
        code[n++] = 0xD4000002 | 0xEA1 << 5;
        code[n++] = 0x14000000; // b .
        ByteBuffer b = ByteBuffer.allocate(msgAt + msg.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x14000000 | 0x10); // b 0x40
        b.putLong(16, b.capacity()); // image_size
        b.putInt(0x38, 0x644d5241); // "ARM\x64"
        for (int k = 0; k < n; k++) {
            b.putInt(0x40 + 4 * k, code[k]);
        }
        b.put(msgAt, msg);
        return b.array();
    }

    private TestResult run(BootOptions.Placement placement) throws IOException {
        Path xen = xen();
        Path test = Files.createDirectories(dir.resolve(placement.id()));
        Path bin = Files.write(
                test.resolve("test-mmu64le-tiny"),
                image("--- Xen Test Framework ---\nEnvironment: ARM64 LE MMU\ntiny\nTest result: SUCCESS\n"));
        Path cfg = Files.writeString(
                test.resolve("test-mmu64le-tiny.cfg"),
                "name=\"test-mmu64le-tiny\"\nvcpus=1\nmemory=128\nkernel=\"" + bin + "\"\n");
        TestInfo info = new TestInfo("tiny", Category.FUNCTIONAL, List.of(Environment.MMU64LE), List.of());
        TestInstance i =
                new TestInstance(info, Environment.MMU64LE, Optional.empty(), cfg.toString(), Duration.ofSeconds(60));
        assertThat(BootHosts.archOf(xen)).contains(Arch.ARM64);
        try (BootHost h = BootHosts.qemu(
                BootOptions.builder(xen).arch(Arch.ARM64).placement(placement).build())) {
            TestResult r = Runner.builder()
                    .domains(h.domains())
                    .console(h.console())
                    .parser(ResultParsers.xtf())
                    .build()
                    .run(List.of(i))
                    .results()
                    .get(0);
            assertThat(h.domains().list()).isEmpty();
            return r;
        }
    }

    @Test
    void bootsATinyImageAsADom0lessDomUAndReadsItsSuccessOnce() throws IOException {
        TestResult r = run(BootOptions.Placement.DOMU);
        assertThat(r.verdict()).as(r.outcome().reason()).isEqualTo(Verdict.SUCCESS);
        assertThat(r.evidence().consoleExcerpt()).containsOnlyOnce("Test result: SUCCESS");
    }

    @Test
    void bootsTheSameImageAsTheInitialDomainEndedByXensHaltLine() throws IOException {
        TestResult r = run(BootOptions.Placement.DOM0);
        assertThat(r.verdict()).as(r.outcome().reason()).isEqualTo(Verdict.SUCCESS);
    }
}
