package org.xtfharness.error;

/** The host or the machinery failed: xl, xenconsoled, ssh, a file that could not be read. */
public class InfrastructureException extends HarnessException {

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.INFRASTRUCTURE;
    }
}
