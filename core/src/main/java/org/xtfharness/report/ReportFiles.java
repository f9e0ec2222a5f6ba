package org.xtfharness.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;

/**
 * Writes a report file without ever destroying what was at its path. A regular file (or a path
 * that does not exist yet) is replaced whole or not at all: the report goes into a temporary
 * file beside it, forced to disk, then moved into place, so a reader (or a killed runner) never
 * sees half a report. A symbolic link is followed and its target replaced, the link kept. Anything
 * else (a FIFO, {@code /dev/stdout}, a device) is written through, never replaced by a file.
 *
 * <p>A new file's mode comes from the umask, as any program's; a replaced file keeps its mode.
 */
public final class ReportFiles {

    /** Writes the body of a report to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    /** Symbolic links followed before giving up, as the kernel's own limit. */
    private static final int MAX_LINKS = 40;

    private ReportFiles() {}

    /**
     * Writes what {@code body} writes to {@code file}; {@code what} names the report in errors.
     *
     * @throws InfrastructureException naming the report and the file if it cannot be written
     */
    public static void write(Path file, String what, Body body) {
        Path tmp = null;
        try {
            Path target = followLinks(file.toAbsolutePath());
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                    body.writeTo(unclosable(out));
                }
                return;
            }
            tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(unclosable(out));
                out.flush();
                ch.force(true);
            }
            if (Files.exists(target)) {
                keepMode(target, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (Exception e) {
            throw new InfrastructureException("cannot write " + what + " " + file + ": " + Messages.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    /** The file a path names once its symbolic links are followed; a dangling link names its target. */
    static Path followLinks(Path path) throws IOException {
        Path p = path;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /** A body may close its stream (Jackson does): the file is still to be forced and closed here. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void keepMode(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no modes to keep
        }
    }
}
