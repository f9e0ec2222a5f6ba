package org.xtfharness.error;

/** The input or the host configuration is wrong: a bad selection, a malformed info.json, guest logging switched off. */
public class ConfigurationException extends HarnessException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.CONFIGURATION;
    }
}
