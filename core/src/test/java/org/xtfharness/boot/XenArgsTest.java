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
import org.xtfharness.error.ConfigurationException;

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
