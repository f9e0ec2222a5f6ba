package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        xl.addXtfTest("selftest", Environment.PV64, "print --- Xen Test Framework ---", "print Test result: SUCCESS",
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
        List<String> args = new ArrayList<>(List.of("run", "--force", "--xl", String.join(" ", xl.xlCommand()),
                "--xtf-dir", xtfDir, "--log-dir", xl.logDir().toString(), "--journal",
                dir.resolve("journal.jsonl").toString(), "--run-lock", dir.resolve("run.lock").toString()));
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
