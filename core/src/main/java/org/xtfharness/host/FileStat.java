package org.xtfharness.host;

import java.util.Objects;

/**
 * A file's identity, size and kind on a host. Identity (device and inode) is what tells a log that
 * was replaced from one that grew; the kind is what keeps the harness from opening a FIFO (which
 * blocks until someone writes) or a directory where it expects a file.
 *
 * @param device the device number
 * @param inode the inode number
 * @param size the size in bytes (0 for most {@code /proc} files, whatever they hold)
 * @param kind regular file, directory or something else, symbolic links followed
 */
public record FileStat(long device, long inode, long size, Kind kind) {

    /** What sort of file it is. */
    public enum Kind {
        /** A regular file: the only kind the harness reads. */
        REGULAR,
        /** A directory. */
        DIRECTORY,
        /** A FIFO, socket or device. */
        OTHER;

        /** The kind from the type bits ({@code S_IFMT}) of a POSIX {@code st_mode}. */
        public static Kind ofMode(int mode) {
            return switch (mode & 0170000) {
                case 0100000 -> REGULAR;
                case 0040000 -> DIRECTORY;
                default -> OTHER;
            };
        }
    }

    public FileStat {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        Objects.requireNonNull(kind, "kind");
    }

    /** A regular file. */
    public FileStat(long device, long inode, long size) {
        this(device, inode, size, Kind.REGULAR);
    }

    /** The same file (device and inode), whatever its size now. */
    public boolean sameFileAs(FileStat other) {
        return other != null && device == other.device && inode == other.inode;
    }
}
