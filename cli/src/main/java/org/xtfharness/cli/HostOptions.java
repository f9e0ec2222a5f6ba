package org.xtfharness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtfharness.host.HostTarget;
import org.xtfharness.process.SshOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the Xen host is and how it is laid out: shared by every command. */
final class HostOptions {

    @Option(names = "--simulate", description = "Use the built-in SIMULATED Xen host and its catalogue. "
            + "Chosen automatically on a local host with no xl.")
    boolean simulate;

    @Option(names = "--host-target", paramLabel = "TARGET", defaultValue = "local",
            description = "local (default), ssh://[user@]host[:port], or an alias from ~/.ssh/config.")
    String hostTarget;

    @Option(names = "--ssh-identity", paramLabel = "FILE", description = "Private key for ssh.")
    Path sshIdentity;

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "ssh config file to use instead of ~/.ssh/config.")
    Path sshConfig;

    @Option(names = "--ssh-option", paramLabel = "NAME=VALUE", description = "Extra ssh -o option (repeatable).")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--xtf-dir", paramLabel = "DIR", defaultValue = ".",
            description = "The installed XTF tree on the host, holding tests/<name>/info.json (default: ${DEFAULT-VALUE}).")
    String xtfDir;

    /** The xl command: the program, then arguments that go before xl's own. */
    List<String> xl = List.of("xl");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--xl", paramLabel = "COMMAND", defaultValue = "xl",
            description = "The xl command on the host (default: ${DEFAULT-VALUE}): a program, or a program and "
                    + "the arguments to put before xl's own, separated by spaces (e.g. \"python3 /opt/fake-xl\"). "
                    + "A program path with a space in it therefore cannot be given.")
    void xl(String value) {
        xl = words(command, "--xl", value);
    }

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "/var/log/xen/console",
            description = "xenconsoled's guest log directory (default: ${DEFAULT-VALUE}).")
    String logDir;

    @Option(names = "--log-pattern", paramLabel = "PATTERN", defaultValue = "guest-%s.log",
            description = "Guest log file name, %%s for the domain name (default: ${DEFAULT-VALUE}).")
    String logPattern;

    @Option(names = "--sim-timestamps", paramLabel = "on|off", defaultValue = "on",
            description = "Simulated host only: xenconsoled timestamps on or off (default: ${DEFAULT-VALUE}).")
    String simTimestamps;

    @Option(names = "--sim-create-fails", paramLabel = "INSTANCE",
            description = "Simulated host only: 'xl create' of this instance fails, an infrastructure ERROR "
                    + "(repeatable; to try baselines and retries on a host that misbehaves).")
    List<String> simCreateFails = new ArrayList<>();

    /**
     * A command given as one option value, split at whitespace: given once, never a list that grows
     * with each repetition, and never empty.
     */
    static List<String> words(CommandSpec command, String option, String value) {
        if (value.isBlank()) {
            throw new ParameterException(command.commandLine(), option + " needs a program, not an empty value");
        }
        return List.of(value.strip().split("\\s+"));
    }

    HostTarget target() {
        return HostTarget.parse(hostTarget);
    }

    SshOptions ssh() {
        SshOptions o = SshOptions.defaults();
        if (sshIdentity != null) {
            o = o.withIdentityFile(sshIdentity);
        }
        if (sshConfig != null) {
            o = o.withConfigFile(sshConfig);
        }
        for (String opt : sshOptions) {
            o = o.withOption(opt);
        }
        return o;
    }

    /** Simulate when asked, or when the host is this machine and it has no xl at all. */
    boolean simulated() {
        if (simulate) {
            return true;
        }
        if (!target().local() || xl.size() != 1 || xl.get(0).contains("/")) {
            return false;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, xl.get(0)))) {
                return false;
            }
        }
        return true;
    }

    boolean simTimestampsOn() {
        switch (simTimestamps) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new IllegalArgumentException("--sim-timestamps takes on or off, not '" + simTimestamps + "'");
        }
    }
}
