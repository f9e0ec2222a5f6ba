package org.xtfharness.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xtfharness.error.ConfigurationException;

/**
 * Checks an ssh password file before ssh's askpass helper ever reads it: a regular file (a FIFO or
 * a device would leave the helper blocked, or reading without end, after the harness is gone), of
 * at most {@value #MAX_BYTES} bytes, whose first line is not empty. A file others can read is
 * allowed, with a warning, as ssh itself warns of a private key others can read.
 */
public final class PasswordFiles {

    /** Far more than any password: a bigger file is not one. */
    public static final int MAX_BYTES = 4096;

    private PasswordFiles() {}

    /**
     * Checks {@code file}.
     *
     * @return warnings for a person (a file its group or others can read); empty when all is well
     * @throws ConfigurationException naming the file and what is wrong with it
     */
    public static List<String> check(Path file) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw refused(file, "not a readable file (there is no such file)");
        } catch (IOException e) {
            throw refused(file, "not a readable file (" + reason(e) + ")");
        }
        if (!a.isRegularFile()) {
            throw refused(file, "not a regular file (" + kind(a) + "); give a file holding the password");
        }
        if (a.size() > MAX_BYTES) {
            throw refused(file, "it holds " + a.size() + " bytes, more than a password file's " + MAX_BYTES);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw refused(file, "not a readable file (" + reason(e) + ")");
        }
        if (head.length > MAX_BYTES) {
            throw refused(file, "it holds more than a password file's " + MAX_BYTES + " bytes");
        }
        int end = 0;
        while (end < head.length && head[end] != '\n' && head[end] != '\r') {
            end++;
        }
        if (end == 0) {
            throw refused(
                    file,
                    head.length == 0 ? "it is empty" : "its first line is empty (the password is the first line)");
        }
        List<String> warnings = new ArrayList<>();
        Set<PosixFilePermission> p = a.permissions();
        List<String> who = new ArrayList<>();
        if (p.contains(PosixFilePermission.GROUP_READ)) {
            who.add("its group");
        }
        if (p.contains(PosixFilePermission.OTHERS_READ)) {
            who.add("every user");
        }
        if (!who.isEmpty()) {
            warnings.add("the ssh password file " + file + " can be read by " + String.join(" and ", who)
                    + "; `chmod 600 " + file + "` keeps the password to you");
        }
        return warnings;
    }

    private static ConfigurationException refused(Path file, String what) {
        return new ConfigurationException("--ssh-password-file " + file + ": " + what);
    }

    private static String kind(PosixFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isOther()) {
            return "a FIFO, socket or device";
        }
        return "not a plain file";
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
