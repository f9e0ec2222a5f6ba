package org.xtfharness.report;

import java.io.OutputStream;
import java.nio.file.Path;
import org.xtfharness.error.InfrastructureException;

/**
 * Writes a report file without ever destroying what was at its path: see {@link OutputTarget}. A
 * regular file (or a path that does not exist yet) is replaced whole or not at all, through a
 * temporary file in the directory the kernel resolves the path to; a symbolic link is followed and
 * its target replaced, the link kept; {@code /dev/stdout} and its kin are written to the descriptor
 * the process holds; a FIFO or a device is written through, never replaced by a file.
 *
 * <p>A new file's mode comes from the umask, as any program's; a replaced file keeps its mode.
 */
public final class ReportFiles {

    /** Writes the body of a report to a stream. */
    @FunctionalInterface
    public interface Body extends OutputTarget.Body {
        @Override
        void writeTo(OutputStream out) throws Exception;
    }

    private ReportFiles() {}

    /**
     * Writes what {@code body} writes to {@code file}; {@code what} names the report in errors.
     *
     * @throws InfrastructureException naming the report and the file if it cannot be written
     */
    public static void write(Path file, String what, Body body) {
        stage(file, what, body).commit();
    }

    /**
     * Writes the report where no reader sees it yet ({@link OutputTarget#stage}); the caller commits
     * it once every report of the run was staged.
     *
     * @throws InfrastructureException naming the report and the file if it cannot be written
     */
    public static OutputTarget.Staged stage(Path file, String what, Body body) {
        OutputTarget target;
        try {
            target = OutputTarget.resolve(what, file);
        } catch (RuntimeException e) {
            throw new InfrastructureException(e.getMessage(), e);
        }
        return target.stage(body);
    }
}
