package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.ShutdownReason;
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

    synchronized void started(RunningCommand q) {
        this.qemu = q;
    }

    synchronized Optional<ShutdownReason> end() {
        return Optional.ofNullable(end);
    }

    synchronized void ended(ShutdownReason r) {
        this.end = r;
    }
}
