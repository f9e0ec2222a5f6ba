package org.xtfharness.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;

/** A hand-written fake host file system: files in a map, directories implied by their paths. */
final class InMemoryTree implements HostFiles {

    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();
    private final TreeSet<String> specials = new TreeSet<>();
    final List<String> calls = new ArrayList<>();

    InMemoryTree file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    InMemoryTree file(String path, byte[] content) {
        files.put(path, content.clone());
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            dirs.add(path.substring(0, i));
        }
        return this;
    }

    InMemoryTree dir(String path) {
        dirs.add(path);
        return this;
    }

    /** A FIFO, socket or device: reading it would block, so the fake fails the test if it is opened. */
    InMemoryTree special(String path) {
        specials.add(path);
        return dir(path.substring(0, path.lastIndexOf('/')));
    }

    /** A built test: info.json and one cfg per instance. */
    InMemoryTree test(String root, String name, String category, List<String> envs, List<String> variations) {
        String json = "{\n    \"name\": \"" + name + "\",\n    \"category\": \"" + category + "\",\n"
                + "    \"environments\": [" + quoted(envs) + "],\n    \"variations\": [" + quoted(variations)
                + "]\n}\n";
        file(root + "/tests/" + name + "/info.json", json);
        for (String env : envs) {
            file(root + "/tests/" + name + "/test-" + env + "-" + name, "ELF");
            if (variations.isEmpty()) {
                file(root + "/tests/" + name + "/test-" + env + "-" + name + ".cfg", "name=\"x\"\n");
            }
            for (String v : variations) {
                file(root + "/tests/" + name + "/test-" + env + "-" + name + "~" + v + ".cfg", "name=\"x\"\n");
            }
        }
        return this;
    }

    void remove(String path) {
        files.remove(path);
    }

    private static String quoted(List<String> words) {
        return String.join(", ", words.stream().map(w -> "\"" + w + "\"").toList());
    }

    @Override
    public Optional<FileStat> stat(String path) {
        calls.add("stat " + path);
        if (dirs.contains(path) || specials.contains(path)) {
            return Optional.of(new FileStat(
                    1, path.hashCode(), 0, dirs.contains(path) ? FileStat.Kind.DIRECTORY : FileStat.Kind.OTHER));
        }
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(new FileStat(1, path.hashCode(), b.length));
    }

    @Override
    public byte[] read(String path, long offset, int length) {
        calls.add("read " + path);
        if (specials.contains(path)) {
            throw new AssertionError("opened " + path + ", which is not a regular file: a real read would block");
        }
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalStateException("no such file in the fake: " + path);
        }
        int from = (int) Math.min(offset, b.length);
        return Arrays.copyOfRange(b, from, (int) Math.min(b.length, (long) from + length));
    }

    @Override
    public List<String> list(String directory) {
        calls.add("list " + directory);
        String prefix = directory + "/";
        TreeSet<String> out = new TreeSet<>();
        for (String p : files.keySet()) {
            if (p.startsWith(prefix)) {
                out.add(p.substring(prefix.length()).split("/", 2)[0]);
            }
        }
        for (String d : specials) {
            if (d.startsWith(prefix)) {
                out.add(d.substring(prefix.length()).split("/", 2)[0]);
            }
        }
        for (String d : dirs) {
            if (d.startsWith(prefix)) {
                out.add(d.substring(prefix.length()).split("/", 2)[0]);
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public byte[] readAll(String path, int maxBytes) {
        calls.add("readAll " + path);
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalStateException("no such file in the fake: " + path);
        }
        if (b.length > maxBytes) {
            throw new IllegalStateException("too large: " + path);
        }
        return b.clone();
    }

    @Override
    public boolean isDirectory(String path) {
        calls.add("isDirectory " + path);
        return dirs.contains(path);
    }
}
