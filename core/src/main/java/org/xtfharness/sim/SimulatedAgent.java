package org.xtfharness.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.xtfharness.agent.AgentOutput;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.time.TimeSource;

/**
 * The simulated host's answers to the host agent's requests ({@code sh -c PROGRAM
 * xtf-harness-agent VERB ARGS...}), read only through {@link AgentScript#parse}; the xl steps of
 * the multi-step verbs go back to the host as commands of their own (and are recorded there).
 */
final class SimulatedAgent {

    private final CommandRunner host;
    private final SimulatedFiles files;
    private final TimeSource time;
    private final IntPredicate alive;

    /**
     * @param host runs (and records) the xl steps
     * @param alive whether a domain id is still running or paused
     */
    SimulatedAgent(CommandRunner host, SimulatedFiles files, TimeSource time, IntPredicate alive) {
        this.host = host;
        this.files = files;
        this.time = time;
        this.alive = alive;
    }

    /**
     * {@code sh -c AGENT xtf-harness-agent VERB ARGS...}: the host agent's requests, read through
     * {@link AgentScript#parse} (the one reader of their words), each answered as the agent's verb
     * would answer it: the multi-step verbs run their xl steps as commands of their own (recorded),
     * printing the agent's step lines.
     */
    Answer serve(List<String> argv, Duration deadline) {
        Optional<AgentRequest> request;
        try {
            request = AgentScript.parse(argv);
        } catch (IllegalArgumentException e) {
            return Answer.fail(2, AgentScript.NAME + ": " + e.getMessage());
        }
        if (request.isEmpty()) {
            return Answer.fail(2, "sh: the simulated host runs only the harness's host agent");
        }
        AgentRequest r = request.get();
        if (r instanceof AgentRequest.Create c) {
            return c.carried().isPresent()
                    ? Answer.fail(2, "sh: the simulated host carries no host step in its create")
                    : createScript(c, deadline);
        }
        if (r instanceof AgentRequest.Run run) {
            return run.carried().isPresent()
                    ? Answer.fail(2, "sh: the simulated host carries no host step in its wait")
                    : runScript(run, deadline);
        }
        if (r instanceof AgentRequest.Destroy d) {
            return destroyScript(d.name(), d.evidence(), d.xl(), deadline);
        }
        if (r instanceof AgentRequest.FindXenconsoled f) {
            return findXenconsoled(f.root());
        }
        if (r instanceof AgentRequest.LockAcquire l) {
            return takeLock(l.path(), l.owner());
        }
        if (r instanceof AgentRequest.LockRelease l) {
            return releaseLock(l.path(), l.owner());
        }
        return Answer.fail(
                2,
                "sh: the simulated host does not serve the agent's " + r.argv().get(0));
    }

    /**
     * The agent's create: the create (which refuses a name in use, as libxl does), then a listing,
     * each run (and recorded) as a command of its own.
     */
    private Answer createScript(AgentRequest.Create c, Duration timeout) {
        StringBuilder out = new StringBuilder(AgentOutput.stepLine("create"));
        CommandResult create = host.run(new Command(concat(c.xl(), c.args()), timeout));
        out.append(create.stdoutText());
        if (create.exitCode() != 0) {
            return new Answer(create.exitCode(), out.toString(), create.stderr());
        }
        out.append(AgentOutput.stepLine("list"));
        CommandResult after = host.run(new Command(concat(c.xl(), List.of("list")), timeout));
        return new Answer(
                after.exitCode(), out.append(after.stdoutText()).toString(), create.stderr() + after.stderr());
    }

    /**
     * The agent's run: the unpause, then the wait a host watch gives: this host looks at the domain
     * every few milliseconds of its own time until the domain has ended or the request's seconds
     * have passed, and lists the domains once at the end.
     */
    private Answer runScript(AgentRequest.Run request, Duration deadline) {
        String domid = Integer.toString(request.domid());
        String unpaused = AgentOutput.stepLine("unpause");
        CommandResult r = host.run(new Command(concat(request.xl(), List.of("unpause", domid)), deadline));
        if (r.exitCode() != 0) {
            return new Answer(r.exitCode(), unpaused, r.stderr());
        }
        long limit = request.seconds() * 1_000_000_000L;
        long start = time.nanoTime();
        while (alive.test(request.domid())) {
            if (time.nanoTime() - start >= limit) {
                return Answer.ok(unpaused + AgentOutput.stepLine("wait") + AgentOutput.stepLine("deadline"));
            }
            try {
                time.sleep(Duration.ofMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Answer.fail(130, "simulated: interrupted while waiting for domain " + domid);
            }
        }
        CommandResult listing = host.run(new Command(concat(request.xl(), List.of("list")), deadline));
        return new Answer(
                listing.exitCode(),
                unpaused + AgentOutput.stepLine("wait") + AgentOutput.stepLine("end") + listing.stdoutText(),
                listing.stderr());
    }

    /**
     * XlDomainController's destroy script: {@code xl destroy NAME}, then one listing. A domain still
     * listed there fails the script (the controller then waits for it itself): no polling in here.
     */
    private Answer destroyScript(String name, boolean evidence, List<String> xl, Duration timeout) {
        StringBuilder out = new StringBuilder();
        if (evidence) {
            List<String> describe = new ArrayList<>(xl);
            describe.addAll(List.of("list", "-l", name));
            out.append(AgentOutput.stepLine("describe"));
            CommandResult d = host.run(new Command(describe, timeout));
            out.append(d.stdoutText());
            if (d.exitCode() != 0) {
                out.append(AgentOutput.stepLine("describe-failed"));
            }
            out.append(AgentOutput.stepLine("dmesg"));
            CommandResult m = host.run(new Command(concat(xl, List.of("dmesg")), timeout));
            out.append(m.stdoutText());
            if (m.exitCode() != 0) {
                out.append(AgentOutput.stepLine("dmesg-failed"));
            }
        }
        out.append(AgentOutput.stepLine("destroy"));
        List<String> destroy = new ArrayList<>(xl);
        destroy.add("destroy");
        destroy.add(name);
        CommandResult r = host.run(new Command(destroy, timeout));
        if (r.exitCode() != 0) {
            return new Answer(r.exitCode(), out.toString(), r.stderr());
        }
        out.append(AgentOutput.stepLine("gone"));
        CommandResult listing = host.run(new Command(concat(xl, List.of("list")), timeout));
        if (listing.exitCode() != 0) {
            return new Answer(listing.exitCode(), out.toString(), listing.stderr());
        }
        return listing.stdoutText().lines().anyMatch(l -> l.startsWith(name + " "))
                ? new Answer(1, out.toString(), "simulated: " + name + " is still listed\n")
                : Answer.ok(out.toString());
    }

    private static List<String> concat(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private Answer findXenconsoled(String procRoot) {
        String proc = (procRoot.endsWith("/") ? procRoot : procRoot + "/") + "proc";
        StringBuilder out = new StringBuilder();
        for (String entry : files.list(proc)) {
            String comm = proc + "/" + entry + "/comm";
            if (entry.matches("[0-9]+")
                    && files.stat(comm).isPresent()
                    && new String(files.readAll(comm, 64), StandardCharsets.UTF_8)
                            .strip()
                            .equals("xenconsoled")) {
                out.append(procRoot).append("/proc/").append(entry).append("/comm\n");
            }
        }
        return Answer.ok(out.toString());
    }

    private Answer takeLock(String path, String owner) {
        Optional<Path> dir = files.real(path);
        if (dir.isEmpty()) {
            return Answer.fail(1, "mkdir: cannot create directory '" + path + "': Permission denied");
        }
        // Serialises the lock's mkdir and rmdir, which are atomic on a real host.
        synchronized (this) {
            try {
                Files.createDirectory(dir.get());
            } catch (FileAlreadyExistsException e) {
                if (Files.isDirectory(dir.get())) {
                    Path ownerFile = dir.get().resolve("owner");
                    return new Answer(3, Files.exists(ownerFile) ? readString(ownerFile) : "", "");
                }
                return Answer.fail(1, "mkdir: cannot create directory '" + path + "': File exists");
            } catch (NoSuchFileException e) {
                return Answer.fail(1, "mkdir: cannot create directory '" + path + "': No such file or directory");
            } catch (IOException e) {
                return Answer.fail(1, "mkdir: cannot create directory '" + path + "': " + e.getMessage());
            }
            try {
                Files.writeString(dir.get().resolve("owner"), owner + "\n");
            } catch (IOException e) {
                return Answer.fail(4, "sh: cannot write " + path + "/owner: " + e.getMessage());
            }
            return Answer.ok("");
        }
    }

    private Answer releaseLock(String path, String owner) {
        Optional<Path> dir = files.real(path);
        synchronized (this) {
            if (dir.isPresent()
                    && Files.exists(dir.get().resolve("owner"))
                    && readString(dir.get().resolve("owner")).strip().equals(owner)) {
                try {
                    Files.delete(dir.get().resolve("owner"));
                    Files.delete(dir.get());
                } catch (IOException e) {
                    return Answer.fail(1, "rmdir: failed to remove '" + path + "': " + e.getMessage());
                }
            }
            return Answer.ok("");
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
