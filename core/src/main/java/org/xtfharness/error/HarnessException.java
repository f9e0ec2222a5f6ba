package org.xtfharness.error;

/**
 * The one unchecked root of every failure of the runner itself.
 *
 * <p>A test's outcome is never an exception: a guest that crashes, fails or hangs gives a
 * {@link org.xtfharness.result.Outcome}. These exceptions are for when the runner cannot do
 * its job, and they are split by {@link #kind()} so reports can keep them apart.
 */
public abstract class HarnessException extends RuntimeException {

    /** What went wrong with the runner, as reports distinguish it. */
    public enum Kind {
        /** The host, xl, xenconsoled, ssh or the local machine failed. */
        INFRASTRUCTURE,
        /** The user's input or the host's configuration is wrong; retrying will not help. */
        CONFIGURATION,
        /** A step of the runner did not finish within its deadline. */
        TIMEOUT
    }

    protected HarnessException(String message) {
        super(message);
    }

    protected HarnessException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Which of the three kinds of runner failure this is. */
    public abstract Kind kind();
}
