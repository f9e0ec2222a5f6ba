package org.xtfharness.host;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Files with one directory's tree read ahead ({@link HostFiles#readingAhead}): its entries, each
 * subdirectory's entries and each subdirectory's one file, answered from memory as the host
 * answered at the walk; every other question goes to the host.
 */
final class TreeAhead implements HostFiles {

    /** A subdirectory: its entries (sorted, as the host's list gives them), and its file as read, or its kind. */
    private record Sub(List<String> entries, Optional<byte[]> file, Optional<FileStat.Kind> kind) {}

    private final HostFiles files;
    private final String dir;
    private final String fileName;
    private final Map<String, Sub> subs;
    private final List<String> names;
    private final int maxBytes;

    private TreeAhead(
            HostFiles files, String dir, String fileName, int maxBytes, Map<String, Sub> subs, List<String> names) {
        this.files = files;
        this.maxBytes = maxBytes;
        this.dir = dir;
        this.fileName = fileName;
        this.subs = subs;
        this.names = names;
    }

    /** The walk's records (see {@code CommandHostFiles.TREE}); IllegalArgumentException if unreadable. */
    static TreeAhead parse(HostFiles files, String directory, String fileName, int maxBytes, String out) {
        String[] t = out.split("\0", -1);
        if (t.length == 0 || !t[t.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the walk's output does not end with a NUL");
        }
        Map<String, Sub> subs = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        String current = null;
        List<String> entries = null;
        Optional<byte[]> file = Optional.empty();
        Optional<FileStat.Kind> kind = Optional.empty();
        int i = 0;
        while (i < t.length - 1) {
            String tag = t[i++];
            switch (tag) {
                case "N", "D", "C" -> {
                    if (i >= t.length - 1) {
                        throw new IllegalArgumentException("a record without its name");
                    }
                    String name = t[i++];
                    if (tag.equals("C")) {
                        if (entries == null) {
                            throw new IllegalArgumentException("an entry outside a directory");
                        }
                        entries.add(name);
                        continue;
                    }
                    if (current != null) {
                        subs.put(current, new Sub(entries.stream().sorted().toList(), file, kind));
                    }
                    names.add(name);
                    current = tag.equals("D") ? name : null;
                    entries = tag.equals("D") ? new ArrayList<>() : null;
                    file = Optional.empty();
                    kind = Optional.empty();
                }
                case "F" -> {
                    if (current == null || i >= t.length - 1) {
                        throw new IllegalArgumentException("a file outside a directory");
                    }
                    file = Optional.of(HexFormat.of().parseHex(t[i++]));
                    kind = Optional.of(FileStat.Kind.REGULAR);
                }
                case "T", "O" -> {
                    if (current == null) {
                        throw new IllegalArgumentException("a file outside a directory");
                    }
                    kind = Optional.of(tag.equals("T") ? FileStat.Kind.DIRECTORY : FileStat.Kind.OTHER);
                }
                default -> throw new IllegalArgumentException("an unknown record: " + tag);
            }
        }
        if (current != null) {
            subs.put(current, new Sub(entries.stream().sorted().toList(), file, kind));
        }
        String dir = directory.endsWith("/") && directory.length() > 1
                ? directory.substring(0, directory.length() - 1)
                : directory;
        return new TreeAhead(files, dir, fileName, maxBytes, subs, List.copyOf(names));
    }

    /** The entry's name for a path directly below the directory, else empty. */
    private Optional<String> entry(String path) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        return names.contains(rest) ? Optional.of(rest) : Optional.empty();
    }

    /** The subdirectory whose file the path is, else empty. */
    private Optional<Sub> fileOf(String path) {
        String suffix = "/" + fileName;
        if (!path.endsWith(suffix)) {
            return Optional.empty();
        }
        return entry(path.substring(0, path.length() - suffix.length()))
                .map(subs::get)
                .filter(s -> s.entries().contains(fileName));
    }

    @Override
    public Optional<FileStat> stat(String path) {
        Optional<Sub> s = fileOf(path);
        if (s.isEmpty()) {
            return files.stat(path);
        }
        // Only the kind is known (and the size read): a catalogue asks no more of it.
        return s.get()
                .kind()
                .map(k -> new FileStat(0, 0, s.get().file().map(b -> b.length).orElse(0), k));
    }

    @Override
    public byte[] read(String path, long offset, int length) {
        Optional<byte[]> bytes = fileOf(path).flatMap(Sub::file);
        // Past what was read ahead (a file at least that long, asked for more) only the host knows.
        if (bytes.isEmpty() || offset != 0 || length > bytes.get().length && bytes.get().length >= maxBytes) {
            return files.read(path, offset, length);
        }
        byte[] b = bytes.get();
        byte[] out = new byte[Math.min(length, b.length)];
        System.arraycopy(b, 0, out, 0, out.length);
        return out;
    }

    @Override
    public List<String> list(String directory) {
        if (directory.equals(dir) || directory.equals(dir + "/")) {
            return names;
        }
        Optional<String> e = entry(directory);
        if (e.isEmpty()) {
            return files.list(directory);
        }
        Sub s = subs.get(e.get());
        return s == null ? List.of() : s.entries();
    }

    @Override
    public byte[] readAll(String path, int maxBytes) {
        return files.readAll(path, maxBytes);
    }

    @Override
    public boolean isDirectory(String path) {
        if (path.equals(dir) || path.equals(dir + "/")) {
            return true;
        }
        Optional<String> e = entry(path);
        return e.isPresent() ? subs.containsKey(e.get()) : files.isDirectory(path);
    }

    @Override
    public Optional<String> commandTarget() {
        return files.commandTarget();
    }
}
