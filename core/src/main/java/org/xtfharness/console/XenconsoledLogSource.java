package org.xtfharness.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.console.ConsoleCapture.Location;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.HostStep;

/**
 * Reads one run's output from xenconsoled's guest log, {@code <dir>/guest-<name>.log}.
 *
 * <p>xenconsoled appends to the same log every time a domain of that name is created, so the log
 * holds earlier runs too. {@link #open} therefore takes a <em>mark</em> before the domain exists:
 * the log's identity (device, inode) or its absence, its size, and the last bytes before that size
 * as a fingerprint. {@link ConsoleSession#collect} waits for the log to settle, then reads only
 * bytes written after the mark, however the log was treated in between:
 * <ul>
 *   <li>the same file, grown, fingerprint intact: from the mark ({@link Location#FROM_MARK});</li>
 *   <li>absent at the mark: the whole file ({@link Location#NEW_FILE});</li>
 *   <li>the same file, shrunk or rewritten (copytruncate): the whole file, all of it written after
 *       the mark ({@link Location#AFTER_TRUNCATION});</li>
 *   <li>another file (rotated by rename, recreated after SIGHUP): the marked file's tail after the
 *       mark, found among its rotations ({@code guest-NAME.log.1}, ...) by identity and the bytes
 *       before the mark, then the whole new file
 *       ({@link Location#AFTER_REPLACEMENT}).</li>
 * </ul>
 * Of those bytes at most {@link LogCaptureOptions#maxBytes()} are read, from the end. Within them
 * this run starts at the last XTF banner line; without one at the first {@code Logfile Opened}
 * marker; without one at the start. The search goes backwards in chunks and never reads a byte
 * written before the mark.
 *
 * <p>Over ssh each file operation is a round trip. A session {@linkplain #openDeferringMark opened
 * deferring its mark} therefore offers the mark (the agent's {@link AgentRequest.Mark}) to ride in the
 * create's round trip, with the domain still paused, and the settle and read (the agent's {@link
 * AgentRequest.Settle}, which waits on the host until the log is quiet or known complete) to ride
 * in the wait's, run on the host as soon as it has seen the domain's end: the common path then
 * costs no round trip of its own. What those steps bring is used only for the common case (the
 * same file, grown); anything else is looked at again as above.
 */
public final class XenconsoledLogSource implements ConsoleSource {

    static final int DEFAULT_CHUNK = 256 * 1024;
    static final int FINGERPRINT_BYTES = 64;

    private static final byte[] BANNER = "--- Xen Test Framework ---".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER = TimestampPrefix.LOGFILE_OPENED.getBytes(StandardCharsets.US_ASCII);

    private final HostFiles files;
    private final LogLayout layout;
    private final LogCaptureOptions options;
    private final int chunk;

    XenconsoledLogSource(HostFiles files, LogLayout layout, LogCaptureOptions options, int chunk) {
        this.files = Objects.requireNonNull(files, "files");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.options = Objects.requireNonNull(options, "options");
        if (chunk < 64) {
            throw new IllegalArgumentException("chunk too small: " + chunk);
        }
        this.chunk = chunk;
    }

    @Override
    public ConsoleSession open(String domainName) {
        Session s = new Session(layout.pathFor(domainName));
        s.takeMark();
        return s;
    }

    /** The mark is taken with the domain paused: carried by {@link ConsoleSession#whilePaused()}, or in {@link ConsoleSession#attach}. */
    @Override
    public ConsoleSession openDeferringMark(String domainName) {
        return new Session(layout.pathFor(domainName));
    }

    @Override
    public String describe() {
        String token = "xtfharness-domain-name";
        return "xenconsoled log " + layout.pathFor(token).replace(token, "%s");
    }

    private byte[] fingerprint(String path, long size) {
        int len = (int) Math.min(FINGERPRINT_BYTES, size);
        return files.read(path, size - len, len);
    }

    /** The first line of a step's output, and the bytes after it; empty without a line end. */
    private static Optional<String> headerOf(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                return Optional.of(new String(out, 0, i, StandardCharsets.US_ASCII));
            }
        }
        return Optional.empty();
    }

    /** The log at the mark: present with this identity, size and fingerprint (null when absent). */
    private record Mark(FileStat stat, byte[] fingerprint) {}

    /**
     * What the carried {@link AgentRequest.Settle} brought: the log's stat once settled, the
     * fingerprint's bytes before the mark and the log's last bytes after it.
     */
    private record Prefetched(
            FileStat stat, boolean settled, long fingerprintAt, byte[] fingerprint, long tailAt, byte[] tail) {}

    /** Bytes {@code [from, to)} of one file. */
    private record Segment(String path, long from, long to) {
        long length() {
            return to - from;
        }
    }

    private final class Session implements ConsoleSession {
        private final String path;
        private boolean marked;
        /** Null when the log did not exist at the mark. */
        private Mark mark;
        /** Reads through the carried output where it holds the bytes asked for. */
        private HostFiles reader = files;

        private Prefetched prefetched;

        Session(String path) {
            this.path = path;
        }

        void takeMark() {
            if (!files.isDirectory(layout.directory())) {
                throw new ConfigurationException("xenconsoled's guest log directory " + layout.directory()
                        + " does not exist: xenconsoled is probably not logging guests (start it with --log=guest,"
                        + " or XENCONSOLED_TRACE=guest), or logs elsewhere (--log-dir)");
            }
            Optional<FileStat> stat = files.stat(path);
            mark = stat.map(s -> new Mark(s, fingerprint(path, s.size()))).orElse(null);
            marked = true;
        }

        @Override
        public Optional<HostStep> whilePaused() {
            Optional<String> target = files.commandTarget();
            if (marked || target.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(step(
                    target.get(),
                    new AgentRequest.Mark(layout.directory(), path, FINGERPRINT_BYTES),
                    this::acceptMark));
        }

        private void acceptMark(byte[] out) {
            Optional<String> header = headerOf(out);
            if (header.isEmpty() || marked) {
                return;
            }
            String[] w = header.get().split(" ");
            int rest = header.get().length() + 1;
            try {
                if (w.length == 1 && w[0].equals("absent")) {
                    mark = null;
                    marked = true;
                } else if (w.length == 5 && w[0].equals("present")) {
                    FileStat stat = FileStat.parse(w, 1);
                    if (stat.kind() == FileStat.Kind.REGULAR
                            && out.length - rest == Math.min(FINGERPRINT_BYTES, stat.size())) {
                        mark = new Mark(stat, Arrays.copyOfRange(out, rest, out.length));
                        marked = true;
                    }
                }
            } catch (NumberFormatException unreadable) {
                // not marked: attach takes the mark itself
            }
        }

        @Override
        public void attach(DomainId id, Duration deadline) {
            if (!marked) {
                takeMark();
            }
        }

        @Override
        public Optional<HostStep> atEnd() {
            Optional<String> target = files.commandTarget();
            if (!marked || target.isEmpty()) {
                return Optional.empty();
            }
            long from = mark == null ? 0 : mark.stat().size();
            int fp = mark == null ? 0 : mark.fingerprint().length;
            AgentRequest.Settle request = new AgentRequest.Settle(
                    path,
                    options.settleQuiet().toMillis(),
                    options.settleMax().toMillis(),
                    from,
                    fp,
                    options.maxBytes());
            return Optional.of(step(target.get(), request, out -> acceptSettled(out, from, fp)));
        }

        private void acceptSettled(byte[] out, long from, int fp) {
            Optional<String> header = headerOf(out);
            if (header.isEmpty()) {
                return;
            }
            String[] w = header.get().split(" ");
            int rest = header.get().length() + 1;
            if (w.length != 6 || !w[0].equals("log")) {
                return;
            }
            try {
                FileStat stat = FileStat.parse(w, 1);
                // Only the common case is taken as carried; a log replaced since the mark is looked
                // at again, with the directory, by the session itself.
                if (mark != null && !stat.sameFileAs(mark.stat())) {
                    return;
                }
                long tailAt = Math.max(from, stat.size() - options.maxBytes());
                if (out.length - rest != fp + (stat.size() - tailAt)) {
                    return;
                }
                prefetched = new Prefetched(
                        stat,
                        w[5].equals("settled"),
                        from - fp,
                        Arrays.copyOfRange(out, rest, rest + fp),
                        tailAt,
                        Arrays.copyOfRange(out, rest + fp, out.length));
            } catch (NumberFormatException unreadable) {
                // not taken: collect reads by itself
            }
        }

        @Override
        public ConsoleCapture collect() {
            if (!marked) {
                throw new IllegalStateException("collect before the mark of " + path + " was taken (attach first)");
            }
            List<String> notes = new ArrayList<>();
            Optional<FileStat> now;
            if (prefetched != null) {
                if (!prefetched.settled()) {
                    notes.add(unsettledNote());
                }
                reader = new PrefetchedFiles(files, path, prefetched);
                now = Optional.of(prefetched.stat());
            } else {
                settle(notes);
                now = files.stat(path);
            }
            List<Segment> region = new ArrayList<>();
            Location location = locate(now, region, notes);
            return capture(region, location, notes);
        }

        private void settle(List<String> notes) {
            long start = options.time().nanoTime();
            long lastChange = start;
            Optional<FileStat> last = files.stat(path);
            while (true) {
                long t = options.time().nanoTime();
                Duration quiet = Duration.ofNanos(t - lastChange);
                Duration waited = Duration.ofNanos(t - start);
                if (quiet.compareTo(options.settleQuiet()) >= 0) {
                    return;
                }
                if (waited.compareTo(options.settleMax()) >= 0) {
                    notes.add(unsettledNote());
                    return;
                }
                Duration step = min(
                        options.settleQuiet().minus(quiet), options.settleMax().minus(waited));
                try {
                    options.time().sleep(step.isZero() ? Duration.ofMillis(1) : step);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    notes.add("interrupted while waiting for the log to settle: output may be incomplete");
                    return;
                }
                Optional<FileStat> s = files.stat(path);
                if (!s.equals(last)) {
                    last = s;
                    lastChange = options.time().nanoTime();
                }
            }
        }

        private String unsettledNote() {
            return "the log was still being written after waiting "
                    + options.settleMax().toMillis() + " ms for it to settle: later output is not in this capture";
        }

        private Location locate(Optional<FileStat> now, List<Segment> region, List<String> notes) {
            if (now.isEmpty()) {
                if (mark == null) {
                    throw new InfrastructureException("no guest log was written at " + path
                            + " (is xenconsoled logging guests? it needs --log=guest or XENCONSOLED_TRACE=guest,"
                            + " and --log-dir if the logs go elsewhere)");
                }
                Optional<Segment> old = findMarkedFile();
                if (old.isEmpty()) {
                    throw new InfrastructureException("the guest log " + path + " disappeared after the mark"
                            + " and none of its rotations in " + directory() + " is the marked file"
                            + ": this run's output cannot be found");
                }
                region.add(old.get());
                notes.add(path + " disappeared after the mark (renamed?); read its old file "
                        + old.get().path() + " from byte " + old.get().from());
                return Location.AFTER_REPLACEMENT;
            }
            FileStat cur = now.get();
            if (mark == null) {
                region.add(new Segment(path, 0, cur.size()));
                return Location.NEW_FILE;
            }
            if (cur.sameFileAs(mark.stat())) {
                if (unchangedBeforeMark(path, cur)) {
                    region.add(new Segment(path, mark.stat().size(), cur.size()));
                    return Location.FROM_MARK;
                }
                region.add(new Segment(path, 0, cur.size()));
                notes.add(path + " was truncated or rewritten after the mark (copytruncate rotation?): " + "all of its "
                        + cur.size() + " bytes were written after the mark");
                return Location.AFTER_TRUNCATION;
            }
            Optional<Segment> old = findMarkedFile();
            if (old.isPresent()) {
                region.add(old.get());
                region.add(new Segment(path, 0, cur.size()));
                notes.add(path + " was replaced after the mark (rotated, or reopened after SIGHUP): read the old file "
                        + old.get().path() + " from byte " + old.get().from() + ", then " + path + " whole");
            } else {
                region.add(new Segment(path, 0, cur.size()));
                notes.add(path + " was replaced after the mark and none of its rotations in " + directory()
                        + " is the marked file: output written to it before the replacement may be lost");
            }
            return Location.AFTER_REPLACEMENT;
        }

        /** Same file, not shorter than at the mark, and the bytes before the mark are still there. */
        private boolean unchangedBeforeMark(String file, FileStat cur) {
            long size = mark.stat().size();
            if (cur.size() < size) {
                return false;
            }
            byte[] fp = mark.fingerprint();
            return Arrays.equals(fp, reader.read(file, size - fp.length, fp.length));
        }

        /**
         * The marked file renamed by a rotation ({@code guest-NAME.log.1}, {@code guest-NAME.log-DATE}):
         * its bytes after the mark. Only this log's own rotations are looked at, never another file
         * with the marked identity: a rotation that replaces an older rotated file frees an inode, and
         * the next log the host creates, another guest's say, may get it (the soak saw a run take
         * another's output that way). And its bytes before the mark must still be the marked ones.
         */
        private Optional<Segment> findMarkedFile() {
            String dir = directory();
            String own = path.substring(path.lastIndexOf('/') + 1);
            for (String name : files.list(dir)) {
                if (!isRotationOf(name, own)) {
                    continue;
                }
                String candidate = dir + "/" + name;
                Optional<FileStat> s = files.stat(candidate);
                if (s.isPresent() && s.get().sameFileAs(mark.stat()) && unchangedBeforeMark(candidate, s.get())) {
                    return Optional.of(
                            new Segment(candidate, mark.stat().size(), s.get().size()));
                }
            }
            return Optional.empty();
        }

        private static boolean isRotationOf(String name, String own) {
            return name.length() > own.length()
                    && name.startsWith(own)
                    && ".-_".indexOf(name.charAt(own.length())) >= 0;
        }

        private String directory() {
            return path.substring(0, path.lastIndexOf('/'));
        }

        private ConsoleCapture capture(List<Segment> region, Location location, List<String> notes) {
            long total = region.stream().mapToLong(Segment::length).sum();
            long windowStart = Math.max(0, total - options.maxBytes());
            int n = (int) (total - windowStart);
            // buf holds the window's last bytes, window position base at index 0. It starts one chunk
            // long and grows (doubling) only while the search goes on: the banner is nearly always in
            // the last chunk, and allocating the whole window (up to maxBytes) up front cost more than
            // all the rest of a capture. Indices below are window positions; buf is indexed at i - base.
            byte[] buf = new byte[Math.min(n, chunk)];
            int base = n - buf.length;

            // Backwards, chunk by chunk: the last banner; failing that, the first marker.
            int filled = n;
            int considered = n;
            int banner = -1;
            int firstMarker = -1;
            while (filled > 0 && banner < 0) {
                int len = Math.min(chunk, filled);
                if (filled - len < base) {
                    int cap = (int) Math.min(n, Math.max(2L * buf.length, (long) n - (filled - len)));
                    byte[] bigger = new byte[cap];
                    System.arraycopy(buf, filled - base, bigger, cap - (n - filled), n - filled);
                    buf = bigger;
                    base = n - cap;
                }
                readRegion(region, windowStart + filled - len, buf, filled - len - base, len);
                filled -= len;
                // A candidate needs up to a timestamp and a line end before it to be judged. That also
                // keeps every look-behind at or after filled (>= base), and base is 0 once filled is.
                int lowest = filled == 0 ? 0 : filled + TimestampPrefix.LENGTH + 1;
                for (int i = considered - 1; i >= lowest && banner < 0; i--) {
                    int k = i - base;
                    if (startsWith(buf, k, BANNER)) {
                        int b = lineStart(buf, k, BANNER.length, false);
                        banner = b < 0 ? -1 : b + base;
                    } else if (startsWith(buf, k, MARKER)) {
                        int m = lineStart(buf, k, MARKER.length, true);
                        if (m >= 0) {
                            firstMarker = m + base;
                        }
                    }
                }
                considered = Math.min(considered, lowest);
            }

            int start;
            long dropped = 0;
            long skipped;
            if (banner >= 0 || firstMarker >= 0) {
                start = banner >= 0 ? banner : firstMarker;
                skipped = windowStart + start;
            } else {
                start = 0;
                skipped = 0;
                dropped = windowStart;
            }
            if (dropped > 0) {
                notes.add("the output exceeded the capture limit of " + options.maxBytes()
                        + " bytes: dropped the first " + dropped + " bytes, and the XTF banner was not among the rest");
            }
            if (skipped > 0 && !onlyMarkers(buf, filled, start, windowStart)) {
                notes.add("skipped " + skipped + " bytes written after the mark but before this run's start ("
                        + (banner >= 0 ? "its XTF banner" : "xenconsoled's Logfile Opened marker") + ")");
            }

            LineFramer framer = new LineFramer();
            List<String> lines = new ArrayList<>();
            framer.feed(buf, start - base, n - start, raw -> {
                if (!TimestampPrefix.isLogfileOpened(raw)) {
                    lines.add(TimestampPrefix.strip(raw));
                }
            });
            framer.finish(raw -> {
                if (!TimestampPrefix.isLogfileOpened(raw)) {
                    lines.add(TimestampPrefix.strip(raw));
                }
            });
            if (framer.droppedNulBytes() > 0) {
                notes.add("dropped " + framer.droppedNulBytes() + " NUL bytes");
            }
            if (framer.splitLines() > 0) {
                notes.add(framer.splitLines() + " line(s) longer than " + framer.maxLineChars()
                        + " characters were split");
            }
            String origin = region.size() == 1
                    ? region.get(0).path()
                    : region.stream()
                            .map(Segment::path)
                            .reduce((a, b) -> a + " + " + b)
                            .orElse(path);
            return new ConsoleCapture(lines, (n - start) + dropped, dropped, origin, location, notes);
        }

        /** True if the skipped bytes were all read and hold nothing but markers and blank lines. */
        private boolean onlyMarkers(byte[] buf, int filled, int start, long windowStart) {
            if (windowStart > 0 || filled > 0) {
                return false;
            }
            for (String line : LineFramer.frame(Arrays.copyOfRange(buf, 0, start))) {
                if (!line.isBlank() && !TimestampPrefix.isLogfileOpened(line)) {
                    return false;
                }
            }
            return true;
        }

        private void readRegion(List<Segment> region, long offset, byte[] dest, int destOff, int len) {
            long segStart = 0;
            for (Segment s : region) {
                long segEnd = segStart + s.length();
                while (len > 0 && offset < segEnd && offset >= segStart) {
                    int n = (int) Math.min(len, segEnd - offset);
                    byte[] got = reader.read(s.path(), s.from() + (offset - segStart), n);
                    if (got.length == 0) {
                        throw new InfrastructureException(
                                s.path() + " shrank while being read (at byte " + (s.from() + offset - segStart) + ")");
                    }
                    int k = Math.min(got.length, n);
                    System.arraycopy(got, 0, dest, destOff, k);
                    offset += k;
                    destOff += k;
                    len -= k;
                }
                segStart = segEnd;
            }
            if (len > 0) {
                throw new IllegalStateException("read past the region: " + len + " bytes left");
            }
        }
    }

    private static boolean startsWith(byte[] buf, int at, byte[] pattern) {
        if (at + pattern.length > buf.length) {
            return false;
        }
        for (int k = 0; k < pattern.length; k++) {
            if (buf[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the line holding {@code buf[at, at+len)} starts, if that text is the whole line apart
     * from an optional (or, for the marker, required) timestamp prefix and trailing blanks; else -1.
     */
    private static int lineStart(byte[] buf, int at, int len, boolean needTimestamp) {
        int end = at + len;
        while (end < buf.length && isBlank(buf[end])) {
            end++;
        }
        if (end < buf.length && buf[end] != '\n' && buf[end] != '\r') {
            return -1;
        }
        if (!needTimestamp && (at == 0 || isLineEnd(buf[at - 1]))) {
            return at;
        }
        int ts = at - TimestampPrefix.LENGTH;
        if (TimestampPrefix.isPrefixAt(buf, ts) && (ts == 0 || isLineEnd(buf[ts - 1]))) {
            return ts;
        }
        return -1;
    }

    private static boolean isLineEnd(byte b) {
        return b == '\n' || b == '\r';
    }

    private static boolean isBlank(byte b) {
        // What String.stripTrailing() removes in ASCII, and NUL, which the framer drops.
        return b == ' ' || b == '\t' || b == 0x0b || b == '\f' || b == 0 || (b >= 0x1c && b <= 0x1f);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static HostStep step(String target, AgentRequest request, Consumer<byte[]> accept) {
        return new HostStep() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public AgentRequest request() {
                return request;
            }

            @Override
            public void accept(byte[] stdout) {
                accept.accept(stdout);
            }
        };
    }

    /** The log's files with the carried bytes of one path served from memory, anything else read from the host. */
    private record PrefetchedFiles(HostFiles files, String path, Prefetched p) implements HostFiles {

        @Override
        public Optional<FileStat> stat(String file) {
            return file.equals(path) ? Optional.of(p.stat()) : files.stat(file);
        }

        @Override
        public byte[] read(String file, long offset, int length) {
            if (file.equals(path)) {
                Optional<byte[]> got = slice(p.fingerprintAt(), p.fingerprint(), offset, length)
                        .or(() -> slice(p.tailAt(), p.tail(), offset, length));
                if (got.isPresent()) {
                    return got.get();
                }
            }
            return files.read(file, offset, length);
        }

        private Optional<byte[]> slice(long at, byte[] bytes, long offset, int length) {
            if (offset < at || offset + length > at + bytes.length) {
                return Optional.empty();
            }
            int from = (int) (offset - at);
            return Optional.of(Arrays.copyOfRange(bytes, from, from + length));
        }

        @Override
        public List<String> list(String directory) {
            return files.list(directory);
        }

        @Override
        public byte[] readAll(String file, int maxBytes) {
            return files.readAll(file, maxBytes);
        }

        @Override
        public boolean isDirectory(String file) {
            return files.isDirectory(file);
        }
    }
}
