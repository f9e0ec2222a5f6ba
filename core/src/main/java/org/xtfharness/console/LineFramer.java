package org.xtfharness.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns console bytes into lines: the one place the harness decides what a line is.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@code \n}, {@code \r\n} and a lone {@code \r} end a line; a run of {@code \r} followed or
 *       not by one {@code \n} is one line end (a serial console ends lines {@code \r\r\n}).</li>
 *   <li>Bytes are decoded as UTF-8; malformed input becomes U+FFFD, also when a sequence is split
 *       across {@link #feed} calls or cut off at the end of the input.</li>
 *   <li>NUL bytes are dropped and counted ({@link #droppedNulBytes()}).</li>
 *   <li>A line longer than the maximum is emitted in pieces of the maximum, so a guest that never
 *       prints a line end cannot make the framer grow without bound ({@link #splitLines()}).</li>
 *   <li>A last line without a line end is emitted by {@link #finish}.</li>
 * </ul>
 *
 * <p>Not thread-safe. After {@link #finish} the framer is ready for a new stream; its counters
 * keep accumulating.
 */
public final class LineFramer {

    /** The default longest line, in chars: 64 Ki. */
    public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

    private final int maxLineChars;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer decoded = CharBuffer.allocate(8192);
    private final StringBuilder line = new StringBuilder();
    /** Bytes of an incomplete UTF-8 sequence held back from the previous feed (at most 3). */
    private byte[] carry = new byte[0];
    /** The last char seen was a CR: a following LF (or further CRs) belongs to the same line end. */
    private boolean afterCr;
    /** The line being built has already been emitted in part. */
    private boolean currentLineSplit;

    private long droppedNulBytes;
    private long splitLines;

    /** A framer with the default maximum line length. */
    public LineFramer() {
        this(DEFAULT_MAX_LINE_CHARS);
    }

    /** A framer that splits lines longer than {@code maxLineChars} (at least 2, for surrogate pairs). */
    public LineFramer(int maxLineChars) {
        if (maxLineChars < 2) {
            throw new IllegalArgumentException("maxLineChars must be at least 2: " + maxLineChars);
        }
        this.maxLineChars = maxLineChars;
    }

    /** Frames a whole input with the default maximum line length. */
    public static List<String> frame(byte[] bytes) {
        LineFramer framer = new LineFramer();
        List<String> lines = new ArrayList<>();
        framer.feed(bytes, 0, bytes.length, lines::add);
        framer.finish(lines::add);
        return lines;
    }

    /** Feeds bytes; every line they complete goes to {@code out}. */
    public void feed(byte[] b, int off, int len, Consumer<String> out) {
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(out, "out");
        Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer in;
        if (carry.length > 0) {
            // Rare: only when the previous feed ended inside a multi-byte sequence.
            byte[] joined = new byte[carry.length + len];
            System.arraycopy(carry, 0, joined, 0, carry.length);
            System.arraycopy(b, off, joined, carry.length, len);
            in = ByteBuffer.wrap(joined);
        } else {
            in = ByteBuffer.wrap(b, off, len);
        }
        decode(in, false, out);
        carry = new byte[in.remaining()];
        in.get(carry);
    }

    /** Ends the stream: decodes a cut-off sequence as U+FFFD and emits a partial last line. */
    public void finish(Consumer<String> out) {
        Objects.requireNonNull(out, "out");
        ByteBuffer in = ByteBuffer.wrap(carry);
        decode(in, true, out);
        CoderResult r;
        do {
            r = decoder.flush(decoded);
            drain(out);
        } while (r.isOverflow());
        if (line.length() > 0) {
            emit(out);
        }
        carry = new byte[0];
        afterCr = false;
        currentLineSplit = false;
        decoder.reset();
    }

    /** NUL bytes dropped so far. */
    public long droppedNulBytes() {
        return droppedNulBytes;
    }

    /** Lines so far that were longer than the maximum and were emitted in pieces. */
    public long splitLines() {
        return splitLines;
    }

    /** The longest line this framer emits, in chars. */
    public int maxLineChars() {
        return maxLineChars;
    }

    private void decode(ByteBuffer in, boolean endOfInput, Consumer<String> out) {
        CoderResult r;
        do {
            r = decoder.decode(in, decoded, endOfInput);
            drain(out);
        } while (r.isOverflow());
    }

    private void drain(Consumer<String> out) {
        decoded.flip();
        while (decoded.hasRemaining()) {
            accept(decoded.get(), out);
        }
        decoded.clear();
    }

    private void accept(char c, Consumer<String> out) {
        switch (c) {
            case '\0' -> {
                // Dropped after decoding, not before: a NUL inside a multi-byte sequence must still
                // break that sequence rather than silently join its halves.
                droppedNulBytes++;
            }
            case '\r' -> {
                if (!afterCr) {
                    emit(out);
                    afterCr = true;
                }
            }
            case '\n' -> {
                if (afterCr) {
                    afterCr = false;
                } else {
                    emit(out);
                }
            }
            default -> {
                afterCr = false;
                if (line.length() >= maxLineChars) {
                    splitAtMaximum(c, out);
                }
                line.append(c);
            }
        }
    }

    private void splitAtMaximum(char next, Consumer<String> out) {
        if (!currentLineSplit) {
            splitLines++;
            currentLineSplit = true;
        }
        char last = line.charAt(line.length() - 1);
        if (Character.isHighSurrogate(last) && Character.isLowSurrogate(next)) {
            // Never cut a surrogate pair in two: carry the high half into the next piece.
            line.setLength(line.length() - 1);
            out.accept(line.toString());
            line.setLength(0);
            line.append(last);
        } else {
            out.accept(line.toString());
            line.setLength(0);
        }
    }

    private void emit(Consumer<String> out) {
        out.accept(line.toString());
        line.setLength(0);
        currentLineSplit = false;
    }
}
