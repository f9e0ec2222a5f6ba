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
        return new SshOptions(
                "ssh",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Optional.empty());
    }

    /** These options with {@code -i key}. */
    public SshOptions withIdentityFile(Path key) {
        return new SshOptions(
                sshProgram, Optional.of(key), configFile, extraOptions, connectTimeout, controlPersist, passwordFile);
    }

    /** These options with {@code -F file}. */
    public SshOptions withConfigFile(Path file) {
        return new SshOptions(
                sshProgram,
                identityFile,
                Optional.of(file),
                extraOptions,
                connectTimeout,
                controlPersist,
                passwordFile);
    }

    /** These options plus one more {@code -o Name=value}. */
    public SshOptions withOption(String nameEqualsValue) {
        List<String> more = new ArrayList<>(extraOptions);
        more.add(nameEqualsValue);
        return new SshOptions(sshProgram, identityFile, configFile, more, connectTimeout, controlPersist, passwordFile);
    }

    /** These options with another connect timeout. */
    public SshOptions withConnectTimeout(Duration timeout) {
        return new SshOptions(
                sshProgram, identityFile, configFile, extraOptions, timeout, controlPersist, passwordFile);
    }

    /** These options with a password read from {@code file} (absolute) when the host asks for one. */
    public SshOptions withPasswordFile(Path file) {
        return new SshOptions(
                sshProgram, identityFile, configFile, extraOptions, connectTimeout, controlPersist, Optional.of(file));
    }

    /** These options with another shared-connection lifetime. */
    public SshOptions withControlPersist(Duration persist) {
        return new SshOptions(
                sshProgram, identityFile, configFile, extraOptions, connectTimeout, persist, passwordFile);
    }
}
