package org.xtfharness.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.LineFramer;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.InfrastructureException;

/**
 * The test's lines from its QEMU's serial console, as its {@link SerialProtocol} picks them: Xen's
 * own lines ({@code (XEN)}, the boot log and the end) are left out of the capture, so they never
 * decide a verdict; the controller keeps
 * them as evidence ({@link QemuDomainController#describe}). The serial log exists, empty, before
 * QEMU starts, so the first byte is never lost.
 */
final class SerialConsoleSource implements ConsoleSource {

    /** More than any test prints; a guest that floods past it keeps its last bytes. */
    static final int MAX_BYTES = 16 << 20;

    private final BootInstances instances;

    SerialConsoleSource(BootInstances instances) {
        this.instances = instances;
    }

    @Override
    public ConsoleSession open(String domainName) {
        return new ConsoleSession() {
            @Override
            public void attach(DomainId id, Duration deadline) {
                BootInstance i = instances.require(domainName);
                if (!Files.isRegularFile(i.serial)) {
                    throw new InfrastructureException("the serial log of " + domainName + " is missing: " + i.serial);
                }
            }

            @Override
            public ConsoleCapture collect() {
                BootInstance i = instances.require(domainName);
                byte[] bytes;
                long size;
                try {
                    size = Files.size(i.serial);
                    bytes = tail(i, size);
                } catch (IOException e) {
                    throw new InfrastructureException(
                            "cannot read the serial log of " + domainName + " (" + i.serial + "): " + e.getMessage(),
                            e);
                }
                List<String> guest = i.protocol.guestLines(LineFramer.frame(bytes));
                List<String> notes = size > bytes.length
                        ? List.of(
                                "the serial log held " + size + " bytes; only its last " + bytes.length + " were read")
                        : List.of();
                return new ConsoleCapture(
                        guest,
                        size,
                        size - bytes.length,
                        "QEMU serial console (" + i.protocol.describe() + ") " + i.serial,
                        ConsoleCapture.Location.LIVE,
                        notes);
            }
        };
    }

    private static byte[] tail(BootInstance i, long size) throws IOException {
        try (InputStream in = Files.newInputStream(i.serial)) {
            in.skipNBytes(Math.max(0, size - MAX_BYTES));
            return in.readNBytes(MAX_BYTES);
        }
    }

    @Override
    public String describe() {
        return "QEMU serial console (Xen's own lines left out)";
    }
}
