package org.xtfharness.host;

import java.util.List;
import java.util.Optional;

/**
 * Reads files on a Xen host, locally or remotely, reading only what is asked for: logs can be
 * gigabytes and the runner never reads one whole.
 */
public interface HostFiles {

    /** The file's identity, size and kind (symbolic links followed); empty if it does not exist. */
    Optional<FileStat> stat(String path);

    /**
     * Reads up to {@code length} bytes from {@code offset}; fewer at the end of the file, none
     * past it. Like {@link #readAll}, it never opens anything but a regular file.
     */
    byte[] read(String path, long offset, int length);

    /** The names (not paths) of the entries of a directory, sorted; empty if it does not exist. */
    List<String> list(String directory);

    /**
     * The file's whole content, read to its end whatever size it reports ({@code /proc} files report
     * 0), refusing files larger than {@code maxBytes} and anything but a regular file.
     */
    byte[] readAll(String path, int maxBytes);

    /** True if the path is an existing directory. */
    boolean isDirectory(String path);

    /**
     * Where these files are read by commands, as a {@link org.xtfharness.process.CommandRunner#target()}
     * ({@code local}, {@code ssh://root@host}): a {@link HostStep} on them may ride in the round trip
     * of a runner with that target. Empty where no runner reaches them (a simulated host's files).
     */
    default Optional<String> commandTarget() {
        return Optional.empty();
    }

    /**
     * These files, with {@code directory}'s entries, each subdirectory's entries and the first
     * {@code maxBytes} bytes of each subdirectory's regular file {@code fileName} read ahead, where
     * that saves round trips (one command over ssh where walking a tree costs three a subdirectory):
     * what an XTF catalogue reads of {@code tests/}. What was read ahead answers as these files would
     * have, at that moment; anything else is read from the host. The default reads nothing ahead.
     */
    default HostFiles readingAhead(String directory, String fileName, int maxBytes) {
        return this;
    }
}
