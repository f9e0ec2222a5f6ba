package org.xtfharness.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.LocalHostFiles;

/**
 * The simulated host's file system: host paths ({@code /var/log/xen/console/...}) are files under
 * the host's root directory on this machine, read as local files are. A path that leaves the root
 * (through {@code ..}) does not exist.
 */
final class SimulatedFiles implements HostFiles {

    private final Path root;
    private final LocalHostFiles local = new LocalHostFiles();

    SimulatedFiles(Path root) {
        this.root = root;
    }

    /** Where a host path lives on this machine; empty if it is not an absolute path inside the root. */
    Optional<Path> real(String hostPath) {
        if (!hostPath.startsWith("/")) {
            return Optional.empty();
        }
        Path p = root.resolve(hostPath.substring(1)).normalize();
        return p.startsWith(root) ? Optional.of(p) : Optional.empty();
    }

    private String local(String hostPath) {
        // Outside the root: a name that cannot exist, so every read answers "no such file".
        return real(hostPath).orElse(root.resolve("\u0001outside")).toString();
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return local.stat(local(path));
    }

    @Override
    public byte[] read(String path, long offset, int length) {
        return local.read(local(path), offset, length);
    }

    @Override
    public List<String> list(String directory) {
        return local.list(local(directory));
    }

    @Override
    public byte[] readAll(String path, int maxBytes) {
        return local.readAll(local(path), maxBytes);
    }

    @Override
    public boolean isDirectory(String path) {
        return local.isDirectory(local(path));
    }
}
