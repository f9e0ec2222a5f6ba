package org.xtfharness.host;

import java.util.List;
import java.util.Optional;

/**
 * Reads files on a Xen host, locally or remotely, reading only what is asked for: logs can be
 * gigabytes and the runner never reads one whole.
 */
public interface HostFiles {

    /** The file's identity and size; empty if it does not exist. */
    Optional<FileStat> stat(String path);

    /**
     * Reads up to {@code length} bytes from {@code offset}; fewer at the end of the file, none
     * past it.
     */
    byte[] read(String path, long offset, int length);

    /** The names (not paths) of the entries of a directory, sorted; empty if it does not exist. */
    List<String> list(String directory);

    /** The file's whole content, refusing files larger than {@code maxBytes}. */
    byte[] readAll(String path, int maxBytes);

    /** True if the path is an existing directory. */
    boolean isDirectory(String path);
}
