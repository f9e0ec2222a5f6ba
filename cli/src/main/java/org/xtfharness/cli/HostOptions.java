package org.xtfharness.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.boot.BootHosts;
import org.xtfharness.boot.BootOptions;
import org.xtfharness.catalog.Arch;
import org.xtfharness.console.LogLayout;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.HostTarget;
import org.xtfharness.process.PasswordFiles;
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
            if (o.description().length > 0 && o.description()[0].startsWith("Boot mode")) {
                spec.remove(o);
                spec.addOption(OptionSpec.builder(o).hidden(true).build());
            }
        }
    }

    /** The options that name or lay out a host: given any of them, the host is never replaced by the simulated one. */
    private static final List<String> HOST_OPTIONS = List.of(
            "--boot",
            "--boot-efi",
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
            names = "--sim-guest-logging",
            paramLabel = "on|off",
            defaultValue = "on",
            description = "Simulated host only: whether xenconsoled logs guests (default: ${DEFAULT-VALUE}); off is "
                    + "a XenServer host without XENCONSOLED_TRACE, where only the live console sees a guest.")
    String simGuestLogging;

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
                    + "ships) under QEMU on this machine with the test binary (the cfg's kernel= or firmware_override=) "
                    + "as the initial domain, its cmdline= as the domain's command line, one QEMU per instance. "
                    + "--xtf-dir is then a tree on this machine.")
    Path boot;

    @Option(
            names = "--boot-efi",
            paramLabel = "XEN.EFI",
            description = "Boot mode, through UEFI firmware: each instance boots this Xen EFI image (e.g. "
                    + "/boot/xen-4.17-amd64.efi) from a FAT disk built per instance, under OVMF on a q35 machine "
                    + "(see --ovmf-code, --ovmf-vars). Instead of --boot.")
    Path bootEfi;

    @Option(
            names = "--ovmf-code",
            paramLabel = "FILE",
            description =
                    "Boot mode, --boot-efi: the UEFI firmware's code, read-only (default: /usr/share/OVMF/OVMF_CODE_4M.fd).")
    Path ovmfCode;

    @Option(
            names = "--ovmf-vars",
            paramLabel = "FILE",
            description = "Boot mode, --boot-efi: the firmware's variable store, copied per instance and never written "
                    + "(default: /usr/share/OVMF/OVMF_VARS_4M.fd).")
    Path ovmfVars;

    @Option(
            names = "--qemu-preset",
            paramLabel = "default|xen-ci",
            defaultValue = "default",
            description = "Boot mode: the machine's shape (default: ${DEFAULT-VALUE}). xen-ci is Xen's GitLab CI's: "
                    + "-m 2048 -smp 2 and Xen's 'loglvl=all noreboot console_timestamps=boot console=com1' (console=dtuart on arm64); "
                    + "--qemu-memory, --qemu-smp and --xen-cmdline still apply.")
    String qemuPreset;

    @Option(
            names = "--xen-cmdline",
            paramLabel = "WORDS",
            defaultValue = "",
            description = "Boot mode: more words for Xen's command line (e.g. \"noreboot console_timestamps=boot\"), "
                    + "after the harness's own and the preset's.")
    String xenCmdline;

    @Option(
            names = "--xen-args-file",
            paramLabel = "FILE",
            description = "Boot mode: per-test Xen arguments, one 'TEST: ARGS' a line, replacing the built-in ones "
                    + "(Xen's CI's 'argo: argo=1,mac-permissive=1') by name; 'argo:' alone drops them.")
    Path xenArgsFile;

    @Option(
            names = "--qemu",
            paramLabel = "PROGRAM",
            description = "Boot mode: the QEMU program (default: " + BootOptions.DEFAULT_QEMU + ", for arm64 "
                    + BootOptions.DEFAULT_QEMU_ARM64 + ").")
    String qemu;

    @Option(
            names = "--arch",
            paramLabel = "x86_64|arm64",
            description = "Boot mode: the architecture of Xen and the tests (default: what the Xen image's header "
                    + "says, an arm64 Image or an x86 ELF, gzip or EFI image; else x86_64). arm64 boots Xen's Image "
                    + "on QEMU's virt machine as Xen's CI does (virtualization=true, cortex-a57, -m 2048 -smp 2), "
                    + "no firmware.")
    String arch;

    @Option(
            names = "--boot-placement",
            paramLabel = "domu|dom0",
            description = "Boot mode, arm64: where the test runs (default: domu): a dom0less domU, as Xen's CI "
                    + "(qemu-xtf-dom0less-arm64-*), from a device tree made per run; or dom0, the initial domain "
                    + "through QEMU's guest-loader. x86_64 has dom0 only.")
    String bootPlacement;

    @Option(
            names = "--gic-version",
            paramLabel = "2|3",
            description = "Boot mode, arm64: the virt machine's GIC (default: " + BootOptions.DEFAULT_GIC_VERSION
                    + ", as Xen's CI).")
    Integer gicVersion;

    @Option(
            names = "--qemu-memory",
            paramLabel = "MIB",
            description = "Boot mode: QEMU's memory in MiB at least (default: the preset's, "
                    + BootOptions.DEFAULT_MEMORY_MIB + "); raised where a cfg's memory= needs more.")
    Integer qemuMemory;

    @Option(
            names = "--qemu-smp",
            paramLabel = "N",
            description = "Boot mode: QEMU's CPUs at least (default: the preset's, " + BootOptions.DEFAULT_CPUS
                    + "); raised where a cfg's vcpus= asks more. Xen's dom0_max_vcpus is the cfg's vcpus=.")
    Integer qemuSmp;

    @Option(
            names = "--qemu-cpu",
            paramLabel = "MODEL",
            description = "Boot mode: QEMU's -cpu (default: " + BootOptions.DEFAULT_CPU + ", for arm64 "
                    + BootOptions.DEFAULT_CPU_ARM64 + ").")
    String qemuCpu;

    @Option(
            names = "--accel",
            paramLabel = "tcg|kvm",
            defaultValue = "tcg",
            description = "Boot mode: QEMU's accelerator (default: ${DEFAULT-VALUE}); kvm needs a usable /dev/kvm.")
    String accel;

    @Option(
            names = "--xen-pv32",
            description = "Boot mode: the image has 32-bit PV (CONFIG_PV32), so pv32pae instances run, where the "
                    + "image does not say itself (an image built with CONFIG_HYPFS_CONFIG, as Debian's, carries its "
                    + ".config, which decides); Debian's has no 32-bit PV, and pv32pae is then SKIP.")
    boolean xenPv32;

    /** Boot mode's options, when --boot was given. */
    Optional<BootOptions> bootOptions() {
        if (boot == null && bootEfi == null) {
            if (ovmfCode != null || ovmfVars != null) {
                throw new ConfigurationException("--ovmf-code and --ovmf-vars go with --boot-efi");
            }
            return Optional.empty();
        }
        if (boot != null && bootEfi != null) {
            throw new ConfigurationException("--boot and --boot-efi are two boot paths: give one");
        }
        BootOptions.Preset preset = BootOptions.Preset.fromId(qemuPreset)
                .orElseThrow(() ->
                        new ConfigurationException("--qemu-preset takes default or xen-ci, not '" + qemuPreset + "'"));
        BootOptions.Accel a = switch (accel) {
            case "tcg" -> BootOptions.Accel.TCG;
            case "kvm" -> BootOptions.Accel.KVM;
            default -> throw new ConfigurationException("--accel takes tcg or kvm, not '" + accel + "'");
        };
        Path image = boot != null ? boot : bootEfi;
        Arch theArch;
        if (arch != null) {
            theArch = Arch.fromId(arch)
                    .orElseThrow(() -> new ConfigurationException("--arch takes x86_64 or arm64, not '" + arch + "'"));
        } else {
            // Inferred only where the image's header is certain; the image is checked again at boot.
            theArch = BootHosts.archOf(image).orElse(Arch.X86_64);
        }
        if (theArch != Arch.ARM64 && (bootPlacement != null || gicVersion != null)) {
            throw new ConfigurationException("--boot-placement and --gic-version are for arm64 (--arch arm64, or an "
                    + "arm64 Xen Image); " + image + " is booted as " + theArch.id());
        }
        try {
            BootOptions.Builder b = BootOptions.builder(image)
                    .preset(preset)
                    .xenCmdline(xenCmdline)
                    .accel(a)
                    .pv32(xenPv32)
                    .arch(theArch);
            if (qemu != null) {
                b.qemu(qemu);
            }
            if (qemuCpu != null) {
                b.cpu(qemuCpu);
            }
            if (bootPlacement != null) {
                b.placement(BootOptions.Placement.fromId(bootPlacement)
                        .orElseThrow(() -> new ConfigurationException(
                                "--boot-placement takes domu or dom0, not '" + bootPlacement + "'")));
            }
            if (gicVersion != null) {
                b.gicVersion(gicVersion);
            }
            if (qemuMemory != null) {
                b.memoryMib(qemuMemory);
            }
            if (qemuSmp != null) {
                b.cpus(qemuSmp);
            }
            if (bootEfi != null) {
                BootOptions.Efi ovmf = BootOptions.Efi.OVMF;
                b.efi(new BootOptions.Efi(
                        ovmfCode != null ? ovmfCode : ovmf.code(), ovmfVars != null ? ovmfVars : ovmf.varsTemplate()));
            } else if (ovmfCode != null || ovmfVars != null) {
                throw new ConfigurationException("--ovmf-code and --ovmf-vars go with --boot-efi, not --boot");
            }
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
        return ssh(null);
    }

    /** The ssh options; warnings about them (a password file others can read) go to {@code err}. */
    SshOptions ssh(PrintStream err) {
        SshOptions o = SshOptions.defaults();
        if (sshIdentity != null) {
            o = o.toBuilder().identityFile(sshIdentity).build();
        }
        if (sshConfig != null) {
            o = o.toBuilder().configFile(sshConfig).build();
        }
        if (sshPasswordFile != null) {
            for (String w : PasswordFiles.check(sshPasswordFile)) {
                if (err != null) {
                    err.println("xtf-harness: warning: " + w);
                }
            }
            o = o.toBuilder().passwordFile(sshPasswordFile.toAbsolutePath()).build();
        }
        for (String opt : sshOptions) {
            o = o.toBuilder().option(opt).build();
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

    boolean simGuestLoggingOn() {
        return switch (simGuestLogging) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new IllegalArgumentException(
                        "--sim-guest-logging takes on or off, not '" + simGuestLogging + "'");
        };
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
