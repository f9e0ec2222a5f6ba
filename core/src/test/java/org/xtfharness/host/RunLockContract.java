package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.testing.ManualTime;
import org.xtfharness.time.TimeSource;

/** The run lock through a host's command runner: the subclasses prove it here and over ssh. */
abstract class RunLockContract {

    private static final TimeSource CLOCK = new ManualTime(Instant.parse("2026-11-23T10:00:00Z"));

    @TempDir
    Path tmp;

    abstract CommandRunner commands();

    @Test
    void secondRunnerIsRefusedNamingTheHolderAndHowToClearTheLock() {
        String path = tmp.resolve("run.lock").toString();
        try (RunLock first = RunLock.acquire(commands(), path, CLOCK)) {
            assertThatThrownBy(() -> RunLock.acquire(commands(), path, CLOCK))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("holds the run lock " + path)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("started 2026-11-23T10:00:00Z")
                    .hasMessageContaining("still running on this machine")
                    .hasMessageContaining("rm " + path + "/owner && rmdir " + path);
            assertThat(first.owner().pid()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(Path.of(path)).doesNotExist();
        RunLock.acquire(commands(), path, CLOCK).release();
    }

    @Test
    void releaseLeavesALockThatIsNoLongerItsOwnAlone() throws Exception {
        String path = tmp.resolve("run.lock").toString();
        RunLock first = RunLock.acquire(commands(), path, CLOCK);
        // Someone cleared it by hand and another runner took it.
        Files.delete(Path.of(path, "owner"));
        Files.delete(Path.of(path));
        RunLock second = RunLock.acquire(commands(), path, CLOCK);

        first.release();

        assertThat(Path.of(path, "owner")).exists();
        second.release();
        assertThat(Path.of(path)).doesNotExist();
    }

    @Test
    void lockThatCannotBeCreatedNamesThePlace() {
        String path = tmp.resolve("no/such/dir/run.lock").toString();

        assertThatThrownBy(() -> RunLock.acquire(commands(), path, CLOCK))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot create the run lock " + path)
                .hasMessageContaining("--run-lock");
        assertThatThrownBy(() -> RunLock.acquire(commands(), "relative/lock", CLOCK))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void anOrdinaryDirectoryAtTheLockPathIsNeverOfferedForRemoval() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(dir.resolve("precious.txt"), "the user's");

        assertThatThrownBy(() -> RunLock.acquire(commands(), dir.toString(), CLOCK))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(dir + " on ")
                .hasMessageContaining("not a lock this harness created")
                .hasMessageContaining("--run-lock")
                .hasMessageNotContaining("rm ");
        assertThat(dir.resolve("precious.txt")).hasContent("the user's");
    }
}
