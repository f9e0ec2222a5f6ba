package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.testing.Fixtures;

/** Tests whose directory is broken: each is one problem of the tree, and can be left out when asked. */
class BrokenTestsTest {

    private static final String ROOT = "/usr/lib/xtf";

    private static InMemoryTree goodTree() {
        return new InMemoryTree()
                .test(ROOT, "selftest", "functional", List.of("pv64"), List.of())
                .test(ROOT, "example", "utility", List.of("pv64", "hvm64"), List.of());
    }

    @Test
    void aFifoAsInfoJsonIsAProblemOfThatTestAndIsNeverOpened() {
        InMemoryTree t = goodTree().special(ROOT + "/tests/fifo/info.json");

        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> Catalogues.xtfTree(t, ROOT));

        assertThat(e.getMessage())
                .contains(ROOT + "/tests/fifo/info.json: is not a regular file (a FIFO, socket or device)");
        assertThat(t.calls).doesNotContain("read " + ROOT + "/tests/fifo/info.json");
    }

    @Test
    void aDirectoryAsInfoJsonIsAProblemOfThatTestNotAnAbortOfTheCatalogue() {
        InMemoryTree t = goodTree().dir(ROOT + "/tests/dir/info.json").file(ROOT + "/tests/dir/test-pv64-dir.cfg", "");

        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> Catalogues.xtfTree(t, ROOT));

        assertThat(e.getMessage().split("\n"))
                .containsExactly(
                        "XTF tree " + ROOT + " has 1 problem:",
                        "  " + ROOT + "/tests/dir/info.json: is a directory, not a file");
    }

    @Test
    void whenAskedTheGoodTestsLoadAndEachBrokenOneIsNamedWithWhy() {
        InMemoryTree t = goodTree()
                .special(ROOT + "/tests/fifo/info.json")
                .file(
                        ROOT + "/tests/nocfg/info.json",
                        "{\"name\": \"nocfg\", \"category\": \"functional\", "
                                + "\"environments\": [\"pv64\", \"hvm64\"]}")
                .file(ROOT + "/tests/nocfg/test-pv64-nocfg.cfg", "");

        Catalogue c = Catalogues.xtfTreeSkippingBroken(t, ROOT);

        assertThat(c.instances())
                .extracting(TestInstance::name)
                .containsExactly("test-hvm64-example", "test-pv64-example", "test-pv64-selftest");
        assertThat(c.skipped())
                .containsExactly(
                        ROOT + "/tests/fifo/info.json: is not a regular file (a FIFO, socket or device): not read",
                        ROOT + "/tests/nocfg/test-hvm64-nocfg.cfg: missing cfg file for instance test-hvm64-nocfg");
    }

    @Test
    void aTreeWithOnlyBrokenTestsIsRefusedEvenWhenAskedToSkipThem() {
        InMemoryTree t = new InMemoryTree().file(ROOT + "/tests/a/info.json", "not json");

        assertThatThrownBy(() -> Catalogues.xtfTreeSkippingBroken(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ROOT + "/tests/a/info.json: malformed JSON")
                .hasMessageContaining("no test without a problem");
    }

    @Test
    void aGoodTreeSkipsNothing() {
        assertThat(Catalogues.xtfTreeSkippingBroken(goodTree(), ROOT).skipped()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRealFifoAsInfoJsonDoesNotHangTheCatalogue(@TempDir Path dir) throws Exception {
        Path test = Files.createDirectories(dir.resolve("tests/fifo"));
        Process mkfifo = new ProcessBuilder("mkfifo", test.resolve("info.json").toString()).start();
        Fixtures.require(mkfifo.waitFor() == 0, "needs mkfifo");
        Path good = Files.createDirectories(dir.resolve("tests/good"));
        Files.writeString(
                good.resolve("info.json"),
                "{\"name\": \"good\", \"category\": \"functional\", \"environments\": [\"pv64\"]}");
        Files.writeString(good.resolve("test-pv64-good.cfg"), "");

        Catalogue c = Catalogues.xtfTreeSkippingBroken(new LocalHostFiles(), dir.toString());

        assertThat(c.instances()).extracting(TestInstance::name).containsExactly("test-pv64-good");
        assertThat(c.skipped()).singleElement().asString().contains("tests/fifo/info.json: is not a regular file");
    }
}
