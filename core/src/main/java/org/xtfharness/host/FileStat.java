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

    /**
     * The four words {@code stat -L -c '%d %i %s %f'} prints (device, inode and size in decimal, the
     * mode in hex), from {@code words[at]}: the one reader of that format, which the harness's host
     * scripts print.
     *
     * @throws NumberFormatException where a word is missing or not a number
     */
    public static FileStat parse(String[] words, int at) {
        if (at < 0 || words.length < at + 4) {
            throw new NumberFormatException("expected DEVICE INODE SIZE MODE");
        }
        return new FileStat(
                Long.parseLong(words[at]),
                Long.parseLong(words[at + 1]),
                Long.parseLong(words[at + 2]),
                Kind.ofMode(Integer.parseInt(words[at + 3], 16)));
    }

    /** The same file (device and inode), whatever its size now. */
    public boolean sameFileAs(FileStat other) {
        return other != null && device == other.device && inode == other.inode;
    }
}
