package org.xtfharness.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What one in-process CLI call printed and returned; shared by the CLI tests. It swaps the JVM's
 * {@code System.out} and {@code System.err}, so tests using it never run concurrently in one JVM:
 * surefire runs test classes in parallel forks (separate JVMs), one class at a time in each.
 */
record Captured(int exit, String out, String err) {

    /** A CLI call that returns its exit code. */
    interface Call {
        int run();
    }

    /** Runs the call with standard output and error captured. */
    static Captured capture(Call call) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = call.run();
            return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
