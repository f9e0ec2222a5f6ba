package org.xtfharness.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file descriptors this process already holds open ({@code 1} standard output, {@code 2}
 * standard error, any other a parent passed down): what each is open on, and a way to write to it
 * without reopening the file behind it. A report to {@code /dev/stdout} goes here, so
 * {@code >> log.txt} is appended to and {@code | tee} is written to, never replaced or refused.
 */
public interface Descriptors {

    /** What descriptor {@code fd} is open on; empty if it is closed. */
    Optional<FileIdentity> identity(int fd) throws IOException;

    /**
     * A stream to descriptor {@code fd}: closing it leaves the descriptor open. Bytes go where the
     * descriptor's own offset (or {@code O_APPEND}) puts them.
     */
    OutputStream stream(int fd) throws IOException;

    /** This process's own descriptors: standard output and error through {@link System#out} and {@link System#err}. */
    static Descriptors process() {
        return ProcessDescriptors.INSTANCE;
    }

    /** The real descriptors of this JVM. */
    final class ProcessDescriptors implements Descriptors {
        static final ProcessDescriptors INSTANCE = new ProcessDescriptors();

        private ProcessDescriptors() {}

        @Override
        public Optional<FileIdentity> identity(int fd) throws IOException {
            try {
                // stat(2) through the magic link: the open file itself, a pipe or socket included
                return Optional.of(FileIdentity.of(Path.of("/proc/self/fd/" + fd)));
            } catch (NoSuchFileException closed) {
                return Optional.empty();
            }
        }

        @Override
        public OutputStream stream(int fd) throws IOException {
            return switch (fd) {
                case 1 -> held(System.out, "standard output");
                case 2 -> held(System.err, "standard error");
                default -> reopened(fd);
            };
        }

        /** The JVM holds no stream for other descriptors: reopened for appending, never truncated or created. */
        private static OutputStream reopened(int fd) throws IOException {
            FileChannel ch = FileChannel.open(
                    Path.of("/proc/self/fd/" + fd), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }

        /** A PrintStream swallows errors: they are asked for after each flush and thrown. */
        private static OutputStream held(PrintStream ps, String name) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ps.write(b, off, len);
                    if (ps.checkError()) {
                        throw new IOException("write error on " + name);
                    }
                }

                @Override
                public void flush() throws IOException {
                    if (ps.checkError()) { // checkError flushes
                        throw new IOException("write error on " + name);
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
    }
}
