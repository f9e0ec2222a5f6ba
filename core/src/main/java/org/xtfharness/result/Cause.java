package org.xtfharness.result;

/**
 * Why an outcome is what it is. Reports use it to keep a guest's own result apart from a
 * crash, a timeout or a failure of the machinery.
 */
public enum Cause {
    /** The guest printed its result and shut down cleanly. */
    GUEST_REPORTED,
    /** The guest powered off cleanly without a valid result line. */
    NO_RESULT,
    /** The domain shut down with reason crash (a panic, an unhandled exception). */
    DOMAIN_CRASHED,
    /** The domain shut down with reason reboot: for HVM guests, a triple fault. */
    DOMAIN_REBOOTED,
    /** The domain's watchdog fired. */
    WATCHDOG,
    /** The domain shut down for another reason (suspend, soft reset, unknown). */
    UNEXPECTED_SHUTDOWN,
    /** The domain did not shut down within its timeout: a hang. */
    TIMED_OUT,
    /** The domain disappeared before its end could be seen (destroyed by someone else). */
    VANISHED,
    /** The host cannot run this environment: skipped without being started. */
    HOST_UNSUPPORTED,
    /** The runner's machinery failed for this test (xl create failed, the console could not attach). */
    INFRASTRUCTURE,
    /** A step of the runner itself did not finish in time (an xl command hung): not the guest's hang. */
    HARNESS_TIMEOUT,
    /** The test's own configuration is unusable (a missing cfg file, say). */
    CONFIGURATION,
    /** The run was interrupted before this test finished. */
    INTERRUPTED;

    /** True where the runner, not the guest, is to blame: reports show these as errors of the harness. */
    public boolean isHarnessProblem() {
        return this == INFRASTRUCTURE
                || this == HARNESS_TIMEOUT
                || this == CONFIGURATION
                || this == INTERRUPTED
                || this == VANISHED;
    }
}
