package org.xtfharness.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A real process named {@code xenconsoled} with known arguments, for tests of the doctor against
 * the real {@code /proc} (where every file reports size 0): a copy of sh, so its comm is
 * "xenconsoled", running {@code -c 'sleep 600; exit 0' ARGS...}, which takes xenconsoled's options
 * as the script's $0 and $1... and keeps them in its command line. sleep itself would reject them.
 *
 * <p>The doctor reads the first xenconsoled it finds, so stand-ins of tests running at once (in
 * other forks or modules) would see each other: a machine-wide file lock lets one exist at a time.
 */
public final class StandInXenconsoled implements AutoCloseable {

    private static final Path LOCK =
            Path.of(System.getProperty("java.io.tmpdir"), "xtf-harness-stand-in-xenconsoled.lock");

    private final FileChannel lockFile;
    private final FileLock lock;
    private final Process process;

    private StandInXenconsoled(FileChannel lockFile, FileLock lock, Process process) {
        this.lockFile = lockFile;
        this.lock = lock;
        this.process = process;
    }

    /** Starts one in {@code dir} with xenconsoled's {@code args}; skips the test where /proc or sh is missing. */
    public static StandInXenconsoled start(Path dir, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/cmdline")), "needs a Linux /proc");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to stand in for xenconsoled");
        FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock();
        try {
            Path program = Files.copy(
                    Path.of("/bin/sh"),
                    dir.resolve("xenconsoled"),
                    StandardCopyOption.COPY_ATTRIBUTES,
                    StandardCopyOption.REPLACE_EXISTING);
            List<String> argv = new ArrayList<>(List.of(program.toString(), "-c", "sleep 600; exit 0"));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).start();
            Path comm = Path.of("/proc/" + p.pid() + "/comm");
            for (int i = 0;
                    i < 500
                            && !(Files.exists(comm)
                                    && Files.readString(comm).strip().equals("xenconsoled"));
                    i++) {
                Thread.sleep(10);
            }
            return new StandInXenconsoled(ch, lock, p);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /** Kills it (and its sleep) and lets the next one start. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        } finally {
            lock.release();
            lockFile.close();
        }
    }
}
