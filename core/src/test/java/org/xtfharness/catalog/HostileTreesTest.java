package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.CommandHostFiles;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.CommandRunners;

/**
 * Generated XTF trees with symbolic link loops, dangling links, FIFOs, directories where files
 * should be and names that are not UTF-8, read on this machine and through host commands (as over
 * ssh, with the read-ahead): no exception but a ConfigurationException escapes, every broken test is
 * named, and with skipping the good tests still run.
 */
class HostileTreesTest {

    enum Kind {
        GOOD,
        INFO_LINKS_TO_ITSELF,
        DIRECTORY_LINKS_TO_ITSELF,
        DANGLING_INFO,
        FIFO_INFO,
        INFO_IS_A_DIRECTORY,
        NAME_NOT_UTF8
    }

    @Provide
    Arbitrary<List<Kind>> trees() {
        return Arbitraries.of(Kind.class).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 25)
    void everyBrokenTestIsNamedAndNoOtherExceptionEscapes(@ForAll("trees") List<Kind> kinds) throws Exception {
        Path root = Files.createTempDirectory("xtf-hostile-tree-");
        try {
            List<String> broken = build(root, kinds);
            long good = kinds.stream().filter(k -> k == Kind.GOOD).count();
            for (HostFiles files : List.of(
                    new LocalHostFiles(), new CommandHostFiles(CommandRunners.local(), Duration.ofSeconds(20)))) {
                check(files, root, broken, good);
            }
        } finally {
            delete(root);
        }
    }

    private static void check(HostFiles files, Path root, List<String> broken, long good) {
        Throwable strict = catchThrowable(() -> Catalogues.xtfTree(files, root.toString()));
        Throwable skipping = catchThrowable(() -> Catalogues.xtfTreeSkippingBroken(files, root.toString()));
        String where = files.getClass().getSimpleName();
        if (broken.isEmpty()) {
            assertThat(strict).as(where).isNull();
            return;
        }
        assertThat(strict).as(where).isInstanceOf(ConfigurationException.class);
        for (String b : broken) {
            assertThat(strict.getMessage()).as(where).contains(b);
        }
        assertThat(strict.getMessage()).as(where).doesNotContain("java.", "Exception");
        if (good == 0) {
            assertThat(skipping).as(where).isInstanceOf(ConfigurationException.class);
            return;
        }
        assertThat(skipping).as(where).isNull();
        Catalogue c = Catalogues.xtfTreeSkippingBroken(files, root.toString());
        assertThat(c.instances()).as(where).hasSize((int) good);
        assertThat(c.skipped()).as(where).hasSize(broken.size());
        for (String b : broken) {
            assertThat(String.join("\n", c.skipped())).as(where).contains(b);
        }
    }

    /** Lays out the tree; returns what names each broken test in a message. */
    private static List<String> build(Path root, List<Kind> kinds) throws Exception {
        Path tests = Files.createDirectories(root.resolve("tests"));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String name = "t" + i;
            Path dir = tests.resolve(name);
            switch (kinds.get(i)) {
                case GOOD -> {
                    Files.createDirectory(dir);
                    Files.writeString(
                            dir.resolve("info.json"),
                            "{\"name\": \"" + name + "\", \"category\": \"functional\", \"environments\": [\"pv64\"]}");
                    Files.writeString(dir.resolve("test-pv64-" + name + ".cfg"), "");
                }
                case INFO_LINKS_TO_ITSELF -> {
                    Files.createDirectory(dir);
                    Files.createSymbolicLink(dir.resolve("info.json"), Path.of("info.json"));
                    broken.add("tests/" + name);
                }
                case DIRECTORY_LINKS_TO_ITSELF -> {
                    Files.createSymbolicLink(dir, Path.of(name));
                    broken.add("tests/" + name);
                }
                case DANGLING_INFO -> {
                    Files.createDirectory(dir);
                    Files.createSymbolicLink(dir.resolve("info.json"), Path.of("missing.json"));
                    broken.add("tests/" + name);
                }
                case FIFO_INFO -> {
                    Files.createDirectory(dir);
                    run("mkfifo", dir.resolve("info.json").toString());
                    broken.add("tests/" + name);
                }
                case INFO_IS_A_DIRECTORY -> {
                    Files.createDirectories(dir.resolve("info.json"));
                    broken.add("tests/" + name);
                }
                case NAME_NOT_UTF8 -> {
                    // A name with the byte 0xff: only a process outside Java can make it.
                    run("sh", "-c", "mkdir \"$1/$(printf 'bad\\377')$2\"", "sh", tests.toString(), name);
                    broken.add("not UTF-8");
                }
            }
        }
        return broken;
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", argv)).isZero();
    }

    private static void delete(Path root) throws IOException, InterruptedException {
        // rm handles names Java cannot decode.
        run("rm", "-rf", "--", root.toString());
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
