package org.xtfharness.doctor;

import java.util.Objects;

/**
 * One result of the doctor.
 *
 * @param severity how much it matters
 * @param code a stable name for scripts and tests, e.g. {@code GUEST_LOGGING_OFF}
 * @param message what was found, with the evidence
 * @param remedy for an ERROR or WARNING, one line naming the exact file and line to change (or
 *     the command to run); empty otherwise
 */
public record Finding(Severity severity, String code, String message, String remedy) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remedy, "remedy");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a finding code is UPPER_SNAKE_CASE, got: " + code);
        }
        if ((severity == Severity.ERROR || severity == Severity.WARNING) && remedy.isBlank()) {
            throw new IllegalArgumentException("an " + severity + " finding needs a remedy: " + code);
        }
        if (remedy.contains("\n")) {
            throw new IllegalArgumentException("a remedy is one line: " + code);
        }
    }

    static Finding error(String code, String message, String remedy) {
        return new Finding(Severity.ERROR, code, message, remedy);
    }

    static Finding warning(String code, String message, String remedy) {
        return new Finding(Severity.WARNING, code, message, remedy);
    }

    static Finding ok(String code, String message) {
        return new Finding(Severity.OK, code, message, "");
    }

    static Finding info(String code, String message) {
        return new Finding(Severity.INFO, code, message, "");
    }
}
