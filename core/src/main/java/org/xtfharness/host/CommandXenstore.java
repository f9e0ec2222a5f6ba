package org.xtfharness.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

/** {@link Xenstore} through {@code xenstore-read PATH} run by a {@link CommandRunner}, locally or over ssh. */
public final class CommandXenstore implements Xenstore {

    private final CommandRunner runner;
    private final List<String> xenstoreRead;
    private final Duration timeout;

    /**
     * @param runner runs the command on the host
     * @param xenstoreRead the argv prefix that reads one path, normally {@code [xenstore-read]}
     * @param timeout the deadline of each read
     */
    public CommandXenstore(CommandRunner runner, List<String> xenstoreRead, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.xenstoreRead = List.copyOf(xenstoreRead);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.xenstoreRead.isEmpty()) {
            throw new IllegalArgumentException("the xenstore-read command is empty");
        }
    }

    @Override
    public Optional<String> read(String path) {
        List<String> argv = new ArrayList<>(xenstoreRead);
        argv.add(path);
        CommandResult r = runner.run(new Command(argv, timeout));
        String v = r.stdoutText().strip();
        return r.succeeded() && !v.isEmpty() ? Optional.of(v) : Optional.empty();
    }
}
