package org.xtfharness.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.boot.BootOptions;
import org.xtfharness.console.LogLayout;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.HostTarget;
import org.xtfharness.process.SshOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Where the Xen host is and how it is laid out: shared by every command. */
final class HostOptions {

    /**
     * Hides boot mode's options (those whose description starts "Boot mode:") from the help of a
     * command that refuses boot mode (doctor, the xtf-runner drop-in): they are still parsed, so
     * {@code --boot} is refused with its reason rather than as an unknown option.
     */
    static void hideBootOptions(CommandSpec spec) {
        for (OptionSpec o : List.copyOf(spec.options())) {
            if (o.description().length > 0 && o.description()[0].startsWith("Boot mode:")) {
                spec.remove(o);
                spec.addOption(OptionSpec.builder(o).hidden(true).build());
            }
        }
    }

    /** The options that name or lay out a host: given any of them, the host is never replaced by the simulated one. */
    private static final List<String> HOST_OPTIONS = List.of(
            "--boot",
            "--host-target",
            "--ssh-identity",
            "--ssh-config",
            "--ssh-option",
            "--xtf-dir",
            "--xl",
            "--log-dir",
            "--log-pattern");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--simulate",
            description = "Use the built-in SIMULATED Xen host and its catalogue. "
                    + "Chosen automatically, and said so, when no host option is given and this machine has no xl.")
    boolean simulate;

    @Option(
            names = "--host-target",
            paramLabel = "TARGET",
            defaultValue = "local",
            description = "local (default), ssh://[user@]host[:port], or an alias from ~/.ssh/config.")
    String hostTarget;

    @Option(names = "--ssh-identity", paramLabel = "FILE", description = "Private key for ssh.")
    Path sshIdentity;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "ssh config file to use instead of ~/.ssh/config.")
    Path sshConfig;

    @Option(
            names = "--ssh-password-file",
            paramLabel = "FILE",
            description = "A file whose first line is the ssh password, for a host that takes only a password "
                    + "(never give a password on a command line).")
    Path sshPasswordFile;

    @Option(names = "--ssh-option", paramLabel = "NAME=VALUE", description = "Extra ssh -o option (repeatable).")
    List<String> sshOptions = new ArrayList<>();

    @Option(
            names = "--xtf-dir",
            paramLabel = "DIR",
            defaultValue = ".",
            description =
                    "The installed XTF tree on the host, holding tests/<name>/info.json (default: ${DEFAULT-VALUE}).")
    String xtfDir;

    /**
     * Whether the simulated host is used only when asked ({@code --simulate}), never in place of a
     * local host without xl: xtf-runner's drop-in lists a local tree without xl, as xtf-runner does.
     */
    boolean onlyAskedHosts;

    /** The xl command: the program, then arguments that go before xl's own. */
    List<String> xl = List.of("xl");

    @Option(
            names = "--xl",
            paramLabel = "COMMAND",
            defaultValue = "xl",
            description = "The xl command on the host (default: ${DEFAULT-VALUE}): a program, or a program and "
                    + "the arguments to put before xl's own, separated by spaces (e.g. \"python3 /opt/fake-xl\"). "
                    + "A program path with a space in it therefore cannot be given.")
    void xl(String value) {
        xl = words(command, "--xl", value);
    }

    @Option(
            names = "--log-dir",
            paramLabel = "DIR",
            defaultValue = "/var/log/xen/console",
            description = "xenconsoled's guest log directory (default: ${DEFAULT-VALUE}).")
    String logDir;

    @Option(
            names = "--log-pattern",
            paramLabel = "PATTERN",
            defaultValue = "guest-%s.log",
            description = "Guest log file name, %%s for the domain name (default: ${DEFAULT-VALUE}).")
    String logPattern;

    @Option(
            names = "--sim-timestamps",
            paramLabel = "on|off",
            defaultValue = "on",
            description = "Simulated host only: xenconsoled timestamps on or off (default: ${DEFAULT-VALUE}).")
    String simTimestamps;

    @Option(
            names = "--sim-create-fails",
            paramLabel = "INSTANCE",
            description = "Simulated host only: 'xl create' of this instance fails, an infrastructure ERROR "
                    + "(repeatable; to try baselines and retries on a host that misbehaves).")
    List<String> simCreateFails = new ArrayList<>();

    @Option(
            names = "--boot",
            paramLabel = "XEN",
            description = "Boot mode: no Xen host; each instance boots this Xen image (ELF, or the .gz a distribution "
                    + "ships) under QEMU on this machine with the test binary (the cfg's kernel=) as the initial domain, "
                    + "one QEMU per instance. --xtf-dir is then a tree on this machine.")
    Path boot;

    @Option(
            names = "--xen-cmdline",
            paramLabel = "WORDS",
            defaultValue = "",
            description = "Boot mode: more words for Xen's command line (e.g. \"noreboot console_timestamps=boot\").")
    String xenCmdline;

    @Option(
            names = "--xen-args-file",
            paramLabel = "FILE",
            description =
                    "Boot mode: per-test Xen arguments, one 'TEST: ARGS' a line (e.g. 'argo: argo=1 mac-permissive=1').")
    Path xenArgsFile;

    @Option(
            names = "--qemu",
            paramLabel = "PROGRAM",
            defaultValue = BootOptions.DEFAULT_QEMU,
            description = "Boot mode: the QEMU program (default: ${DEFAULT-VALUE}).")
    String qemu;

    @Option(
            names = "--qemu-memory",
            paramLabel = "MIB",
            defaultValue = "" + BootOptions.DEFAULT_MEMORY_MIB,
            description = "Boot mode: QEMU's memory in MiB (default: ${DEFAULT-VALUE}).")
    int qemuMemory;

    @Option(
            names = "--qemu-cpu",
            paramLabel = "MODEL",
            defaultValue = BootOptions.DEFAULT_CPU,
            description = "Boot mode: QEMU's -cpu (default: ${DEFAULT-VALUE}).")
    String qemuCpu;

    @Option(
            names = "--accel",
            paramLabel = "tcg|kvm",
            defaultValue = "tcg",
            description = "Boot mode: QEMU's accelerator (default: ${DEFAULT-VALUE}); kvm needs a usable /dev/kvm.")
    String accel;

    @Option(
            names = "--xen-pv32",
            description =
                    "Boot mode: the image has 32-bit PV (CONFIG_PV32), so pv32pae instances run; Debian's has not, "
                            + "and without this they are SKIP.")
    boolean xenPv32;

    /** Boot mode's options, when --boot was given. */
    Optional<BootOptions> bootOptions() {
        if (boot == null) {
            return Optional.empty();
        }
        BootOptions.Accel a = switch (accel) {
            case "tcg" -> BootOptions.Accel.TCG;
            case "kvm" -> BootOptions.Accel.KVM;
            default -> throw new ConfigurationException("--accel takes tcg or kvm, not '" + accel + "'");
        };
        try {
            BootOptions.Builder b = BootOptions.builder(boot)
                    .xenCmdline(xenCmdline)
                    .qemu(qemu)
                    .memoryMib(qemuMemory)
                    .cpu(qemuCpu)
                    .accel(a)
                    .pv32(xenPv32);
            if (xenArgsFile != null) {
                b.argsFile(xenArgsFile);
            }
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--boot: " + e.getMessage());
        }
    }

    /** Where the runner reads guest logs: --log-dir and --log-pattern. */
    LogLayout logLayout() {
        try {
            return new LogLayout(logDir, logPattern);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--log-dir/--log-pattern: " + e.getMessage());
        }
    }

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
        if (sshPasswordFile != null) {
            if (!Files.isReadable(sshPasswordFile) || Files.isDirectory(sshPasswordFile)) {
                throw new IllegalArgumentException("--ssh-password-file " + sshPasswordFile + ": not a readable file");
            }
            o = o.withPasswordFile(sshPasswordFile.toAbsolutePath());
        }
        for (String opt : sshOptions) {
            o = o.withOption(opt);
        }
        return o;
    }

    /**
     * Whether the host is the simulated one: when asked ({@code --simulate}), or when no host option
     * was given and this machine has no {@code xl}, which is said on {@code err} in one line. An
     * explicit host is never replaced.
     */
    boolean simulate(PrintStream err) {
        if (simulate) {
            List<String> ignored = ignoredBySimulation();
            if (!ignored.isEmpty()) {
                throw new ConfigurationException("--simulate runs the built-in simulated host with its own tree, "
                        + "logs and no ssh, so " + String.join(", ", ignored)
                        + (ignored.size() == 1 ? " would be" : " would all be")
                        + " ignored: drop " + (ignored.size() == 1 ? "it" : "them") + ", or drop --simulate");
            }
            return true;
        }
        if (onlyAskedHosts || hostOptionGiven() || onPath("xl")) {
            return false;
        }
        err.println("xtf-harness: no xl on this machine and no host options: using the built-in SIMULATED Xen host "
                + "(pass --host-target to reach a real one)");
        return true;
    }

    /** The options given that name or lay out a real host, which the simulated host has no use for. */
    private List<String> ignoredBySimulation() {
        ParseResult parsed = command == null ? null : command.commandLine().getParseResult();
        if (parsed == null) {
            return List.of();
        }
        List<String> given = new ArrayList<>();
        for (String name : HOST_OPTIONS) {
            if (!name.equals("--boot") && parsed.hasMatchedOption(name)) {
                given.add(name);
            }
        }
        if (parsed.hasMatchedOption("--ssh-password-file")) {
            given.add("--ssh-password-file");
        }
        return given;
    }

    private boolean hostOptionGiven() {
        ParseResult parsed = command == null ? null : command.commandLine().getParseResult();
        return parsed != null && HOST_OPTIONS.stream().anyMatch(parsed::hasMatchedOption);
    }

    /** Whether a program of that name is on this machine's PATH. */
    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    boolean simTimestampsOn() {
        return switch (simTimestamps) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new IllegalArgumentException("--sim-timestamps takes on or off, not '" + simTimestamps + "'");
        };
    }
}
