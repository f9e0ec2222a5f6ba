package org.xtfharness.domain;

/**
 * Why a domain shut down, with xl's reason codes and the letter {@code xl list} shows in the
 * fifth column of its state ({@code -rscwS}).
 */
public enum ShutdownReason {
    POWEROFF(0, '-'),
    REBOOT(1, 'r'),
    SUSPEND(2, 's'),
    CRASH(3, 'c'),
    WATCHDOG(4, 'w'),
    SOFT_RESET(5, 'S'),
    UNKNOWN(-1, '?');

    private final int code;
    private final char letter;

    ShutdownReason(int code, char letter) {
        this.code = code;
        this.letter = letter;
    }

    /** xl's reason code, as in {@code Domain N has shut down, reason code 3}. */
    public int code() {
        return code;
    }

    /** The letter in the fifth position of {@code xl list}'s state column. */
    public char letter() {
        return letter;
    }

    /** The reason for an xl reason code; UNKNOWN for codes xl does not define. */
    public static ShutdownReason fromCode(int code) {
        for (ShutdownReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return UNKNOWN;
    }

    /** The reason for an {@code xl list} state letter; UNKNOWN for any other letter. */
    public static ShutdownReason fromLetter(char letter) {
        for (ShutdownReason r : values()) {
            if (r.letter == letter && r != UNKNOWN) {
                return r;
            }
        }
        return UNKNOWN;
    }
}
