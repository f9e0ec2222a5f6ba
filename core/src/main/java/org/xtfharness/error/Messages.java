package org.xtfharness.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern LAUNCH_ERROR = Pattern.compile("error=(\\d+), (.*)");

    /**
     * Why a program could not be started, in words: the JDK says "Cannot run program "xl": error=2,
     * No such file or directory"; this says the program is not on this machine's PATH (or, for a
     * path, that there is no such file), or is not executable.
     */
    public static String cannotStart(String program, Throwable e) {
        String m = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : String.valueOf(e.getMessage());
        int at = m.lastIndexOf("error=");
        Matcher g = LAUNCH_ERROR.matcher(at >= 0 ? m.substring(at) : m);
        if (!g.matches()) {
            return reason(e);
        }
        boolean bare = program.indexOf('/') < 0;
        return switch (g.group(1)) {
            case "2" -> bare ? "no program '" + program + "' on this machine's PATH" : "no such file: " + program;
            case "13" -> program + " is not an executable program (permission denied)";
            case "8" -> program + " is not a program this machine can run (exec format error)";
            default -> g.group(2).toLowerCase(Locale.ROOT);
        };
    }

    private static final Pattern JAXP_CODE = Pattern.compile("JAXP\\d+: ?");

    /**
     * A JSON reader's complaint in words: Jackson's own message without its source excerpt, and a
     * safety limit (nesting depth, value length) said as such instead of naming Jackson's
     * {@code StreamReadConstraints} getter.
     */
    public static String json(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) {
                return "nested too deeply (a nesting depth over " + StreamReadConstraints.DEFAULT_MAX_DEPTH
                        + " levels of arrays or objects): no file xtf-harness writes is";
            }
            return "a value exceeds the JSON reader's safety limits: "
                    + m.replaceAll(" ?\\(from `[^`]*`\\)|, from `[^`]*`", "").replaceAll("`", "");
        }
        return m;
    }

    /**
     * An XML reader's complaint in words: the JDK's {@code JAXP00010002}-style code and its
     * "Message:" framing dropped, a safety limit said as such.
     */
    public static String xml(String message) {
        String m = String.valueOf(message);
        int i = m.indexOf("Message: ");
        if (i >= 0) {
            m = m.substring(i + 9);
        }
        Matcher code = JAXP_CODE.matcher(m);
        if (code.find()) {
            return "it exceeds a safety limit of the XML reader: "
                    + code.replaceAll("").strip();
        }
        return m;
    }
}
