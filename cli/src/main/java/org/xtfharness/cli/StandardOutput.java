package org.xtfharness.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xtfharness.error.InfrastructureException;

/**
 * Standard output that is known to have been written. A {@link PrintStream} swallows write errors
 * (EPIPE from a reader that went away, ENOSPC from a full disk) and only remembers them for
 * {@link PrintStream#checkError()}: a command that never asks exits 0 having delivered nothing.
 * Every command that prints asks, once it has printed ({@link #check}); {@code run} asks after
 * every write ({@link #watching}), so a consumer that stops reading stops the run.
 */
final class StandardOutput {

    /** What every command says when its standard output could not be written. */
    static final String LOST = "standard output could not be written (its reader closed it, or its disk is full)";

    private StandardOutput() {}

    /**
     * Throws, naming {@code what} was lost, if anything written to {@code out} so far failed to
     * reach it (flushing it first, so nothing is left to fail later unseen).
     */
    static void check(PrintStream out, String what) {
        if (out.checkError()) {
            throw new InfrastructureException(LOST + ": " + what + " is incomplete");
        }
    }

    /**
     * A stream over {@code target} that checks it after every write and flush, and on the first
     * failure runs {@code onFailure} once, then drops everything written to it: nobody reads it.
     * Its bytes reach {@code target} unchanged, in the charset {@code target} has.
     */
    static PrintStream watching(PrintStream target, Runnable onFailure) {
        return new PrintStream(new Watched(target, onFailure), true, charsetOf());
    }

    /** The charset the JVM gave {@code System.out} (JDK 17: sun.stdout.encoding, else the default). */
    private static Charset charsetOf() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return Charset.defaultCharset();
        }
    }

    private static final class Watched extends OutputStream {
        private final PrintStream target;
        private final Runnable onFailure;
        private final AtomicBoolean failed = new AtomicBoolean();

        Watched(PrintStream target, Runnable onFailure) {
            this.target = target;
            this.onFailure = onFailure;
        }

        @Override
        public void write(int b) {
            if (!failed.get()) {
                target.write(b);
                checked();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!failed.get()) {
                target.write(b, off, len);
                checked();
            }
        }

        @Override
        public void flush() {
            if (!failed.get()) {
                checked();
            }
        }

        /** checkError flushes the target: a reader that is gone shows up here, not at exit. */
        private void checked() {
            if (target.checkError() && failed.compareAndSet(false, true)) {
                onFailure.run();
            }
        }
    }
}
