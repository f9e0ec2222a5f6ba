package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xtfharness.cli.Captured.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.testing.FakeXl;

/**
 * The whole command, end to end, on hostile input: a broken XTF tree, a hostile selection, a
 * hostile XTF directory. Each stops with a configuration error naming what is wrong, and the fake
 * xl's own record of its calls shows that not one domain was created.
 */
class HostileInputRunsNothingTest {

    @TempDir
    Path dir;

    private FakeXl xl;

    @BeforeEach
    void setUp() {
        xl = FakeXl.create(dir.resolve("fake"));
        xl.addXtfTest(
                "selftest",
                Environment.PV64,
                "print --- Xen Test Framework ---",
                "print Test result: SUCCESS",
                "poweroff");
    }

    @AfterEach
    void noDomainWasCreated() {
        try {
            assertThat(xl.calls("create")).as("xl create calls").isEmpty();
        } finally {
            xl.close();
        }
    }

    private Captured run(String xtfDir, String... selection) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--force",
                "--xl",
                String.join(" ", xl.xlCommand()),
                "--xtf-dir",
                xtfDir,
                "--log-dir",
                xl.logDir().toString(),
                "--journal",
                dir.resolve("journal.jsonl").toString(),
                "--run-lock",
                dir.resolve("run.lock").toString()));
        args.addAll(List.of(selection));
        return capture(() -> Main.execute(args.toArray(String[]::new)));
    }

    @Test
    void aMalformedInfoJsonStopsTheRunNamingTheFile() throws Exception {
        Path bad = xl.xtfRoot().resolve("tests/broken/info.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"name\": \"broken\", \"category\": \"functional\", \"environments\": [\"pv128\"]}");

        Captured c = run(xl.xtfRoot().toString(), "--all");

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("configuration error").contains(bad + ": unknown environment \"pv128\"");
    }

    @Test
    void aFifoAsInfoJsonStopsListNamingItAndWithSkipBrokenTestsTheOthersAreListed() throws Exception {
        Path fifo = xl.xtfRoot().resolve("tests/fifo/info.json");
        Files.createDirectories(fifo.getParent());
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        String[] list = {
            "list",
            "--xl",
            String.join(" ", xl.xlCommand()),
            "--xtf-dir",
            xl.xtfRoot().toString()
        };

        Captured refused = capture(() -> Main.execute(list));
        String[] skipping = Arrays.copyOf(list, list.length + 1);
        skipping[list.length] = "--skip-broken-tests";
        Captured listed = capture(() -> Main.execute(skipping));

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(fifo + ": is not a regular file");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).isEqualTo("test-pv64-selftest\n");
        assertThat(listed.err()).contains("skipping a broken test: " + fifo + ": is not a regular file");
    }

    @Test
    void aHostileSelectionStopsTheRunNamingTheArgument() {
        Captured c = run(xl.xtfRoot().toString(), "selftest", "selftest;xl destroy 0");

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("configuration error").contains("\"selftest;xl destroy 0\"");
    }

    @Test
    void aSelectionNamingAPathStopsTheRun() {
        Captured c = run(xl.xtfRoot().toString(), "../../../../etc/passwd");

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("test selection '../../../../etc/passwd' matches nothing");
    }

    @Test
    void anXtfDirectoryWithANewlineStopsTheRunBeforeAnythingIsRead() {
        Captured c = run(xl.xtfRoot() + "\n/etc", "--all");

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("contains a control character").contains("\\x0a/etc");
    }
}
