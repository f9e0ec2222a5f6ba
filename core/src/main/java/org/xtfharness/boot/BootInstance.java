package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.RunningCommand;
import org.xtfharness.time.TimeSource;

/** One instance's QEMU: its private directory, serial log and argv, the process once started. */
final class BootInstance {

    /** QEMU's standard output kept for messages: its last bytes. */
    static final int STDOUT_KEPT = 2048;

    final String name;
    final DomainId id;
    final Path dir;
    final Path serial;
    final List<String> argv;
    /** How its serial log says it ended and which lines are the test's. */
    final SerialProtocol protocol;

    private RunningCommand qemu;
    private OutputDrain stdout;
    private SerialLogScanner scanner;
    private ShutdownReason end;
    private boolean destroyed;

    BootInstance(String name, DomainId id, Path dir, Path serial, List<String> argv, SerialProtocol protocol) {
        this.name = name;
        this.id = id;
        this.dir = dir;
        this.serial = serial;
        this.argv = List.copyOf(argv);
        this.protocol = protocol;
    }

    synchronized Optional<RunningCommand> qemu() {
        return Optional.ofNullable(qemu);
    }

    /**
     * Starts QEMU unless the instance was destroyed first (an abort can come between create and
     * unpause): a QEMU started after its destroy would be left running.
     */
    synchronized void start(Supplier<RunningCommand> starter) {
        if (destroyed) {
            throw new InfrastructureException(
                    "not starting QEMU for " + name + ": it was destroyed (the run is ending)");
        }
        this.qemu = starter.get();
        this.stdout = OutputDrain.start(qemu.stdout(), STDOUT_KEPT, "xtf-harness-qemu-stdout-" + name);
    }

    /** The last bytes QEMU wrote on its standard output, if it was started and wrote any. */
    synchronized Optional<String> stdoutTail() {
        return stdout == null || stdout.total() == 0
                ? Optional.empty()
                : Optional.of(
                        stdout.total() + " bytes, the last: " + stdout.tail().strip());
    }

    /** The one reader of this instance's serial log, which keeps its place between calls. */
    synchronized SerialLogScanner scanner(TimeSource time) {
        if (scanner == null) {
            scanner = new SerialLogScanner(serial, time, protocol);
        }
        return scanner;
    }

    /** Releases the serial log, if it was read. */
    synchronized void closeScanner() {
        if (scanner != null) {
            scanner.close();
        }
    }

    /** Marks it destroyed; true for the first caller only, who is to kill QEMU and clean up. */
    synchronized boolean markDestroyed() {
        boolean first = !destroyed;
        destroyed = true;
        return first;
    }

    synchronized Optional<ShutdownReason> end() {
        return Optional.ofNullable(end);
    }

    synchronized void ended(ShutdownReason r) {
        this.end = r;
    }
}
