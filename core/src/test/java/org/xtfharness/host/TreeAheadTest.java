package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;

/**
 * A tree read ahead in one command answers every question a catalogue asks as the host's own
 * commands answer it, for ordinary and hostile names and every kind of info.json, and a catalogue
 * over it costs one command for the walk where it cost three a test.
 */
class TreeAheadTest {

    private static final int MAX = 64;

    @TempDir
    Path tmp;

    private Path tests;
    private final List<List<String>> sent = new ArrayList<>();
    private CommandHostFiles files;

    @BeforeEach
    void setUp() throws IOException {
        CommandRunner local = CommandRunners.local();
        files = new CommandHostFiles(
                new CommandRunner() {
                    @Override
                    public CommandResult run(Command command) {
                        sent.add(command.argv());
                        return local.run(command);
                    }
                },
                Duration.ofSeconds(20));
        tests = Files.createDirectories(tmp.resolve("xtf/tests"));
    }

    private void test(String name, String info) throws IOException {
        Path d = Files.createDirectories(tests.resolve(name));
        Files.writeString(d.resolve("info.json"), info, StandardCharsets.UTF_8);
        Files.writeString(d.resolve("test-pv64-" + name + ".cfg"), "name=\"x\"\n", StandardCharsets.UTF_8);
    }

    private static String info(String name) {
        return "{\"name\": \"" + name + "\", \"category\": \"functional\", \"environments\": [\"pv64\"]}";
    }

    @Test
    void answersAsTheHostsOwnCommandsDo() throws Exception {
        test("plain", info("plain"));
        test("with space", info("with space"));
        test("-dash", info("-dash"));
        test("new\nline", info("x"));
        test("quote'\"$(echo)", info("x"));
        test(".hidden", info(".hidden"));
        test("big", "x".repeat(MAX * 3));
        test("empty", "");
        Files.createDirectories(tests.resolve("nothing"));
        Files.createDirectories(tests.resolve("dirinfo/info.json"));
        Path fifoDir = Files.createDirectories(tests.resolve("fifo"));
        assumeTrue(
                new ProcessBuilder("mkfifo", fifoDir.resolve("info.json").toString())
                                .start()
                                .waitFor()
                        == 0,
                "mkfifo is needed for a FIFO info.json");
        Files.createSymbolicLink(
                Files.createDirectories(tests.resolve("dangling")).resolve("info.json"), tmp.resolve("no-such"));
        Files.writeString(tests.resolve("README"), "not a test", StandardCharsets.UTF_8);
        Files.createSymbolicLink(tests.resolve("linked"), tests.resolve("plain"));

        String dir = tests.toString();
        HostFiles ahead = files.readingAhead(dir, "info.json", MAX);
        assertThat(ahead).isInstanceOf(TreeAhead.class);

        assertThat(ahead.list(dir)).isEqualTo(files.list(dir));
        for (String e : files.list(dir)) {
            String p = dir + "/" + e;
            assertThat(ahead.isDirectory(p)).as(e).isEqualTo(files.isDirectory(p));
            if (files.isDirectory(p)) {
                assertThat(ahead.list(p)).as(e).isEqualTo(files.list(p));
                String i = p + "/info.json";
                assertThat(ahead.stat(i).map(FileStat::kind))
                        .as(e)
                        .isEqualTo(files.stat(i).map(FileStat::kind));
                if (files.stat(i).map(s -> s.kind() == FileStat.Kind.REGULAR).orElse(false)) {
                    assertThat(ahead.read(i, 0, MAX)).as(e).isEqualTo(files.read(i, 0, MAX));
                }
            } else {
                assertThat(ahead.list(p)).as("%s is no directory", e).isEmpty();
            }
        }
    }

    @Test
    void aCatalogueReadsTheTreeInOneCommand() throws Exception {
        for (String t : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
            test(t, info(t));
        }
        // A plain file beside the tests is no test; over ssh, listing it as a directory failed the read.
        Files.writeString(tests.resolve("README"), "not a test", StandardCharsets.UTF_8);

        Catalogue c = Catalogues.xtfTree(files, tmp.resolve("xtf").toString());

        assertThat(c.instances()).hasSize(5);
        // isDirectory of the tree and of tests/, then the walk: no command a test; the plain file
        // costs one stat, which tells it from a symbolic link loop (a broken test, issue 23).
        assertThat(sent).hasSize(4);
    }

    @Test
    void aWalkThatFailsLeavesTheHostsOwnAnswers() {
        HostFiles ahead = files.readingAhead(tmp.resolve("no-such-dir").toString(), "info.json", MAX);

        assertThat(ahead).isSameAs(files);
    }
}
