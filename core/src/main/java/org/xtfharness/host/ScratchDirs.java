package org.xtfharness.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Temporary directories of this machine's own (the simulated host's files, the drop-in's unasked
 * journal) that a SIGKILLed run would leave behind, and the removal of such leftovers later. A
 * directory is removed only when it is provably ours and abandoned: a real directory (not a link)
 * owned by this user, whose marker file records that same directory's identity (device and inode)
 * and an owning process that is no longer alive (its pid gone, or reused by a process started at
 * another time). A name alone never suffices: a directory of the same prefix without our marker,
 * or whose marker names another directory, is left alone.
 */
public final class ScratchDirs {

    /** The marker file inside each scratch directory. */
    public static final String MARKER = ".xtf-harness-scratch";

    private static final String MAGIC = "xtf-harness scratch directory 1";

    private ScratchDirs() {}

    /** A new scratch directory in the system's temporary directory, its name starting {@code prefix}. */
    public static Path create(String prefix) throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** A new scratch directory in {@code parent}, marked as this process's. */
    public static Path create(Path parent, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(parent, prefix).toRealPath();
        ProcessHandle self = ProcessHandle.current();
        String started = self.info().startInstant().map(Instant::toString).orElse("unknown");
        Files.writeString(
                dir.resolve(MARKER),
                MAGIC + "\nidentity " + identity(dir) + "\npid " + self.pid() + "\nstarted " + started + "\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * Removes the abandoned scratch directories named {@code prefix*} in {@code parent} (see the
     * class comment), returning those removed. Never throws: a leftover that cannot be removed is
     * left for the next time.
     */
    public static List<Path> removeAbandoned(Path parent, String prefix) {
        return removeAbandoned(parent, prefix, ScratchDirs::alive);
    }

    /** The same, with {@code owner} telling whether the marker's process still runs. */
    static List<Path> removeAbandoned(Path parent, String prefix, OwnerCheck owner) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path dir : entries) {
                if (abandoned(dir, owner) && deleteTree(dir)) {
                    removed.add(dir);
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // Best effort: leftovers are only space.
        }
        return removed;
    }

    /** Whether the process {@code pid}, started at {@code started} (empty: unknown), still runs. */
    @FunctionalInterface
    interface OwnerCheck {
        boolean alive(long pid, Optional<Instant> started);
    }

    private static boolean abandoned(Path dir, OwnerCheck owner) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()
                    || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS)
                            .getName()
                            .equals(System.getProperty("user.name"))) {
                return false;
            }
            Path marker = dir.resolve(MARKER);
            BasicFileAttributes m = Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!m.isRegularFile() || m.size() > 4096) {
                return false;
            }
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            Map<String, String> fields = lines.stream()
                    .skip(1)
                    .filter(l -> l.indexOf(' ') > 0)
                    .collect(Collectors.toMap(
                            l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1), (x, y) -> x));
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC) || !identity(dir).equals(fields.get("identity"))) {
                return false;
            }
            long pid = Long.parseLong(Objects.requireNonNullElse(fields.get("pid"), "x"));
            Optional<Instant> started = Optional.ofNullable(fields.get("started"))
                    .filter(s -> !s.equals("unknown"))
                    .map(Instant::parse);
            return pid != ProcessHandle.current().pid() && !owner.alive(pid, started);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean alive(long pid, Optional<Instant> started) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            return false;
        }
        Optional<Instant> now = p.get().info().startInstant();
        // A pid reused by a process started at another time is not the owner; unknown times count as alive.
        return started.isEmpty() || now.isEmpty() || now.get().equals(started.get());
    }

    /** The directory's device and inode as the file system reports them, never its name. */
    private static String identity(Path dir) throws IOException {
        Object key = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        if (key == null) {
            throw new IOException("no file identity for " + dir);
        }
        return key.toString();
    }

    /** Deletes the tree without following a link out of it; false when anything is left. */
    public static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
