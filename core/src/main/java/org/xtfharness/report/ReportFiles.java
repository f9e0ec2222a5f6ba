package org.xtfharness.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xtfharness.error.InfrastructureException;

/**
 * Writes a report file whole or not at all: into a temporary file beside the target, forced to
 * disk, then moved into place, so a reader (or a killed runner) never sees half a report.
 */
final class ReportFiles {

    /** Writes the body of a report to a stream. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    private ReportFiles() {
    }

    /** Replaces {@code file} with what {@code body} writes; {@code what} names the report in errors. */
    static void replace(Path file, String what, Body body) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                body.writeTo(out);
                out.getFD().sync();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Exception e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
            throw new InfrastructureException("cannot write " + what + " " + target + ": " + e, e);
        }
    }
}
