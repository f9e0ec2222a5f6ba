package org.xtfharness.process;

import java.util.List;
import java.util.StringJoiner;

/**
 * Quoting for a remote POSIX shell. ssh hands the remote side one string that the remote user's
 * shell parses, so every argument is single-quoted there: inside single quotes nothing is special
 * except {@code '} itself, which is written {@code '\''}. This is the one place the harness builds
 * a shell string, and it does so only from already-separated arguments.
 */
public final class PosixShell {

    private PosixShell() {}

    /** One argument as a single-quoted POSIX shell word; the empty string becomes {@code ''}. */
    public static String quote(String argument) {
        if (argument.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot hold a NUL byte");
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Every argument quoted and joined by spaces: the remote shell sees exactly these words. */
    public static String join(List<String> argv) {
        StringJoiner j = new StringJoiner(" ");
        for (String a : argv) {
            j.add(quote(a));
        }
        return j.toString();
    }
}
