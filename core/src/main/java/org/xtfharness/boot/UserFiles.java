package org.xtfharness.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;
import org.xtfharness.error.ConfigurationException;

/**
 * Boot mode's reads of files a user names ({@code --boot IMAGE}, {@code --xen-args-file}): each
 * must be a regular file, since opening a FIFO blocks until a writer comes and a device may never
 * end, and each is read with a bound. Errors name the option's subject and the file.
 */
final class UserFiles {

    private UserFiles() {}

    /**
     * Throws unless {@code file} (symbolic links followed) is a regular file.
     *
     * @param what the file's role in messages: {@code hypervisor}, {@code per-test Xen arguments}
     */
    static void requireRegularFile(Path file, String what) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigurationException(what + " " + file + ": cannot be read ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
        if (!a.isRegularFile()) {
            throw new ConfigurationException(what + " " + file + ": not a regular file ("
                    + (a.isDirectory() ? "a directory" : "a FIFO, socket or device")
                    + "); boot mode reads only plain files");
        }
    }

    /**
     * The text of a regular file of at most {@code maxBytes}, which must be UTF-8.
     *
     * @throws ConfigurationException naming the file and, for bad UTF-8, the byte offset and line
     */
    static String readUtf8(Path file, int maxBytes, String what) {
        requireRegularFile(file, what);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new ConfigurationException(what + " " + file + ": cannot be read ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
        if (bytes.length > maxBytes) {
            throw new ConfigurationException(
                    what + " " + file + ": larger than " + maxBytes + " bytes, which no such file is");
        }
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int k = 0; k < at; k++) {
                line += bytes[k] == '\n' ? 1 : 0;
            }
            throw new ConfigurationException(String.format(
                    Locale.ROOT,
                    "%s %s: not UTF-8 at byte %d (line %d: 0x%02x)",
                    what,
                    file,
                    at,
                    line,
                    bytes[at] & 0xff));
        }
        d.flush(out);
        return out.flip().toString();
    }
}
