package org.xtfharness.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.time.TimeSource;

/**
 * One guest log as xenconsoled keeps it: opened for append (created if missing) when the console
 * connects, optionally stamping each line, closed when the domain goes away.
 *
 * <p>The timestamp rules follow xenconsoled's: the stamp is taken once per chunk of console data,
 * written lazily before the first byte of each line, only {@code \n} ends a line, and {@code \r}
 * bytes straight after a {@code \n} are dropped. Not thread-safe: the host serialises access.
 */
final class XenconsoledLog {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'['yyyy-MM-dd HH:mm:ss'] '");
    private static final byte[] OPENED = "Logfile Opened\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final boolean timestamps;
    private final TimeSource time;
    private FileChannel channel;
    private boolean needStamp;

    private XenconsoledLog(Path path, boolean timestamps, TimeSource time) {
        this.path = path;
        this.timestamps = timestamps;
        this.time = time;
    }

    /** Opens (appending, creating) the log, writing the {@code Logfile Opened} line if stamping. */
    static XenconsoledLog open(Path path, boolean timestamps, TimeSource time) {
        XenconsoledLog log = new XenconsoledLog(path, timestamps, time);
        log.reopen();
        return log;
    }

    Path path() {
        return path;
    }

    /** What SIGHUP does to xenconsoled: close, then open again by name (a rotated file is left behind). */
    void reopen() {
        close();
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new InfrastructureException(
                    "simulated xenconsoled: failed to open log " + path + ": " + e.getMessage(), e);
        }
        needStamp = true;
        if (timestamps) {
            write(OPENED, 0, OPENED.length);
        }
    }

    /** logrotate's copytruncate: the log is copied to {@code NAME.log.1} and truncated; writing carries on at 0. */
    void copyTruncate() {
        try {
            Files.copy(path, sibling(), StandardCopyOption.REPLACE_EXISTING);
            if (channel != null) {
                channel.truncate(0);
            }
        } catch (IOException e) {
            throw new InfrastructureException(
                    "simulated logrotate: copytruncate of " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** A rename-rotation: the log becomes {@code NAME.log.1}, then xenconsoled's SIGHUP opens a new {@code NAME.log}. */
    void renameAndReopen() {
        try {
            Files.move(path, sibling(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InfrastructureException(
                    "simulated logrotate: renaming " + path + " failed: " + e.getMessage(), e);
        }
        reopen();
    }

    private Path sibling() {
        return path.resolveSibling(path.getFileName() + ".1");
    }

    /** Appends one chunk of console data, stamped as xenconsoled stamps it. */
    void write(byte[] data, int offset, int length) {
        if (channel == null || length == 0) {
            return;
        }
        if (!timestamps) {
            writeFully(ByteBuffer.wrap(data, offset, length));
            return;
        }
        byte[] stamp = STAMP.format(LocalDateTime.ofInstant(time.now(), ZoneOffset.UTC))
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream(length + 64);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int nl = i;
            while (nl < end && data[nl] != '\n') {
                nl++;
            }
            boolean foundNewline = nl < end;
            int lineEnd = foundNewline ? nl + 1 : end;
            if (needStamp) {
                b.write(stamp, 0, stamp.length);
            }
            b.write(data, i, lineEnd - i);
            needStamp = foundNewline;
            i = lineEnd;
            if (foundNewline) {
                while (i < end && data[i] == '\r') {
                    i++;
                }
            }
        }
        writeFully(ByteBuffer.wrap(b.toByteArray()));
    }

    private void writeFully(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new InfrastructureException(
                    "simulated xenconsoled: write to " + path + " failed: " + e.getMessage(), e);
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was buffered: a failing close loses nothing worth reporting.
            }
            channel = null;
        }
    }
}
