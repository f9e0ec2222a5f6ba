package org.xtfharness.error;

/** A step of the runner itself (not the guest) did not finish within its deadline, for example an xl command that hung. */
public class HarnessTimeoutException extends HarnessException {

    public HarnessTimeoutException(String message) {
        super(message);
    }

    public HarnessTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.TIMEOUT;
    }
}
