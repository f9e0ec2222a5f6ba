package org.xtfharness.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.testing.Fixtures;

class XenArgsTest {

    @TempDir
    Path dir;

    @Test
    void givesAnInstanceItsOwnLineBeforeItsTests() throws IOException {
        Path f = Files.writeString(
                dir.resolve("args"), "# Xen's CI\n\nargo: argo=1,mac-permissive=1\ntest-hvm64-argo: argo=1\n");
        XenArgs a = XenArgs.read(f);
        assertEquals(Optional.of("argo=1,mac-permissive=1"), a.forInstance("test-pv64-argo", "argo"));
        assertEquals(Optional.of("argo=1"), a.forInstance("test-hvm64-argo", "argo"));
        assertEquals(Optional.empty(), a.forInstance("test-pv64-selftest", "selftest"));
    }

    @Test
    void refusesALineWithoutANameGivingFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("args"), "argo: argo=1\nargo=1,mac-permissive=1\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> XenArgs.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }

    @Test
    void refusesANameGivenTwice() throws IOException {
        Path f = Files.writeString(dir.resolve("args"), "argo: argo=1\nargo: mac-permissive=1\n");
        assertTrue(assertThrows(ConfigurationException.class, () -> XenArgs.read(f))
                .getMessage()
                .contains(":2: 'argo' is given a second time"));
    }

    // Issue 23: bad UTF-8 gave "Input length = 1", naming neither the file nor where.
    @Test
    void namesTheFileByteAndLineOfBadUtf8WhereverItIs() throws IOException {
        Random random = new Random(23);
        byte[][] bad = {
            {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}
        };
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int lines = random.nextInt(20);
            for (int l = 0; l < lines; l++) {
                out.writeBytes(("t" + l + ": x=" + l + " caf\u00e9\n").getBytes(StandardCharsets.UTF_8));
            }
            int at = out.size();
            byte[] b = bad[random.nextInt(bad.length)];
            out.writeBytes(b);
            out.writeBytes("\nlast: y\n".getBytes(StandardCharsets.UTF_8));
            Path f = Files.write(dir.resolve("args" + round), out.toByteArray());
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> XenArgs.read(f));
            assertTrue(
                    e.getMessage().contains(f + ": not UTF-8 at byte " + at + " (line " + (lines + 1) + ": 0x"),
                    e.getMessage());
        }
    }

    @Test
    void refusesAFifoOrADirectoryWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo");
        Fixtures.require(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        for (Path p : new Path[] {fifo, dir}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> XenArgs.read(p));
            assertTrue(e.getMessage().contains(p + ": not a regular file"), e.getMessage());
        }
    }

    @Test
    void hasXensCiArgoWordsBuiltInAsOneOptionAndLetsAFileReplaceOrDropThem() throws IOException {
        XenArgs builtIn = XenArgs.xenCi();
        assertEquals(Optional.of("argo=1,mac-permissive=1"), builtIn.forInstance("test-pv64-argo", "argo"));
        Path replace = Files.writeString(dir.resolve("replace"), "argo: argo=1\n");
        assertEquals(
                Optional.of("argo=1"),
                builtIn.overriddenBy(XenArgs.read(replace)).forInstance("test-hvm64-argo", "argo"));
        Path drop = Files.writeString(dir.resolve("drop"), "argo:\n");
        assertEquals(Optional.of(""), builtIn.overriddenBy(XenArgs.read(drop)).forInstance("test-pv64-argo", "argo"));
    }
}
