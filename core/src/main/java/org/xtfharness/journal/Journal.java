package org.xtfharness.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.HarnessException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.run.ResultStore;
import org.xtfharness.run.TestResult;

/**
 * A run's journal: a header line naming the run, then one JSON line per finished attempt, each
 * forced to disk before {@link #append} returns, so a result that was reported survives a crash
 * of the runner or of the machine.
 *
 * <p>The file is created new and only ever appended to, by its run and by the runs that resume it
 * ({@link #openForAppend}). If a write fails (a full disk), the
 * partial line is cut off again where possible, and the failure is an
 * {@link InfrastructureException} naming the file; a journal whose partial line could not be cut
 * off refuses further appends rather than bury a corrupt line in the middle.
 *
 * <p>A journal open for writing holds an exclusive lock on its file until {@link #close}: a second
 * run appending to it (two {@code --resume} of one journal) is refused, not interleaved.
 *
 * <p>It is the runner's {@link ResultStore}: each result is on disk before anyone hears of it.
 */
public final class Journal implements ResultStore, Closeable {

    /** The header's {@code format}: bump it when lines change incompatibly. */
    public static final int FORMAT = 1;

    private static final String HEADER_TYPE = "xtf-harness-journal";

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final FileChannel channel;
    private String broken;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates a new journal and writes its header, forced to disk.
     *
     * @throws ConfigurationException if the file already exists or its directory does not
     * @throws InfrastructureException if it cannot be written
     */
    public static Journal create(Path file, Header header) {
        return create(
                file,
                header,
                f -> FileChannel.open(
                        f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /**
     * Creates a new journal in {@code dir} under a name no other journal there has:
     * {@code xtf-harness-journal-<started>.jsonl}, with {@code -2}, {@code -3}... added when two runs
     * start in the same second.
     *
     * @throws ConfigurationException if the directory does not exist
     * @throws InfrastructureException if it cannot be written
     */
    public static Journal createIn(Path dir, Header header) {
        String stem = "xtf-harness-journal-" + NAME_TIME.format(header.started());
        for (int n = 1; ; n++) {
            Path file = dir.resolve(stem + (n == 1 ? "" : "-" + n) + ".jsonl");
            FileChannel ch;
            try {
                ch = FileChannel.open(
                        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (FileAlreadyExistsException taken) {
                continue; // another run's, perhaps started this same second
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(
                        "cannot create a journal in " + dir + ": the directory does not " + "exist");
            } catch (IOException e) {
                throw new InfrastructureException("cannot create journal " + file + ": " + Messages.reason(e), e);
            }
            return create(file, header, f -> ch);
        }
    }

    /** How the file is opened; tests pass a channel that fails like a full disk. */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    static Journal create(Path file, Header header, Opener opener) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        FileChannel ch;
        try {
            ch = opener.open(file);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException(
                    "journal " + file + " already exists: a journal belongs to one run; " + "choose a new file");
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot create journal " + file + ": its directory does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("cannot create journal " + file + ": " + Messages.reason(e), e);
        }
        lock(file, ch);
        Journal j = new Journal(file, ch);
        try {
            j.writeLine(TestResultJson.write(header.toJson()));
        } catch (HarnessException e) {
            j.close();
            throw e;
        }
        return j;
    }

    /**
     * Opens an existing journal to append the results of a resumed run ({@code --resume}): the
     * header must name {@code host}, and an incomplete last line (the runner was killed while
     * writing it) is cut off first, forced to disk, so the next line starts clean. Appends are
     * forced to disk exactly as after {@link #create}.
     *
     * @return the journal, open for appending, and what it already held
     * @throws ConfigurationException naming the file if it is missing, corrupt, or from another host
     * @throws InfrastructureException if it cannot be opened or repaired
     */
    public static Resumed openForAppend(Path file, String host) {
        return openForAppend(file, host, f -> FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    static Resumed openForAppend(Path file, String host, Opener opener) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(host, "host");
        FileChannel ch;
        try {
            ch = opener.open(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("journal " + file + " does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("cannot open journal " + file + " to append: " + Messages.reason(e), e);
        }
        // Locked before it is read: what another run appends meanwhile would be run again here.
        lock(file, ch);
        Contents before;
        byte[] all;
        try {
            all = readThrough(file, ch);
            before = parse(file, all);
            if (!before.header().host().equals(host)) {
                throw new ConfigurationException("journal " + file + " is from a run on "
                        + before.header().host() + ", not " + host + ": resume it against the same host");
            }
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
        try {
            int lastEnd = lastIndexOf(all, (byte) '\n') + 1;
            if (before.truncated().isPresent()) {
                // A torn last line, already reported by read(): cut it off so the next line starts clean.
                ch.truncate(lastEnd);
                ch.force(true);
            } else if (lastEnd < all.length) {
                // A complete last line that only lacks its line end: give it one.
                ch.position(all.length);
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                ch.force(true);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InfrastructureException(
                    "cannot repair journal " + file + " before appending: " + Messages.reason(e), e);
        }
        return new Resumed(new Journal(file, ch), before);
    }

    /**
     * Reads the file through the channel that holds its lock: with POSIX locks, closing any other
     * descriptor of the file would drop the lock.
     */
    private static byte[] readThrough(Path file, FileChannel ch) {
        try {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new ConfigurationException("journal " + file + " is too large to be a journal");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // until full, or the file shrank under us
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (IOException e) {
            throw new InfrastructureException("cannot read journal " + file + ": " + Messages.reason(e), e);
        }
    }

    /** Takes the file's exclusive lock for as long as the channel is open, or closes it and says who holds it. */
    private static void lock(Path file, FileChannel ch) {
        FileLock held;
        try {
            held = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this process holds it already: as busy as another's
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InfrastructureException("cannot lock journal " + file + ": " + Messages.reason(e), e);
        }
        if (held == null) {
            closeQuietly(ch);
            throw new ConfigurationException("journal " + file + " is in use by another run (it is locked): "
                    + "wait for that run to end, or give another journal");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing: the first failure is the one to report
        }
    }

    /**
     * A journal reopened for a resumed run.
     *
     * @param journal open for appending
     * @param earlier what the file held when it was opened
     */
    public record Resumed(Journal journal, Contents earlier) {

        public Resumed {
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(earlier, "earlier");
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    /**
     * Appends one result and forces it to disk.
     *
     * @throws InfrastructureException naming the file if it cannot be written
     */
    @Override
    public synchronized void append(TestResult result) {
        writeLine(TestResultJson.toLine(result));
    }

    private synchronized void writeLine(String line) {
        if (broken != null) {
            throw new InfrastructureException(
                    "journal " + file + " is unusable since an earlier write failed (" + broken + ")");
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        long before = -1;
        try {
            before = channel.size();
            channel.position(before);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            cutBackTo(before, e);
            throw new InfrastructureException(
                    "cannot write journal " + file + " (disk full?): " + Messages.reason(e), e);
        }
    }

    private void cutBackTo(long size, IOException cause) {
        try {
            if (size < 0) {
                throw new IOException("size unknown");
            }
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            broken = Messages.reason(cause);
        }
    }

    /** Closes the file; every appended line is already on disk. */
    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new InfrastructureException("cannot close journal " + file + ": " + Messages.reason(e), e);
        }
    }

    /**
     * Reads a journal back.
     *
     * <p>A last line without its line end that does not parse is what a runner killed while
     * writing it leaves behind: it is dropped and reported in {@link Contents#truncated()}. Any
     * other line that does not parse is corruption.
     *
     * @throws ConfigurationException naming the line number of a corrupt line
     * @throws InfrastructureException if the file cannot be read
     */
    public static Contents read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("journal " + file + " does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read journal " + file + ": " + Messages.reason(e), e);
        }
        return parse(file, all);
    }

    private static Contents parse(Path file, byte[] all) {
        String text = new String(all, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        boolean terminated = text.endsWith("\n");
        lines.remove(lines.size() - 1); // after the last '\n': empty, or an unterminated line
        String unterminated = terminated ? null : text.substring(text.lastIndexOf('\n') + 1);
        if (lines.isEmpty()) {
            throw new ConfigurationException("journal " + file + " has no complete header line"
                    + (unterminated == null ? " (the file is empty)" : ""));
        }
        Header header;
        try {
            header = Header.fromJson(TestResultJson.MAPPER.readTree(lines.get(0)));
        } catch (JsonProcessingException | ConfigurationException e) {
            throw new ConfigurationException("journal " + file + " line 1 is not a journal header: " + message(e), e);
        }
        List<TestResult> results = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            results.add(parse(file, i + 1, lines.get(i)));
        }
        Optional<String> truncated = Optional.empty();
        if (unterminated != null) {
            int number = lines.size() + 1;
            try {
                results.add(TestResultJson.fromLine(unterminated));
            } catch (ConfigurationException e) {
                truncated = Optional.of("journal " + file + " line " + number + " is incomplete ("
                        + unterminated.length() + " bytes; the runner was stopped while writing it) and was ignored");
            }
        }
        return new Contents(header, results, truncated);
    }

    private static TestResult parse(Path file, int number, String line) {
        try {
            return TestResultJson.fromLine(line);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(
                    "journal " + file + " line " + number + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? Messages.json(j) : e.getMessage();
    }

    /**
     * The first line of a journal: which run it belongs to.
     *
     * @param harnessVersion the xtf-harness version that wrote it
     * @param started when the run started
     * @param host where the run ran ({@code local}, {@code ssh://...}, {@code simulated})
     * @param shard which shard of which selection the run ran, when it ran one ({@code --shard});
     *     absent in journals of whole runs and in those written before shards existed
     */
    public record Header(String harnessVersion, Instant started, String host, Optional<ShardRecord> shard) {

        public Header {
            Objects.requireNonNull(harnessVersion, "harnessVersion");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(shard, "shard");
        }

        /** The header of a run of a whole selection. */
        public Header(String harnessVersion, Instant started, String host) {
            this(harnessVersion, started, host, Optional.empty());
        }

        /** The same header, for this shard. */
        public Header withShard(ShardRecord s) {
            return new Header(harnessVersion, started, host, Optional.of(s));
        }

        ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("type", HEADER_TYPE);
            o.put("format", FORMAT);
            o.put("harnessVersion", harnessVersion);
            o.put("started", started.toString());
            o.put("host", host);
            // An added key, not a new format: older readers ignore it, and older journals lack it.
            shard.ifPresent(s -> o.set("shard", s.toJson()));
            return o;
        }

        static Header fromJson(JsonNode n) {
            if (n == null || !n.isObject() || !HEADER_TYPE.equals(n.path("type").asText(null))) {
                throw new ConfigurationException("no \"type\": \"" + HEADER_TYPE + "\"");
            }
            if (n.path("format").asInt(-1) != FORMAT) {
                throw new ConfigurationException("format " + n.path("format") + " is not the supported " + FORMAT);
            }
            Optional<ShardRecord> shard =
                    n.has("shard") ? Optional.of(ShardRecord.fromJson(n.get("shard"))) : Optional.empty();
            try {
                return new Header(
                        textOf(n, "harnessVersion"), Instant.parse(textOf(n, "started")), textOf(n, "host"), shard);
            } catch (DateTimeParseException e) {
                throw new ConfigurationException("bad \"started\": " + e.getParsedString());
            }
        }

        private static String textOf(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isTextual()) {
                throw new ConfigurationException("\"" + key + "\" must be a string");
            }
            return v.textValue();
        }
    }

    /**
     * Which shard of which selection a journal's run ran, so that merging shards' journals can check
     * they are the pieces of one selection, each once, none missing.
     *
     * @param index the shard, from 1
     * @param total how many shards the selection was split into
     * @param selection the whole selection's digest ({@code sha256:...} of its sorted instance names)
     * @param selected how many instances the whole selection has
     * @param instances this shard's instances, in the order they were selected
     * @param xenVersion the host's {@code xen_version}, when known, for baseline rules limited to Xen versions
     */
    public record ShardRecord(
            int index, int total, String selection, int selected, List<String> instances, Optional<String> xenVersion) {

        public ShardRecord {
            if (total < 1 || index < 1 || index > total) {
                throw new ConfigurationException("shard " + index + "/" + total + " does not exist");
            }
            Objects.requireNonNull(selection, "selection");
            instances = List.copyOf(instances);
            if (selected < instances.size()) {
                throw new ConfigurationException(
                        "a shard of " + instances.size() + " instances of a selection of " + selected);
            }
            Objects.requireNonNull(xenVersion, "xenVersion");
        }

        /** As {@code --shard} takes it: {@code K/N}. */
        public String describe() {
            return index + "/" + total;
        }

        ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("index", index);
            o.put("total", total);
            o.put("selection", selection);
            o.put("selected", selected);
            instances.forEach(o.putArray("instances")::add);
            xenVersion.ifPresent(v -> o.put("xenVersion", v));
            return o;
        }

        static ShardRecord fromJson(JsonNode n) {
            if (n == null || !n.isObject()) {
                throw new ConfigurationException("\"shard\" must be an object");
            }
            JsonNode list = n.get("instances");
            if (list == null || !list.isArray()) {
                throw new ConfigurationException("\"shard\".\"instances\" must be a list of names");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode e : list) {
                if (!e.isTextual()) {
                    throw new ConfigurationException("\"shard\".\"instances\" must be a list of names");
                }
                names.add(e.textValue());
            }
            JsonNode version = n.get("xenVersion");
            return new ShardRecord(
                    intOf(n, "index"),
                    intOf(n, "total"),
                    Header.textOf(n, "selection"),
                    intOf(n, "selected"),
                    names,
                    version != null && version.isTextual() ? Optional.of(version.textValue()) : Optional.empty());
        }

        private static int intOf(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new ConfigurationException("\"shard\".\"" + key + "\" must be a whole number");
            }
            return v.intValue();
        }
    }

    /**
     * What a journal holds.
     *
     * @param header the run it belongs to
     * @param results every complete result, in the order written
     * @param truncated a note on an incomplete last line that was dropped, if there was one
     */
    public record Contents(Header header, List<TestResult> results, Optional<String> truncated) {

        public Contents {
            Objects.requireNonNull(header, "header");
            results = List.copyOf(results);
            Objects.requireNonNull(truncated, "truncated");
        }

        /**
         * The results that count for a resume: the last one journalled for each instance (a later
         * attempt supersedes an earlier one), in the order first written.
         */
        public List<TestResult> finalResults() {
            LinkedHashMap<String, TestResult> last = new LinkedHashMap<>();
            results.forEach(r -> last.put(r.instance(), r));
            return List.copyOf(last.values());
        }
    }
}
