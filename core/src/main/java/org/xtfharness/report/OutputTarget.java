package org.xtfharness.report;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.run.FinalReport;

/**
 * One output path, resolved the way the kernel will resolve it when the file is opened: the
 * directory is the real path of the existing parent (symbolic links followed first, then
 * {@code ..}), a symbolic link at the end is followed, and a name in this process's own
 * {@code /proc/self/fd} ({@code /dev/stdout}, {@code /dev/fd/N}, {@code /proc/self/fd/N}) is the
 * descriptor the process already holds. Outputs are told apart by {@link FileIdentity} (device
 * and inode), never by the text of their paths.
 *
 * <p>How each kind is written, so a user's file is never replaced or truncated unasked:
 *
 * <ul>
 *   <li>{@link Kind#DESCRIPTOR}: written to the open descriptor ({@link System#out}, {@link
 *       System#err}), never reopened or renamed, so {@code >> log.txt} appends and a pipe works;
 *   <li>{@link Kind#FILE} and {@link Kind#NEW_FILE}: written to a temporary file in the same
 *       directory, forced to disk, then renamed over the name: the report is whole or absent;
 *   <li>{@link Kind#WRITE_THROUGH} (a FIFO, a device): written through, never replaced by a file.
 * </ul>
 */
public final class OutputTarget {

    /** What an output path turns out to be once resolved. */
    public enum Kind {
        /** A descriptor this process holds open: standard output, standard error, a passed-down one. */
        DESCRIPTOR,
        /** An existing regular file. */
        FILE,
        /** Nothing yet, in an existing directory: a regular file will be created. */
        NEW_FILE,
        /** An existing FIFO, device or socket that is written through. */
        WRITE_THROUGH
    }

    /** Writes the body of a report to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    /**
     * A report written where no reader sees it yet; {@link #commit()} puts it in place,
     * {@link #discard()} drops it. Either may be called once.
     */
    public interface Staged extends FinalReport.Pending {
        /** The stream the report is written to before it is committed. */
        OutputStream stream();
    }

    /** Symbolic links followed before giving up, as the kernel's own limit. */
    private static final int MAX_LINKS = 40;

    private static final Pattern DESCRIPTOR_NAME = Pattern.compile("[0-9]{1,9}");

    private final String what;
    private final Path given;
    private final Kind kind;
    private final Path file;
    private final int descriptor;
    private final FileIdentity identity;
    private final Descriptors descriptors;

    private OutputTarget(
            String what,
            Path given,
            Kind kind,
            Path file,
            int descriptor,
            FileIdentity identity,
            Descriptors descriptors) {
        this.what = what;
        this.given = given;
        this.kind = kind;
        this.file = file;
        this.descriptor = descriptor;
        this.identity = identity;
        this.descriptors = descriptors;
    }

    /**
     * Resolves {@code given} against this process's descriptors; {@code what} names the output in
     * errors (the CLI gives its option, {@code --junit}).
     *
     * @throws ConfigurationException naming the output and the path if it cannot be an output
     */
    public static OutputTarget resolve(String what, Path given) {
        return resolve(what, given, Descriptors.process());
    }

    /** {@link #resolve(String, Path)} against {@code descriptors} (tests give their own). */
    public static OutputTarget resolve(String what, Path given, Descriptors descriptors) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(descriptors, "descriptors");
        if (given.toString().isEmpty()) {
            throw new ConfigurationException(what + ": the file name is empty");
        }
        try {
            return walk(what, given, descriptors);
        } catch (IOException e) {
            throw new ConfigurationException(cannot(what, given, reason(e)));
        }
    }

    /**
     * The descriptor {@code fd} itself, as an output that is always there (standard output is
     * {@code 1}): compared with the others so no file is both a report and where the text goes.
     * Empty when the descriptor is closed.
     */
    public static Optional<OutputTarget> descriptor(String what, int fd, Descriptors descriptors) {
        try {
            return descriptors
                    .identity(fd)
                    .map(id -> new OutputTarget(
                            what, Path.of("/proc/self/fd/" + fd), Kind.DESCRIPTOR, null, fd, id, descriptors));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static OutputTarget walk(String what, Path given, Descriptors descriptors) throws IOException {
        Path p = given.isAbsolute() ? given : Path.of("").toAbsolutePath().resolve(given);
        for (int links = 0; ; links++) {
            Path name = p.getFileName();
            String n = name == null ? "" : name.toString();
            if (name == null || n.equals(".") || n.equals("..")) {
                throw new ConfigurationException(cannot(what, given, "it names a directory, not a file"));
            }
            Path parent = p.getParent();
            Path realParent;
            try {
                // realpath(3): each link followed where it stands, then "..", as the kernel walks it
                realParent = parent.toRealPath();
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(
                        cannot(what, given, "its directory " + parent + " does not exist (no such file or directory)"));
            }
            if (!Files.isDirectory(realParent)) {
                throw new ConfigurationException(cannot(what, given, parent + " is not a directory"));
            }
            OptionalInt fd = ownDescriptor(realParent, n);
            if (fd.isPresent()) {
                int d = fd.getAsInt();
                FileIdentity id = descriptors
                        .identity(d)
                        .orElseThrow(() -> new ConfigurationException(
                                cannot(what, given, "descriptor " + d + " is not open in this process")));
                return new OutputTarget(what, given, Kind.DESCRIPTOR, realParent.resolve(n), d, id, descriptors);
            }
            Path candidate = realParent.resolve(n);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException absent) {
                FileIdentity dir = FileIdentity.of(realParent);
                return new OutputTarget(what, given, Kind.NEW_FILE, candidate, -1, dir.child(n), descriptors);
            }
            if (a.isSymbolicLink()) {
                if (links == MAX_LINKS) {
                    throw new ConfigurationException(cannot(what, given, "too many levels of symbolic links"));
                }
                // relative to the link's own (real) directory; its ".." is resolved by the next toRealPath
                p = realParent.resolve(Files.readSymbolicLink(candidate));
                continue;
            }
            if (a.isDirectory()) {
                throw new ConfigurationException(cannot(what, given, "it is a directory, not a file"));
            }
            Kind k = a.isRegularFile() ? Kind.FILE : Kind.WRITE_THROUGH;
            return new OutputTarget(what, given, k, candidate, -1, FileIdentity.ofEntry(candidate), descriptors);
        }
    }

    /** The descriptor a name in this process's own {@code fd} directory stands for. */
    private static OptionalInt ownDescriptor(Path realDir, String name) {
        if (!DESCRIPTOR_NAME.matcher(name).matches()) {
            return OptionalInt.empty();
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        String dir = realDir.toString();
        boolean own = dir.equals("/proc/" + pid + "/fd") || dir.matches("/proc/" + pid + "/task/[0-9]+/fd");
        return own ? OptionalInt.of(Integer.parseInt(name)) : OptionalInt.empty();
    }

    /** How the output option named it. */
    public Path given() {
        return given;
    }

    /** What the output is, in errors. */
    public String what() {
        return what;
    }

    /** What the path turned out to be. */
    public Kind kind() {
        return kind;
    }

    /** The file as the kernel will open it: for a descriptor, its {@code /proc} name. */
    public Path file() {
        return file;
    }

    /** The descriptor, for {@link Kind#DESCRIPTOR}; otherwise -1. */
    public int descriptorNumber() {
        return descriptor;
    }

    /** Device and inode of the file (for a new file, of its directory, and its name). */
    public FileIdentity identity() {
        return identity;
    }

    /**
     * Checks that the output can be written, without writing it: a file's directory takes a new
     * file (tried, then removed, so {@code /proc} and read-only mounts fail here, not after the run);
     * an existing file or device is writable.
     *
     * @throws ConfigurationException naming the output, the path and the reason
     */
    public OutputTarget check() {
        switch (kind) {
            case DESCRIPTOR -> {
                // held open already; whether it takes bytes is known only by writing them
            }
            case FILE, NEW_FILE -> {
                if (kind == Kind.FILE && !Files.isWritable(file)) {
                    throw new ConfigurationException(cannot(what, given, "it is not writable"));
                }
                Path probe = temporary();
                try {
                    Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                            .close();
                } catch (IOException e) {
                    throw new ConfigurationException(
                            cannot(what, given, "cannot create a file in " + file.getParent() + ": " + reason(e)));
                } finally {
                    try {
                        Files.deleteIfExists(probe);
                    } catch (IOException ignored) {
                        // the probe's own failure, if any, is the one to report
                    }
                }
            }
            case WRITE_THROUGH -> {
                if (!Files.isWritable(file)) {
                    throw new ConfigurationException(cannot(what, given, "it is not writable"));
                }
            }
        }
        return this;
    }

    /**
     * Refuses two outputs that are one file, by identity: one would overwrite the other. Two
     * descriptors may share a file (standard output and error both to one log): each report is
     * written whole after the other, at the descriptor's offset, destroying nothing.
     *
     * @throws ConfigurationException naming both
     */
    public static void requireDistinct(List<OutputTarget> outputs) {
        List<OutputTarget> seen = new ArrayList<>();
        for (OutputTarget o : outputs) {
            for (OutputTarget s : seen) {
                if (s.identity.equals(o.identity) && !(s.kind == Kind.DESCRIPTOR && o.kind == Kind.DESCRIPTOR)) {
                    throw new ConfigurationException(s.what + " (" + s.given + ") and " + o.what + " (" + o.given
                            + ") are one file: each output needs a file of its own, or one would overwrite the other");
                }
            }
            seen.add(o);
        }
    }

    /** Writes the report now: {@link #stage} then {@link Staged#commit()}. */
    public void write(Body body) {
        stage(body).commit();
    }

    /**
     * Writes the whole report where no reader sees it yet: a temporary file beside a file, memory
     * for a descriptor or a device (so it goes out in one piece, not between other lines).
     *
     * @throws InfrastructureException naming the output if the report cannot be written
     */
    public Staged stage(Body body) {
        Staged s = kind == Kind.FILE || kind == Kind.NEW_FILE ? tempFile() : inMemory();
        try {
            body.writeTo(unclosable(s.stream()));
            s.stream().flush();
        } catch (Exception e) {
            s.discard();
            throw failed(e);
        }
        return s;
    }

    /**
     * A stream for a report written as the run goes: a file's goes to a temporary file renamed
     * into place by {@link Staged#commit()}; a descriptor's and a device's straight through.
     */
    public Staged open() {
        return switch (kind) {
            case FILE, NEW_FILE -> tempFile();
            case DESCRIPTOR, WRITE_THROUGH -> direct();
        };
    }

    private Path temporary() {
        return file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private Staged tempFile() {
        Path tmp = temporary();
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed(e);
        }
        OutputStream out = Channels.newOutputStream(ch);
        return new Staged() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    try (ch) {
                        out.flush();
                        ch.force(true);
                    }
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        keepMode(file, tmp);
                    }
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    deleteQuietly(tmp);
                    throw failed(e);
                }
            }

            @Override
            public void discard() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // dropped anyway
                }
                deleteQuietly(tmp);
            }
        };
    }

    private Staged inMemory() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        return new Staged() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return buf;
            }

            @Override
            public void commit() {
                if (done) {
                    return;
                }
                done = true;
                try (OutputStream out = target()) {
                    buf.writeTo(out);
                    out.flush();
                } catch (IOException e) {
                    throw failed(e);
                }
            }

            @Override
            public void discard() {
                done = true;
            }
        };
    }

    private Staged direct() {
        OutputStream out;
        try {
            out = target();
        } catch (IOException e) {
            throw failed(e);
        }
        return new Staged() {
            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() {
                try {
                    out.flush();
                    out.close();
                } catch (IOException e) {
                    throw failed(e);
                }
            }

            @Override
            public void discard() {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // what was written stays: a descriptor cannot be unwritten
                }
            }
        };
    }

    /** The descriptor, or the device opened for writing: never created, never truncated. */
    private OutputStream target() throws IOException {
        if (kind == Kind.DESCRIPTOR) {
            return descriptors.stream(descriptor);
        }
        return Channels.newOutputStream(FileChannel.open(file, StandardOpenOption.WRITE));
    }

    private InfrastructureException failed(Exception e) {
        return new InfrastructureException(cannot(what, given, reason(e)), e);
    }

    private static String cannot(String what, Path given, String reason) {
        return "cannot write " + what + " " + given + ": " + reason;
    }

    private static String reason(Exception e) {
        return Messages.reason(e);
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original failure is the one to report
        }
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

    @Override
    public String toString() {
        return what + " " + given + " (" + kind + ")";
    }
}
