package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.RunningCommand;

/** One instance's QEMU: its private directory, serial log and argv, the process once started. */
final class BootInstance {

    final String name;
    final DomainId id;
    final Path dir;
    final Path serial;
    final List<String> argv;
    private RunningCommand qemu;
    private ShutdownReason end;
    private boolean destroyed;

    BootInstance(String name, DomainId id, Path dir, Path serial, List<String> argv) {
        this.name = name;
        this.id = id;
        this.dir = dir;
        this.serial = serial;
        this.argv = List.copyOf(argv);
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
