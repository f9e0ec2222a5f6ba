package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.HarnessException;

/**
 * Properties of {@link OutputTarget} over generated path layouts: nested directories, regular
 * files, hard links, symbolic links (relative with {@code ..}, absolute, chained, looping,
 * dangling, into missing directories), character devices the test makes itself, and paths walked
 * through them with {@code ..} and {@code .}. The kernel is the oracle: a replica of each layout
 * is written to by a plain {@code open(2)}, and the harness must write the file the kernel wrote,
 * refuse what the kernel refused, and change nothing else (every entry's bytes, link text and
 * inode compared before and after).
 */
class OutputTargetPropertyTest {

    private static final int LAYOUTS = 150;

    @TempDir
    Path tmp;

    /** One entry of a tree, as compared before and after. */
    private record Entry(String type, long inode, String content) {}

    // ---------------------------------------------------------------- generated layouts

    /** Builds the layout {@code seed} under {@code root}; the same seed builds the same layout. */
    private static List<String> layout(long seed, Path root) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(root);
        List<String> dirs = new ArrayList<>(List.of(""));
        List<String> files = new ArrayList<>();
        List<String> names = new ArrayList<>(); // every entry, relative to root
        int nDirs = 1 + r.nextInt(3);
        for (int i = 0; i < nDirs; i++) {
            String d = join(pick(r, dirs), "d" + i);
            Files.createDirectory(root.resolve(d));
            dirs.add(d);
            names.add(d);
        }
        int nFiles = 1 + r.nextInt(4);
        for (int i = 0; i < nFiles; i++) {
            String f = join(pick(r, dirs), "f" + i);
            byte[] bytes = new byte[1 + r.nextInt(40)];
            r.nextBytes(bytes);
            Files.write(root.resolve(f), bytes);
            files.add(f);
            names.add(f);
        }
        int nHard = r.nextInt(3);
        for (int i = 0; i < nHard; i++) {
            String h = join(pick(r, dirs), "h" + i);
            Files.createLink(root.resolve(h), root.resolve(pick(r, files)));
            names.add(h);
        }
        if (r.nextInt(4) == 0) {
            String dev = join(pick(r, dirs), "dev" + seed % 10);
            // a null device of the test's own making: never one of the machine's real /dev nodes
            if (run("mknod", root.resolve(dev).toString(), "c", "1", "3")) {
                names.add(dev);
            }
        }
        int nLinks = 2 + r.nextInt(5);
        List<String> subdirs = dirs.subList(1, dirs.size());
        for (int i = 0; i < nLinks; i++) {
            String dir = r.nextBoolean() ? pick(r, subdirs) : pick(r, dirs); // more often deeper
            String l = join(dir, "l" + i);
            String target = switch (r.nextInt(10)) {
                case 8, 9 -> relative(dir, pick(r, subdirs)); // a directory, at another depth
                case 0 -> relative(dir, pick(r, names.isEmpty() ? files : names)); // to anything
                case 1 -> relative(dir, pick(r, files));
                case 2 -> relative(dir, pick(r, dirs)) + "/../x" + i; // `..` after a directory
                case 3 -> "l" + i; // itself: a loop
                case 4 -> "nz" + i + "/a/b"; // into a missing directory
                case 5 -> "new" + i; // dangling, in an existing directory
                case 6 -> root.resolve(pick(r, names.isEmpty() ? files : names)).toString(); // absolute
                default -> "l" + r.nextInt(nLinks); // another link: chains and loops
            };
            Files.createSymbolicLink(root.resolve(l), Path.of(target));
            names.add(l);
        }
        return names;
    }

    /**
     * A path walked from the root as a user might type it: at each step an entry of the directory
     * reached so far (as the kernel reaches it: through links), {@code ..}, {@code .} or a missing
     * name; then an existing entry or a new name. At most three {@code ..}: the walk stays in the
     * sandbox.
     */
    private static String pathIn(Random r, Path root) {
        StringBuilder b = new StringBuilder();
        int steps = r.nextInt(4);
        for (int i = 0; i < steps; i++) {
            Path at = Path.of(root + "/" + b);
            List<String> dirs = entries(at).stream()
                    .filter(n -> Files.isDirectory(at.resolve(n)))
                    .toList();
            List<String> here = dirs.isEmpty() || r.nextInt(4) == 0 ? entries(at) : dirs;
            int k = r.nextInt(10);
            b.append(k == 0 || here.isEmpty() ? ".." : k == 1 ? "." : k == 2 ? "nz" : pick(r, here));
            b.append('/');
        }
        List<String> here = entries(Path.of(root + "/" + b));
        b.append(here.isEmpty() || r.nextInt(4) == 0 ? "out" + r.nextInt(3) : pick(r, here));
        return b.toString();
    }

    /** The names in a directory, sorted; none if it is not one the kernel can list. */
    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String relative(String fromDir, String to) {
        int depth = fromDir.isEmpty() ? 0 : fromDir.split("/").length;
        String r = "../".repeat(depth) + to;
        return r.isEmpty() ? "." : r;
    }

    /**
     * Where layout {@code n} is built: three levels below its own sandbox, so the {@code ..} a
     * generated path climbs stays inside the sandbox, which is what is compared before and after.
     */
    private Path sandbox(String n) {
        return tmp.resolve(n);
    }

    private static Path root(Path sandbox) {
        return sandbox.resolve("u1/u2/r");
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static boolean run(String... cmd) {
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- snapshots

    /** Every entry under root, not following links: type, inode, and bytes or link text. */
    private static Map<String, Entry> snapshot(Path root) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                long ino = ((Number) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
                String content = a.isSymbolicLink()
                        ? "-> " + Files.readSymbolicLink(p)
                        : a.isRegularFile() ? Arrays.toString(Files.readAllBytes(p)) : "";
                String type =
                        a.isSymbolicLink() ? "link" : a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other";
                m.put(root.relativize(p).toString(), new Entry(type, a.isDirectory() ? 0 : ino, content));
            }
        }
        return m;
    }

    /** The entries that differ (or appeared, or went) between two snapshots. */
    private static Set<String> changed(Map<String, Entry> before, Map<String, Entry> after) {
        Set<String> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        Set<String> out = new HashSet<>();
        for (String k : all) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * What the kernel does with {@code rel} in a replica of layout {@code seed}: the entries that
     * received the marker (one file, or a hard-link group), empty if its {@code open(2)} failed,
     * or "device" if it opened something that is not a regular file.
     */
    private Optional<Set<String>> kernel(long seed, String rel, String replica) throws IOException {
        Path box = sandbox(replica);
        Path root = root(box);
        layout(seed, root);
        Map<String, Entry> before = snapshot(box);
        byte[] marker = ("marker " + seed + " " + rel).getBytes(StandardCharsets.UTF_8);
        try (OutputStream o =
                Files.newOutputStream(Path.of(root + "/" + rel), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            o.write(marker);
        } catch (IOException refused) {
            return Optional.empty();
        }
        Set<String> c = changed(before, snapshot(box));
        return Optional.of(c.isEmpty() ? Set.of("device") : c);
    }

    // ---------------------------------------------------------------- properties

    @Test
    void writesTheFileTheKernelWouldOpenRefusesWhatItWouldRefuseAndChangesNothingElse() throws Exception {
        int written = 0;
        int refused = 0;
        for (long seed = 1; seed <= LAYOUTS; seed++) {
            Path box = sandbox("t" + seed);
            Path root = root(box);
            layout(seed, root);
            Random r = new Random(seed * 31);
            String rel = pathIn(r, root);
            Optional<Set<String>> expected = kernel(seed, rel, "k" + seed);
            Path given = Path.of(root + "/" + rel);
            byte[] report = ("report " + seed).getBytes(StandardCharsets.UTF_8);
            Map<String, Entry> before = snapshot(box);
            String context = "layout " + seed + ": " + rel + " " + before;

            if (expected.isEmpty()) {
                // refused by the pre-run check, and by the writer itself
                assertThatThrownBy(() -> OutputTarget.resolve("--junit", given).check())
                        .as(context)
                        .isInstanceOf(HarnessException.class)
                        .hasMessageContaining("--junit")
                        .hasMessageContaining(given.toString());
                assertThatThrownBy(() -> ReportFiles.write(given, "--junit", out -> out.write(report)))
                        .as(context)
                        .isInstanceOf(HarnessException.class)
                        .hasMessageContaining(given.toString());
                assertThat(snapshot(box)).as(context).isEqualTo(before);
                refused++;
                continue;
            }
            OutputTarget t = OutputTarget.resolve("--junit", given).check();
            try {
                ReportFiles.write(given, "--junit", out -> out.write(report));
            } catch (HarnessException e) {
                fail(context + ": refused what the kernel wrote: " + e.getMessage());
            }
            Set<String> changed = changed(before, snapshot(box));
            if (expected.get().equals(Set.of("device"))) {
                assertThat(t.kind()).as(context).isEqualTo(OutputTarget.Kind.WRITE_THROUGH);
                assertThat(changed)
                        .as(context + ": a device is written through")
                        .isEmpty();
            } else {
                assertThat(changed).as(context + ": exactly one file changed").hasSize(1);
                String entry = changed.iterator().next();
                assertThat(expected.get()).as(context + ": the kernel's file").contains(entry);
                assertThat(Files.readAllBytes(box.resolve(entry))).as(context).isEqualTo(report);
                assertThat(Files.readAllBytes(given)).as(context).isEqualTo(report);
            }
            written++;
        }
        assertThat(written).as("layouts written").isGreaterThan(LAYOUTS / 5);
        assertThat(refused).as("layouts refused").isGreaterThan(LAYOUTS / 10);
    }

    @Test
    void twoOutputsAreOneFileExactlyWhenTheKernelOpensOneFileForBoth() throws Exception {
        int same = 0;
        int distinct = 0;
        for (long seed = 1; seed <= LAYOUTS; seed++) {
            Path box = sandbox("t" + seed);
            Path root = root(box);
            layout(seed, root);
            Random r = new Random(seed * 17);
            String a = pathIn(r, root);
            String b = r.nextBoolean() ? pathIn(r, root) : a.replace("/", "/./");
            Path kroot = root(sandbox("k" + seed));
            layout(seed, kroot);
            Optional<Boolean> oneFile = kernelSameFile(kroot, a, b);
            if (oneFile.isEmpty()) {
                continue; // the kernel cannot open one of them: the first property covers that
            }
            Map<String, Entry> before = snapshot(box);
            String context = "layout " + seed + ": " + a + " and " + b + " " + before;
            OutputTarget ta = OutputTarget.resolve("--junit", Path.of(root + "/" + a));
            OutputTarget tb = OutputTarget.resolve("--html", Path.of(root + "/" + b));
            if (oneFile.get()) {
                assertThatThrownBy(() -> OutputTarget.requireDistinct(List.of(ta, tb)))
                        .as(context)
                        .isInstanceOf(HarnessException.class)
                        .hasMessageContaining("are one file");
                same++;
            } else {
                OutputTarget.requireDistinct(List.of(ta, tb));
                ta.write(out -> out.write('A'));
                tb.write(out -> out.write('B'));
                if (ta.kind() != OutputTarget.Kind.WRITE_THROUGH) {
                    assertThat(Files.readString(Path.of(root + "/" + a)))
                            .as(context)
                            .isEqualTo("A");
                }
                if (tb.kind() != OutputTarget.Kind.WRITE_THROUGH) {
                    assertThat(Files.readString(Path.of(root + "/" + b)))
                            .as(context)
                            .isEqualTo("B");
                }
                assertThat(changed(before, snapshot(box)).size()).as(context).isLessThanOrEqualTo(2);
                distinct++;
            }
        }
        assertThat(same).as("pairs that are one file").isGreaterThan(5);
        assertThat(distinct).as("pairs that are two files").isGreaterThan(3);
    }

    /** Whether the kernel opens one file for both paths (by device and inode); empty if it cannot open one. */
    private static Optional<Boolean> kernelSameFile(Path root, String a, String b) {
        try {
            Path pa = Path.of(root + "/" + a);
            Path pb = Path.of(root + "/" + b);
            Files.newOutputStream(pa, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    .close();
            Files.newOutputStream(pb, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    .close();
            return Optional.of(FileIdentity.of(pa).equals(FileIdentity.of(pb)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- descriptors

    /** Descriptors 1 and 2 as a shell's {@code >> file} would leave them; the others are this JVM's own. */
    private static final class Redirected implements Descriptors {
        final Map<Integer, Path> files = new HashMap<>();

        @Override
        public Optional<FileIdentity> identity(int fd) throws IOException {
            Path f = files.get(fd);
            return f != null
                    ? Optional.of(FileIdentity.of(f))
                    : Descriptors.process().identity(fd);
        }

        @Override
        public OutputStream stream(int fd) throws IOException {
            Path f = files.get(fd);
            return f != null ? new FileOutputStream(f.toFile(), true) : Descriptors.process().stream(fd);
        }
    }

    @Test
    void aHeldDescriptorIsWrittenWhereItPointsNeverReopenedTruncatedOrReplaced() throws Exception {
        long pid = ProcessHandle.current().pid();
        for (long seed = 1; seed <= 60; seed++) {
            Path box = sandbox("t" + seed);
            Path root = root(box);
            layout(seed, root);
            Random r = new Random(seed * 7);
            List<String> regular = new ArrayList<>();
            snapshot(box).forEach((k, v) -> {
                if (v.type().equals("file")) {
                    regular.add(k);
                }
            });
            Path log = box.resolve(pick(r, regular));
            Redirected d = new Redirected();
            int kind = r.nextInt(3);
            Pipe pipe = null;
            FileOutputStream held = null;
            int fd;
            if (kind == 0) {
                fd = 1 + r.nextInt(2); // standard output or error, redirected to the log with >>
                d.files.put(fd, log);
            } else if (kind == 1) {
                Map<String, String> was = fds();
                held = new FileOutputStream(log.toFile(), true); // as `3>> log` would leave it
                fd = newFd(was, log.toRealPath().toString());
            } else {
                Map<String, String> was = fds();
                pipe = Pipe.open(); // as `| tee` leaves standard output
                fd = newFd(was, "pipe:");
            }
            String alias = switch (r.nextInt(5)) {
                case 0 -> "/proc/self/fd/" + fd;
                case 1 -> "/dev/fd/" + fd;
                case 2 -> "/proc/" + pid + "/fd/" + fd;
                case 3 -> fd == 1 ? "/dev/stdout" : fd == 2 ? "/dev/stderr" : "/proc/thread-self/fd/" + fd;
                default -> {
                    Path link = root.resolve("to-fd" + seed);
                    Files.createSymbolicLink(link, Path.of("/dev/fd/" + fd));
                    yield link.toString();
                }
            };
            Map<String, Entry> before = snapshot(box);
            byte[] old = Files.readAllBytes(log);
            String context = "layout " + seed + ": " + alias + " as descriptor " + fd;
            byte[] report = ("<report " + seed + "/>").getBytes(StandardCharsets.UTF_8);
            try {
                OutputTarget t =
                        OutputTarget.resolve("--junit", Path.of(alias), d).check();
                assertThat(t.kind()).as(context).isEqualTo(OutputTarget.Kind.DESCRIPTOR);
                assertThat(t.descriptorNumber()).as(context).isEqualTo(fd);
                t.write(out -> out.write(report));
                Map<String, Entry> after = snapshot(box);
                if (pipe != null) {
                    ByteBuffer got = ByteBuffer.allocate(report.length);
                    while (got.hasRemaining()) {
                        pipe.source().read(got);
                    }
                    assertThat(got.array()).as(context).isEqualTo(report);
                    assertThat(after)
                            .as(context + ": nothing in the tree changed")
                            .isEqualTo(before);
                } else {
                    byte[] both = Arrays.copyOf(old, old.length + report.length);
                    System.arraycopy(report, 0, both, old.length, report.length);
                    assertThat(Files.readAllBytes(log))
                            .as(context + ": appended, not replaced")
                            .isEqualTo(both);
                    Set<String> changed = changed(before, after);
                    String name = box.relativize(log).toString();
                    assertThat(after.get(name).inode())
                            .as(context + ": the same file")
                            .isEqualTo(before.get(name).inode());
                    // the log and its hard links (one inode) hold the report; nothing else changed
                    for (String c : changed) {
                        assertThat(after.get(c).inode())
                                .as(context + ": " + c)
                                .isEqualTo(before.get(name).inode());
                    }
                }
            } finally {
                if (held != null) {
                    held.close();
                }
                if (pipe != null) {
                    pipe.sink().close();
                    pipe.source().close();
                }
            }
        }
    }

    @Test
    void aDescriptorAndAFileAreOneFileWhenTheDescriptorIsOpenOnIt() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            Path box = sandbox("t" + seed);
            Path root = root(box);
            layout(seed, root);
            Random r = new Random(seed * 5);
            String rel = pathIn(r, root);
            Path given = Path.of(root + "/" + rel);
            Optional<Set<String>> k = kernel(seed, rel, "kk" + seed);
            if (k.isEmpty() || k.get().equals(Set.of("device"))) {
                continue;
            }
            // standard output redirected to the file the report path reaches: `run --junit P >> P`
            Files.newOutputStream(given, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    .close();
            Redirected d = new Redirected();
            d.files.put(1, box.resolve(k.get().iterator().next()));
            OutputTarget report = OutputTarget.resolve("--junit", given, d);
            OutputTarget stdout =
                    OutputTarget.descriptor("standard output", 1, d).orElseThrow();
            assertThatThrownBy(() -> OutputTarget.requireDistinct(List.of(report, stdout)))
                    .as("layout " + seed + ": " + rel)
                    .hasMessageContaining("are one file");
            OutputTarget viaDevice = OutputTarget.resolve("--html", Path.of("/dev/stdout"), d);
            OutputTarget.requireDistinct(List.of(viaDevice, stdout)); // both the descriptor: appended, not replaced
        }
    }

    /** This process's descriptors and what each is open on (a listing's own descriptor comes and goes). */
    private static Map<String, String> fds() throws IOException {
        Map<String, String> m = new HashMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    m.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
                } catch (IOException gone) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return m;
    }

    /** The descriptor opened since {@code was} whose link reads {@code target} (for a pipe: its write end). */
    private static int newFd(Map<String, String> was, String target) throws IOException {
        for (Map.Entry<String, String> e : fds().entrySet()) {
            String n = e.getKey();
            String to = e.getValue();
            if (to.equals(was.get(n)) || !to.startsWith(target)) {
                continue;
            }
            if (target.equals("pipe:")) {
                String info = Files.readString(Path.of("/proc/self/fdinfo/" + n));
                String flags = info.lines()
                        .filter(l -> l.startsWith("flags:"))
                        .findFirst()
                        .orElse("flags: 0")
                        .substring(6)
                        .trim();
                if ((Integer.parseInt(flags, 8) & 3) != 1) {
                    continue; // the read end
                }
            }
            return Integer.parseInt(n);
        }
        throw new IllegalStateException("no new descriptor on " + target);
    }
}
