package org.xtfharness.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.time.TimeSource;

/**
 * Reads a growing serial log from where it left off and looks for the domain's end as its {@link
 * SerialProtocol} reads it (Xen's end message, {@link XenEndMessages}, for an initial domain; the
 * test's last line or Xen's crash line for a domU): in linear time and a fixed amount of memory,
 * however much the log grows and however its lines end, and never past the caller's deadline.
 *
 * <p>Memory: one read buffer ({@value #CHUNK_BYTES} bytes), the line being built (at most
 * {@value #MAX_LINE_BYTES} bytes: a longer line is no message of Xen's, whose {@code printk}
 * buffer is 1 KiB, and is skipped to its end), and the last {@value #EVIDENCE_LINES} lines of
 * Xen's own as evidence. Time: each byte is looked at once; a line is made into a string only when
 * it starts with {@code (} (Xen's {@code (XEN)}, a domU's {@code (d1)}). A line ends at {@code \n} or {@code \r}, as {@code
 * org.xtfharness.console.LineFramer} frames them; empty lines are nothing. Bytes are ISO-8859-1:
 * Xen's messages are ASCII, anything else only passes through.
 *
 * <p>It also keeps what tells a hang from a slow host or a QEMU that never booted: how many bytes
 * arrived, when the last of them did, and whether Xen ever printed a line of its own.
 */
final class SerialLogScanner implements AutoCloseable {

    static final int CHUNK_BYTES = 64 << 10;
    static final int MAX_LINE_BYTES = 8 << 10;
    static final int EVIDENCE_LINES = 200;

    private static final byte[] XEN = XenEndMessages.XEN_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final Path serial;
    private final TimeSource time;
    private final SerialProtocol protocol;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).flip();
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private final ArrayDeque<String> xenTail = new ArrayDeque<>();
    private FileChannel channel;
    private int lineLength;
    /** The current line outgrew the buffer: skipped up to its end. */
    private boolean skipping;

    private long bytes;
    private long lastArrivalNanos;
    private long xenLines;
    private boolean caughtUp;
    private boolean closed;

    /** A reader of an initial domain's log. */
    SerialLogScanner(Path serial, TimeSource time) {
        this(serial, time, SerialProtocols.initialDomain());
    }

    SerialLogScanner(Path serial, TimeSource time, SerialProtocol protocol) {
        this.serial = serial;
        this.time = time;
        this.protocol = protocol;
    }

    /** {@link #nextEnd}'s reason alone. */
    Optional<ShutdownReason> next(boolean last, long deadlineNanos) {
        return nextEnd(last, deadlineNanos).map(SerialProtocol.End::reason);
    }

    /**
     * Reads what was added since the last call, up to the end of the log or until {@code
     * deadlineNanos} (a {@link TimeSource#nanoTime()} value) has passed, whichever is first.
     *
     * @param last QEMU has ended: an unfinished last line is taken as finished
     * @return how the domain ended, if a line read says so
     */
    synchronized Optional<SerialProtocol.End> nextEnd(boolean last, long deadlineNanos) {
        caughtUp = false;
        while (true) {
            if (!chunk.hasRemaining()) {
                if (time.nanoTime() - deadlineNanos >= 0) {
                    return Optional.empty();
                }
                int n = read();
                if (n <= 0) {
                    caughtUp = true;
                    return unfinishedLine(last);
                }
                bytes += n;
                lastArrivalNanos = time.nanoTime();
            }
            Optional<SerialProtocol.End> end = scanChunk();
            if (end.isPresent()) {
                return end;
            }
        }
    }

    private int read() {
        try {
            if (closed) {
                return -1;
            }
            if (channel == null) {
                channel = FileChannel.open(serial, StandardOpenOption.READ);
            }
            chunk.clear();
            int n = channel.read(chunk);
            chunk.flip();
            return n;
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the serial log " + serial + ": " + e.getMessage(), e);
        }
    }

    /** Frames the buffer's bytes, stopping right after a line that says how the domain ended. */
    private Optional<SerialProtocol.End> scanChunk() {
        byte[] a = chunk.array();
        int p = chunk.position();
        int limit = chunk.limit();
        while (p < limit) {
            byte b = a[p++];
            if (b == '\n' || b == '\r') {
                Optional<SerialProtocol.End> end = lineEnded();
                if (end.isPresent()) {
                    chunk.position(p);
                    return end;
                }
            } else if (skipping) {
                continue;
            } else if (lineLength == MAX_LINE_BYTES) {
                skipping = true;
                lineLength = 0;
            } else {
                line[lineLength++] = b;
            }
        }
        chunk.position(p);
        return Optional.empty();
    }

    private Optional<SerialProtocol.End> lineEnded() {
        skipping = false;
        Optional<String> marked = markedLine();
        lineLength = 0;
        if (marked.isEmpty()) {
            return Optional.empty();
        }
        String l = marked.get();
        if (XenEndMessages.isXenLine(l)) {
            xenLines++;
            if (xenTail.size() == EVIDENCE_LINES) {
                xenTail.removeFirst();
            }
            xenTail.addLast(l);
        }
        return protocol.end(l, true);
    }

    /** The line being built, stripped, if it starts with '(' as Xen's and Xen's copies of a domU's do. */
    private Optional<String> markedLine() {
        int start = 0;
        while (start < lineLength && (line[start] & 0xff) <= ' ') {
            start++;
        }
        if (lineLength - start < XEN.length || line[start] != XEN[0]) {
            return Optional.empty();
        }
        return Optional.of(new String(line, start, lineLength - start, StandardCharsets.ISO_8859_1).strip());
    }

    private Optional<SerialProtocol.End> unfinishedLine(boolean last) {
        if (skipping || lineLength == 0) {
            return Optional.empty();
        }
        if (last) {
            return lineEnded();
        }
        // Xen prints "crashed: " without its line end and the rest only later.
        return markedLine().flatMap(l -> protocol.end(l, false));
    }

    /** The last complete line Xen printed, if any. */
    synchronized Optional<String> lastXenLine() {
        return Optional.ofNullable(xenTail.peekLast());
    }

    /** The last {@value #EVIDENCE_LINES} (at most) lines of Xen's own. */
    synchronized List<String> xenTail() {
        return List.copyOf(xenTail);
    }

    /** How many lines of Xen's own were read. */
    synchronized long xenLineCount() {
        return xenLines;
    }

    /** Bytes read so far. */
    synchronized long bytesRead() {
        return bytes;
    }

    /** Whether the last {@link #next} read up to the end of the log (rather than stopping at its deadline). */
    synchronized boolean caughtUp() {
        return caughtUp;
    }

    /** How long ago the last bytes arrived, if any ever did. */
    synchronized Optional<Duration> sinceLastBytes() {
        return bytes == 0 ? Optional.empty() : Optional.of(time.since(lastArrivalNanos));
    }

    /** Releases the log; later reads find nothing more. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // A read-only channel: nothing was written that closing could lose.
            }
            channel = null;
        }
    }
}
