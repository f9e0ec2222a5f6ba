package org.xtfharness.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.testing.Fixtures;

/**
 * The device tree reader and writer over generated trees: what is written reads back the same,
 * {@code dtc} (where this machine has it) reads it too, and a damaged blob is refused with an
 * {@link IllegalArgumentException}, never anything else.
 */
class FdtTest {

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789,._+-";

    @TempDir
    Path dir;

    private static String name(Random r, String chars) {
        StringBuilder b = new StringBuilder();
        b.append((char) ('a' + r.nextInt(26)));
        for (int k = r.nextInt(12); k > 0; k--) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static Fdt.Node node(Random r, String name, int depth) {
        List<Fdt.Property> props = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int k = r.nextInt(6); k > 0; k--) {
            String p = name(r, NAME_CHARS + "#?");
            if (!used.add(p)) {
                continue;
            }
            props.add(
                    switch (r.nextInt(4)) {
                        case 0 -> Fdt.Property.flag(p);
                        case 1 -> Fdt.Property.strings(p, name(r, NAME_CHARS), name(r, NAME_CHARS));
                        case 2 -> Fdt.Property.cells(p, r.nextInt() & 0xffffffffL, r.nextInt(4096));
                        default -> {
                            byte[] v = new byte[r.nextInt(40)];
                            r.nextBytes(v);
                            yield new Fdt.Property(p, v);
                        }
                    });
        }
        List<Fdt.Node> children = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int k = depth < 5 ? r.nextInt(4) : 0; k > 0; k--) {
            String c = name(r, NAME_CHARS) + (r.nextBoolean() ? "@" + Integer.toHexString(r.nextInt()) : "");
            if (names.add(c)) {
                children.add(node(r, c, depth + 1));
            }
        }
        return new Fdt.Node(name, props, children);
    }

    private static Fdt.Tree tree(Random r) {
        List<long[]> reserved = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) {
            reserved.add(new long[] {r.nextLong() & Long.MAX_VALUE, 1 + r.nextInt(1 << 20)});
        }
        return new Fdt.Tree(reserved, r.nextInt(4), node(r, "", 0));
    }

    private static void assertSame(Fdt.Tree a, Fdt.Tree b) {
        assertThat(b.root()).isEqualTo(a.root());
        assertThat(b.bootCpu()).isEqualTo(a.bootCpu());
        assertThat(b.reserved()).hasSameSizeAs(a.reserved());
        for (int k = 0; k < a.reserved().size(); k++) {
            assertThat(b.reserved().get(k)).containsExactly(a.reserved().get(k));
        }
    }

    @Test
    void readsBackEveryGeneratedTreeItWrote() {
        Random r = new Random(28);
        for (int round = 0; round < 500; round++) {
            Fdt.Tree t = tree(r);
            byte[] blob = Fdt.write(t);
            assertSame(t, Fdt.read(blob));
            // A second write is byte for byte the first: nothing is lost or reordered in between.
            assertThat(Fdt.write(Fdt.read(blob))).isEqualTo(blob);
        }
    }

    @Test
    void writesBlobsThatDtcReadsAsTheSameTree() throws Exception {
        Fixtures.require(Fixtures.onPath("dtc"), "dtc (Debian's device-tree-compiler), to read the blobs back");
        Random r = new Random(2028);
        for (int round = 0; round < 25; round++) {
            Fdt.Tree t = tree(r);
            Path in = Files.write(dir.resolve("t" + round + ".dtb"), Fdt.write(t));
            Path out = dir.resolve("u" + round + ".dtb");
            // dtc reads ours and writes its own blob of the same tree, which we read back.
            Process p = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", out.toString(), in.toString())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(said).isZero();
            assertSame(t, Fdt.read(Files.readAllBytes(out)));
        }
    }

    @Test
    void refusesDamagedBlobsWithAReasonAndNothingElse() {
        Random r = new Random(282);
        for (int round = 0; round < 2000; round++) {
            byte[] blob = Fdt.write(tree(r));
            byte[] bad = switch (round % 3) {
                case 0 -> java.util.Arrays.copyOf(blob, r.nextInt(blob.length));
                case 1 -> {
                    byte[] b = blob.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    yield b;
                }
                default -> {
                    byte[] b = blob.clone();
                    // an offset or size in the header pointed anywhere
                    int field = 4 + 4 * r.nextInt(9);
                    b[field] = (byte) r.nextInt(256);
                    yield b;
                }
            };
            try {
                Fdt.read(bad);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> Fdt.read(new byte[8])).hasMessageContaining("shorter than a DTB header");
    }

    @Test
    void addsXensChosenNodesWithTheKernelsRealSizeAndKeepsQemusTree() {
        Fdt.Node chosen =
                new Fdt.Node("chosen", List.of(Fdt.Property.strings("stdout-path", "/pl011@9000000")), List.of());
        Fdt.Node root = new Fdt.Node(
                "",
                List.of(Fdt.Property.cells("#address-cells", 2)),
                List.of(chosen, new Fdt.Node("memory@40000000", List.of(), List.of())));
        Fdt.Tree dumped = new Fdt.Tree(List.of(), 0, root);
        Fdt.Tree t = Fdt.read(Fdt.write(Dom0less.tree(dumped, "console=dtuart", 128, 1, 4660, "")));
        Fdt.Node c = t.root().child("chosen").orElseThrow();
        assertThat(c.property("stdout-path")).isPresent();
        assertThat(new String(c.property("xen,xen-bootargs").orElseThrow().value(), StandardCharsets.UTF_8))
                .isEqualTo("console=dtuart\0");
        Fdt.Node d = c.child("domU1").orElseThrow();
        assertThat(d.property("memory").orElseThrow()).isEqualTo(Fdt.Property.cells("memory", 0, 131072));
        assertThat(d.property("vpl011")).isPresent();
        Fdt.Node m = d.child("module@50000000").orElseThrow();
        assertThat(m.property("reg").orElseThrow()).isEqualTo(Fdt.Property.cells("reg", 0, 0x50000000L, 0, 4660));
        assertThat(m.property("bootargs")).isEmpty();
        assertThat(t.root().child("memory@40000000")).isPresent();
        assertThatThrownBy(() -> Dom0less.tree(dumped, "", 128, 1, 0, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
