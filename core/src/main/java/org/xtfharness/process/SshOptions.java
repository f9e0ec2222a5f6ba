package org.xtfharness.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the system OpenSSH client is run, beyond the destination. Everything not set here comes from
 * the user's {@code ~/.ssh/config}, so a host alias with its own user, port, key and jump host works
 * unchanged.
 *
 * @param sshProgram the client to run, normally {@code ssh}
 * @param identityFile a private key passed with {@code -i}, if any
 * @param configFile an ssh config file passed with {@code -F} instead of {@code ~/.ssh/config}, if any
 * @param extraOptions more {@code -o} options, each {@code Name=value}
 * @param connectTimeout how long ssh may take to connect ({@code ConnectTimeout})
 * @param controlPersist how long the shared connection stays open after the last command
 * @param passwordFile a file holding the password, for a host that takes nothing else (XenRT's hosts
 *     often do); read by ssh through an askpass helper, so the password is never on a command line
 */
public record SshOptions(
        String sshProgram,
        Optional<Path> identityFile,
        Optional<Path> configFile,
        List<String> extraOptions,
        Duration connectTimeout,
        Duration controlPersist,
        Optional<Path> passwordFile) {

    public SshOptions {
        Objects.requireNonNull(sshProgram, "sshProgram");
        if (sshProgram.isBlank()) {
            throw new IllegalArgumentException("the ssh program name is empty");
        }
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(configFile, "configFile");
        extraOptions = List.copyOf(extraOptions);
        for (String o : extraOptions) {
            if (!o.matches("[A-Za-z][A-Za-z0-9]*[= ].*")) {
                throw new IllegalArgumentException("an ssh -o option must look like Name=value, got: " + o);
            }
        }
        requirePositiveSeconds(connectTimeout, "connectTimeout");
        requirePositiveSeconds(controlPersist, "controlPersist");
        Objects.requireNonNull(passwordFile, "passwordFile");
        passwordFile.ifPresent(f -> {
            if (!f.isAbsolute()) {
                throw new IllegalArgumentException("the ssh password file must be an absolute path, got: " + f);
            }
        });
    }

    private static void requirePositiveSeconds(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toSeconds() < 1) {
            throw new IllegalArgumentException(what + " must be at least one second, got " + d);
        }
    }

    /** {@code ssh}, no key or config file of its own, a 10 s connect timeout, a 60 s shared connection. */
    public static SshOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .sshProgram(sshProgram)
                .connectTimeout(connectTimeout)
                .controlPersist(controlPersist);
        identityFile.ifPresent(b::identityFile);
        configFile.ifPresent(b::configFile);
        passwordFile.ifPresent(b::passwordFile);
        extraOptions.forEach(b::option);
        return b;
    }

    /** Builds {@link SshOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private String sshProgram = "ssh";
        private Optional<Path> identityFile = Optional.empty();
        private Optional<Path> configFile = Optional.empty();
        private final List<String> extraOptions = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration controlPersist = Duration.ofSeconds(60);
        private Optional<Path> passwordFile = Optional.empty();

        private Builder() {}

        /** The client to run (default {@code ssh}). */
        public Builder sshProgram(String program) {
            this.sshProgram = program;
            return this;
        }

        /** {@code -i key}. */
        public Builder identityFile(Path key) {
            this.identityFile = Optional.of(key);
            return this;
        }

        /** {@code -F file}. */
        public Builder configFile(Path file) {
            this.configFile = Optional.of(file);
            return this;
        }

        /** One more {@code -o Name=value}. */
        public Builder option(String nameEqualsValue) {
            this.extraOptions.add(nameEqualsValue);
            return this;
        }

        /** How long ssh may take to connect (at least a second). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** A password read from {@code file} (absolute) when the host asks for one. */
        public Builder passwordFile(Path file) {
            this.passwordFile = Optional.of(file);
            return this;
        }

        /** How long the shared connection stays open after the last command (at least a second). */
        public Builder controlPersist(Duration persist) {
            this.controlPersist = persist;
            return this;
        }

        public SshOptions build() {
            return new SshOptions(
                    sshProgram, identityFile, configFile, extraOptions, connectTimeout, controlPersist, passwordFile);
        }
    }
}
