package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

class ScratchDirsTest {

    private static final String PREFIX = "xtf-harness-sim-";

    @TempDir
    Path tmp;

    /** A scratch directory whose marker names a process that has ended (a SIGKILLed run's). */
    private Path abandoned() throws Exception {
        return abandonedIn(tmp);
    }

    private static Path abandonedIn(Path parent) throws Exception {
        Path dir = ScratchDirs.create(parent, PREFIX);
        Files.writeString(dir.resolve("console.log"), "x".repeat(10_000));
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path marker = dir.resolve(ScratchDirs.MARKER);
        String text = Files.readString(marker)
                .replaceAll("pid \\d+", "pid " + p.pid())
                .replaceAll(
                        "started .*",
                        "started "
                                + p.info().startInstant().map(Object::toString).orElse("unknown"));
        Files.writeString(marker, text);
        return dir;
    }

    @Test
    void removesADirectoryWhoseOwningProcessIsDead() throws Exception {
        Path dir = abandoned();

        assertThat(ScratchDirs.removeAbandoned(tmp, PREFIX)).containsExactly(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aSimulatedHostRemovesTheFilesASigkilledSimulatedRunLeft() throws Exception {
        Path leftover = abandonedIn(Path.of(System.getProperty("java.io.tmpdir")));

        try (SimulatedHost host = SimulatedHosts.create(SimulationOptions.defaults())) {
            assertThat(leftover).doesNotExist();
            assertThat(host.files()).isNotNull();
        }
    }

    @Test
    void keepsTheDirectoryOfALiveProcess() throws Exception {
        Path mine = ScratchDirs.create(tmp, PREFIX);
        Path other = abandoned();

        List<Path> removed = ScratchDirs.removeAbandoned(tmp, PREFIX, (pid, started) -> true);

        assertThat(removed).isEmpty();
        assertThat(ScratchDirs.removeAbandoned(tmp, PREFIX)).containsExactly(other);
        assertThat(mine).isDirectory();
    }

    @Test
    void keepsADirectoryOfTheSameNameWithoutOurMarker() throws IOException {
        Path foreign = Files.createDirectory(tmp.resolve(PREFIX + "someone-else"));
        Files.writeString(foreign.resolve("data"), "keep");

        assertThat(ScratchDirs.removeAbandoned(tmp, PREFIX, (pid, started) -> false))
                .isEmpty();
        assertThat(foreign.resolve("data")).hasContent("keep");
    }

    @Test
    void keepsADirectoryWhoseMarkerWasCopiedFromAnother() throws Exception {
        Path dir = abandoned();
        Path copy = Files.createDirectory(tmp.resolve(PREFIX + "copy"));
        Files.copy(dir.resolve(ScratchDirs.MARKER), copy.resolve(ScratchDirs.MARKER));
        Files.writeString(copy.resolve("data"), "keep");

        assertThat(ScratchDirs.removeAbandoned(tmp, PREFIX, (pid, started) -> false))
                .containsExactly(dir);
        assertThat(copy.resolve("data")).hasContent("keep");
    }

    @Test
    void neverFollowsALinkNamedLikeAScratchDirectory() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path dir = ScratchDirs.create(elsewhere, PREFIX);
        Path link = Files.createSymbolicLink(tmp.resolve(PREFIX + "link"), dir);
        Path inside = Files.createDirectory(tmp.resolve(PREFIX + "holds-a-link"));
        Files.createSymbolicLink(inside.resolve("out"), elsewhere);

        assertThat(ScratchDirs.removeAbandoned(tmp, PREFIX, (pid, started) -> false))
                .isEmpty();
        assertThat(link).isSymbolicLink();
        assertThat(dir.resolve(ScratchDirs.MARKER)).exists();
        assertThat(ScratchDirs.deleteTree(inside)).isTrue();
        assertThat(dir.resolve(ScratchDirs.MARKER))
                .as("deleting a tree never follows a link out")
                .exists();
    }
}
