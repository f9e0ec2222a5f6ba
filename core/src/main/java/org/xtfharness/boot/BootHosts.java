package org.xtfharness.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.xtfharness.catalog.Arch;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.time.TimeSource;

/** Factories for {@link BootHost}. */
public final class BootHosts {

    private static final byte[] GZIP = {(byte) 0x1f, (byte) 0x8b};
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
    private static final byte[] MZ = {'M', 'Z'};
    /** An arm64 Linux-style {@code Image}'s magic, at {@link #ARM64_MAGIC_AT} ({@code kernel_zimage64_probe()}). */
    private static final byte[] ARM64_MAGIC = {'A', 'R', 'M', 0x64};

    private static final int ARM64_MAGIC_AT = 0x38;
    /** Enough of an image to find its PE header's machine field. */
    private static final int PROBE_BYTES = 4096;

    /** Xen's ELF is a few MiB; a gzip inflating past this is refused. */
    static final long MAX_IMAGE_BYTES = 256L << 20;

    private BootHosts() {}

    /**
     * The architecture a Xen image is built for, where its header says so for certain: an arm64
     * {@code Image} ({@code ARM\x64} at 0x38, which Xen's own arm64 image has), an ELF's {@code
     * e_machine}, or a PE image's machine ({@code xen.efi}); a gzip is read through. Anything else
     * says nothing.
     *
     * @throws ConfigurationException if the file is not a readable regular file
     */
    public static Optional<Arch> archOf(Path image) {
        UserFiles.requireRegularFile(image, "hypervisor");
        byte[] h;
        try (InputStream in = Files.newInputStream(image)) {
            h = in.readNBytes(PROBE_BYTES);
            if (startsWith(h, GZIP)) {
                try (InputStream gz = new GZIPInputStream(Files.newInputStream(image))) {
                    h = gz.readNBytes(PROBE_BYTES);
                } catch (IOException e) {
                    return Optional.empty(); // a broken gzip tells nothing; booting it says what is wrong
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("hypervisor " + image + ": cannot be read ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
        return archOfHead(h);
    }

    /** {@link #archOf} on an image's first bytes. */
    static Optional<Arch> archOfHead(byte[] h) {
        if (h.length >= ARM64_MAGIC_AT + 4 && Arrays.equals(h, ARM64_MAGIC_AT, ARM64_MAGIC_AT + 4, ARM64_MAGIC, 0, 4)) {
            return Optional.of(Arch.ARM64);
        }
        if (startsWith(h, ELF) && h.length >= 20) {
            int machine = (h[18] & 0xff) | (h[19] & 0xff) << 8; // little-endian, as both are
            return machine == 62
                    ? Optional.of(Arch.X86_64)
                    : machine == 183 ? Optional.of(Arch.ARM64) : Optional.empty();
        }
        if (startsWith(h, MZ) && h.length >= 0x40) {
            int pe = (h[0x3c] & 0xff) | (h[0x3d] & 0xff) << 8 | (h[0x3e] & 0xff) << 16 | (h[0x3f] & 0xff) << 24;
            if (pe >= 0x40
                    && pe + 6 <= h.length
                    && h[pe] == 'P'
                    && h[pe + 1] == 'E'
                    && h[pe + 2] == 0
                    && h[pe + 3] == 0) {
                int machine = (h[pe + 4] & 0xff) | (h[pe + 5] & 0xff) << 8;
                return machine == 0x8664
                        ? Optional.of(Arch.X86_64)
                        : machine == 0xaa64 ? Optional.of(Arch.ARM64) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Boot mode on this machine: QEMU started locally, test binaries read from local files. */
    public static BootHost qemu(BootOptions options) {
        return qemu(options, CommandRunners.local(), new LocalHostFiles(), TimeSource.system(), Path.of("/dev/kvm"));
    }

    /**
     * Boot mode with the given parts (tests pass a fake QEMU through {@code options}).
     *
     * @throws ConfigurationException if the hypervisor is no Xen image of the boot path's kind (an
     *     ELF or its gzip for multiboot, a PE for EFI), the arguments file is unusable, the EFI
     *     firmware is missing, or KVM is asked for where {@code kvm} cannot be opened
     */
    public static BootHost qemu(
            BootOptions options, CommandRunner commands, HostFiles files, TimeSource time, Path kvm) {
        Objects.requireNonNull(options, "options");
        if (options.accel() == BootOptions.Accel.KVM && !(Files.isReadable(kvm) && Files.isWritable(kvm))) {
            throw new ConfigurationException(
                    "--accel kvm: " + kvm + " is missing or not readable and writable by this user; use --accel tcg");
        }
        XenArgs args = XenArgs.xenCi()
                .overriddenBy(options.argsFile().map(XenArgs::read).orElse(XenArgs.none()));
        Optional<Arch> imageArch = archOf(options.hypervisor());
        if (imageArch.isPresent() && imageArch.get() != options.arch()) {
            throw new ConfigurationException("hypervisor " + options.hypervisor() + ": an "
                    + imageArch.get().id()
                    + " image, and boot mode was asked for " + options.arch().id() + " (--arch "
                    + imageArch.get().id() + ", or leave --arch out to take the image's)");
        }
        byte[] head = head(options.hypervisor());
        if (options.efi().isPresent()) {
            BootOptions.Efi fw = options.efi().get();
            if (!startsWith(head, MZ)) {
                throw new ConfigurationException("hypervisor " + options.hypervisor()
                        + ": not an EFI image (the EFI path boots Xen's xen.efi, e.g. /boot/xen-4.17-amd64.efi)");
            }
            for (Path p : List.of(fw.code(), fw.varsTemplate())) {
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw new ConfigurationException(
                            "EFI firmware " + p + " is not a readable file (Debian: apt-get install ovmf)");
                }
            }
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("xtf-harness-boot-");
        } catch (IOException e) {
            throw new InfrastructureException("cannot create a working directory for boot mode: " + e.getMessage(), e);
        }
        // Deleted at exit too, in case a signal ends the JVM before close(); instances' own
        // directories go with their QEMU (destroy).
        workDir.toFile().deleteOnExit();
        try {
            Path xen = options.hypervisor().toAbsolutePath();
            // The EFI path boots the image as it is (copied onto each instance's ESP).
            if (options.arch() == Arch.ARM64) {
                if (startsWith(head, GZIP)) {
                    xen = gunzip(xen, workDir.resolve("xen"), Arch.ARM64);
                } else if (imageArch.isEmpty()) {
                    throw new ConfigurationException("hypervisor " + options.hypervisor()
                            + ": not an arm64 Image (no ARM\\x64 magic at 0x38; e.g. Debian's /boot/xen-4.17-arm64)");
                }
            } else if (options.efi().isEmpty() && startsWith(head, GZIP)) {
                xen = gunzip(xen, workDir.resolve("xen"), Arch.X86_64);
            } else if (options.efi().isEmpty() && !startsWith(head, ELF)) {
                throw new ConfigurationException("hypervisor " + options.hypervisor()
                        + ": neither an ELF image nor a gzip of one (QEMU's multiboot loader wants Xen's ELF)");
            }
            XenBuild build = XenBuild.of(readAll(xen));
            BootInstances instances = new BootInstances();
            QemuDomainController domains =
                    new QemuDomainController(options, xen, build, args, workDir, commands, files, time, instances);
            return new BootHost(options, workDir, instances, domains);
        } catch (RuntimeException e) {
            QemuDomainController.deleteTree(workDir);
            throw e;
        }
    }

    private static byte[] head(Path hypervisor) {
        try (InputStream in = Files.newInputStream(hypervisor)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new ConfigurationException("hypervisor " + hypervisor + ": cannot be read ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
    }

    private static byte[] readAll(Path image) {
        try {
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new ConfigurationException("hypervisor " + image + ": cannot be read ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
    }

    private static boolean startsWith(byte[] b, byte[] magic) {
        return b.length >= magic.length && Arrays.equals(b, 0, magic.length, magic, 0, magic.length);
    }

    /** Decompresses once, into the private working directory; checks an image of the architecture came out. */
    private static Path gunzip(Path gz, Path out, Arch arch) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
                OutputStream o = Files.newOutputStream(out)) {
            // Bounded: a gzip that inflates without end (or to gigabytes) is no Xen image.
            in.transferTo(new BoundedSink(o, MAX_IMAGE_BYTES));
        } catch (IOException e) {
            throw new ConfigurationException("hypervisor " + gz + ": cannot be decompressed ("
                    + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")");
        }
        out.toFile().deleteOnExit();
        if (arch == Arch.ARM64 && !archOf(out).equals(Optional.of(Arch.ARM64))) {
            throw new ConfigurationException("hypervisor " + gz + ": decompressed, it is no arm64 Image");
        }
        if (arch == Arch.X86_64 && !startsWith(head(out), ELF)) {
            throw new ConfigurationException("hypervisor " + gz + ": decompressed, it is no ELF image");
        }
        return out;
    }

    /** Writes through up to the bound and fails past it. */
    private static final class BoundedSink extends OutputStream {
        private final OutputStream out;
        private final long max;
        private long written;

        BoundedSink(OutputStream out, long max) {
            this.out = out;
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > max) {
                written += len;
                throw new IOException("it inflates to more than " + (max >> 20) + " MiB, which no Xen image does");
            }
            out.write(b, off, len);
            written += len;
        }
    }
}
