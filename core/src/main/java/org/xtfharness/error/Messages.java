package org.xtfharness.error;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Failures in words for people: what went wrong, never a Java class name. */
public final class Messages {

    private Messages() {}

    /** Why {@code e} happened: the file system's reason for an I/O failure, else the failure's own message. */
    public static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "input/output error";
        }
        String m = e.getMessage();
        return m != null && !m.isBlank() ? m : "an unexpected failure with no message (a bug in xtf-harness)";
    }
}
