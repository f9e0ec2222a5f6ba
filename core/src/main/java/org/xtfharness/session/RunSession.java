package org.xtfharness.session;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.doctor.Doctor;
import org.xtfharness.doctor.DoctorOptions;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.doctor.Finding;
import org.xtfharness.doctor.Severity;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.RunLock;
import org.xtfharness.host.XenHost;
import org.xtfharness.journal.Journal;
import org.xtfharness.report.Descriptors;
import org.xtfharness.report.OutputTarget;
import org.xtfharness.run.Interruption;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.run.Unrunnable;

/**
 * One run with everything a run needs around it, so a library user gets what the CLI's
 * {@code run} gets. {@link Builder#open()} checks every output before anything else: each resolved
 * as the kernel will open it ({@link OutputTarget}), writable, and no two of
 * them, the journal and the process's standard output and error one file by device and inode; asks the doctor whether console
 * capture will work on the host and refuses to start if not (unless forced); takes the host's run
 * lock; creates the journal, or reopens the one being resumed, locked against a second writer; and
 * watches for SIGINT and SIGTERM. {@link #run} runs once, journalling every result and writing
 * every report; on a signal, the run is aborted, its domains destroyed, its reports written and
 * the lock released before the process exits with 130 (SIGINT) or 143 (SIGTERM), the exit code its
 * reports give. {@link #close()} releases the journal, the lock and the host.
 *
 * <pre>{@code
 * XenHost host = Hosts.local();
 * Runner.Builder runner = Runner.builder()
 *         .domains(DomainControllers.xl(host.commands(), XlOptions.builder().build()))
 *         .console(ConsoleSources.xenconsoledLog(host.files(), LogLayout.XENCONSOLED_DEFAULT))
 *         .parser(ResultParsers.xtf())
 *         .options(RunOptions.builder().host(host.target()).build());
 * try (RunSession session = RunSession.builder(runner).host(host)
 *         .journal(Path.of("run.jsonl"))
 *         .report("JUnit report", Path.of("junit.xml"), (file, journal) -> Reporters.junitXml(file))
 *         .open()) {
 *     List<TestInstance> all = Catalogues.xtfTree(host.files(), "/opt/xtf").instances();
 *     System.exit(session.run(all, List.of()).exitCode());
 * }
 * }</pre>
 */
public final class RunSession implements AutoCloseable {

    /** Makes the listener that writes one report file; a report may name the run's journal. */
    @FunctionalInterface
    public interface ReportWriter {
        RunListener writeTo(Path file, Path journal);
    }

    /** How long a signal waits for the aborted run to write its reports before the process exits. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(30);

    private final Runner.Builder runner;
    private final Journal journal;
    private final Optional<Journal.Contents> resumed;
    private final RunLock lock;
    private final XenHost host;
    private final Optional<DoctorReport> doctor;
    private final SignalWatch signals;
    private final Thread hook;
    private final AtomicReference<Runner> current = new AtomicReference<>();
    private boolean used;

    private RunSession(
            Builder b,
            Journal journal,
            Optional<Journal.Contents> resumed,
            RunLock lock,
            Optional<DoctorReport> doctor) {
        this.runner = b.runner;
        this.journal = journal;
        this.resumed = resumed;
        this.lock = lock;
        this.host = b.host;
        this.doctor = doctor;
        runner.store(journal);
        for (Output o : b.reports) {
            runner.listener(o.writer.writeTo(o.file, journal.file()));
        }
        // Last, once nothing here can fail: a hook left behind would outlive the session.
        this.signals = b.signals ? SignalWatch.start() : SignalWatch.none();
        this.hook = new Thread(this::onShutdown, "xtf-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A session for the run {@code runner} describes: domains, console, parser, options, listeners. */
    public static Builder builder(Runner.Builder runner) {
        return new Builder(runner);
    }

    /** The journal this run appends to: new, or the one being resumed. */
    public Path journalFile() {
        return journal.file();
    }

    /** What the resumed journal held when it was reopened; empty for a new journal. */
    public Optional<Journal.Contents> resumed() {
        return resumed;
    }

    /**
     * Of the instances a resumed journal holds, those it holds a final result for (a journalled
     * attempt that would have been retried is not one: {@link Runner#pendingRetry}). Empty for a
     * new journal.
     */
    public List<TestResult> resumedFinal() {
        int retries = runner.retries();
        return resumed.map(c -> c.finalResults().stream()
                        .filter(r -> !Runner.pendingRetry(r, retries))
                        .toList())
                .orElse(List.of());
    }

    /** The doctor's report from the pre-check; empty when there was no host to ask or the run was forced. */
    public Optional<DoctorReport> doctor() {
        return doctor;
    }

    /**
     * Runs the instances once. Results a resumed journal already holds for them are reported
     * again, not re-run.
     *
     * @param instances what to run, in order
     * @param unrunnable selected instances the host cannot run: reported as SKIP
     * @throws IllegalStateException if this session has run before
     * @throws InfrastructureException after every report was attempted, if one could not be written
     */
    public synchronized RunSummary run(List<TestInstance> instances, List<Unrunnable> unrunnable) {
        if (used) {
            throw new IllegalStateException("this RunSession has already run: a session runs once");
        }
        used = true;
        Set<String> selected = new HashSet<>();
        instances.forEach(i -> selected.add(i.name()));
        unrunnable.forEach(u -> selected.add(u.instance().name()));
        // Every attempt, not only the last: an attempt that would have been retried is not final.
        List<TestResult> previous = resumed.map(c -> c.results().stream()
                        .filter(r -> selected.contains(r.instance()))
                        .toList())
                .orElse(List.of());
        Runner r = runner.build();
        current.set(r);
        if (signals.received().isPresent()) {
            r.abort(signals.received().get()); // the signal came before the runner: run nothing
        }
        return r.run(instances, unrunnable, previous);
    }

    /**
     * Stops the run from inside (a listener that has seen enough): no new instance starts, this
     * run's domains are destroyed and {@link #run} returns a summary marked interrupted, exit 1.
     * Nothing happens before {@link #run} has started.
     */
    public void abort(String reason) {
        Runner r = current.get();
        if (r != null) {
            r.abort(Interruption.aborted(reason));
        }
    }

    /**
     * Stops the run as a signal does, for {@code why}: no new instance starts, this run's domains
     * are destroyed, its results so far stay journalled and {@link #run} returns a summary with
     * {@code why}'s exit code. Nothing happens before {@link #run} has started. Any thread.
     */
    public void abort(Interruption why) {
        Runner r = current.get();
        if (r != null) {
            r.abort(why);
        }
    }

    /** Releases the journal, the run lock and the host; safe to call more than once. */
    @Override
    public void close() {
        List<String> failed = new ArrayList<>();
        attempt(journal::close, failed);
        attempt(lock == null ? () -> {} : lock::release, failed);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for the run and releases the lock itself
        }
        signals.close();
        attempt(host == null ? () -> {} : () -> Hosts.close(host), failed);
        if (!failed.isEmpty()) {
            throw new InfrastructureException(String.join("; ", failed));
        }
    }

    private static void attempt(Runnable step, List<String> failed) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed.add(Messages.reason(e));
        }
    }

    /** The JVM is exiting (a signal, or System.exit elsewhere): stop the run, let it report, free the host. */
    private void onShutdown() {
        Runner r = current.get();
        if (r != null) {
            r.abort(signals.received().orElse(Interruption.aborted("the process is exiting")));
            try {
                r.awaitFinished(SIGNAL_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The JVM halts when the hooks end, perhaps before the main thread's own close: release the
        // lock and close the host (an ssh master, a simulated host's files) here too.
        List<String> failed = new ArrayList<>();
        attempt(lock == null ? () -> {} : lock::release, failed);
        attempt(host == null ? () -> {} : () -> Hosts.close(host), failed);
        failed.forEach(f -> System.err.println("xtf-harness: " + f));
    }

    /** One report file and the writer that fills it. */
    private record Output(String what, Path file, ReportWriter writer) {}

    /** Builds a {@link RunSession}; {@link #open()} does the checks and takes the locks. */
    public static final class Builder {
        private final Runner.Builder runner;
        private XenHost host;
        private DoctorReport doctorReport;
        private DoctorOptions doctorOptions = DoctorOptions.defaults();
        private final Set<String> tolerated = new HashSet<>();
        private boolean force;
        private String refusalAdvice = "fix it, or force the run";
        private String runLock = RunLock.DEFAULT_PATH;
        private Path journal;
        private Path journalDir = Path.of("");
        private Path resume;
        private Journal.ShardRecord shard;
        private String harnessVersion = Optional.ofNullable(
                        RunSession.class.getPackage().getImplementationVersion())
                .orElse("unknown");
        private final List<Output> reports = new ArrayList<>();
        private boolean signals = true;
        private Descriptors descriptors = Descriptors.process();

        private Builder(Runner.Builder runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
        }

        /**
         * The Xen host the run's domains and console are on: it is asked whether console capture
         * will work, it holds the run lock, and the session closes it. Without one (a library user's
         * own domain controller), there is nothing to inspect or lock.
         */
        public Builder host(XenHost h) {
            this.host = Objects.requireNonNull(h, "host");
            return this;
        }

        /** Use this doctor's report (the caller took it, e.g. to choose a console) instead of inspecting anew. */
        public Builder doctorReport(DoctorReport report) {
            this.doctorReport = Objects.requireNonNull(report, "report");
            return this;
        }

        /**
         * How the doctor inspects the host when no report is given: the xl command and the guest log
         * layout the run uses (default {@link DoctorOptions#defaults()}), so it checks the logs this
         * run will read.
         */
        public Builder doctorOptions(DoctorOptions options) {
            this.doctorOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Doctor findings that do not stop this run (the log's own problems do not stop a live console). */
        public Builder tolerating(Collection<String> findingCodes) {
            tolerated.addAll(findingCodes);
            return this;
        }

        /** Run even when the doctor says console capture will not work (it is then not asked). */
        public Builder force(boolean f) {
            this.force = f;
            return this;
        }

        /** What a refusal tells the user to do, after the findings (the CLI names its options). */
        public Builder refusalAdvice(String advice) {
            this.refusalAdvice = Objects.requireNonNull(advice, "advice");
            return this;
        }

        /** Where the run lock is on the host (default {@link RunLock#DEFAULT_PATH}). */
        public Builder runLock(String path) {
            this.runLock = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Journal to this new file; by default a new uniquely named one in the current directory. */
        public Builder journal(Path file) {
            this.journal = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Resume the interrupted run this journal belongs to, appending to it. */
        public Builder resume(Path file) {
            this.resume = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The run is this shard of a selection: its journal's header says so, and a resumed journal
         * must be of the same shard.
         */
        public Builder shard(Journal.ShardRecord s) {
            this.shard = Objects.requireNonNull(s, "shard");
            return this;
        }

        /** The version the journal's header names. */
        public Builder harnessVersion(String version) {
            this.harnessVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Writes a report to {@code file} at the end of the run; {@code what} names it in errors
         * (the CLI gives its option, {@code --junit}).
         */
        public Builder report(String what, Path file, ReportWriter writer) {
            reports.add(new Output(
                    Objects.requireNonNull(what, "what"),
                    Objects.requireNonNull(file, what),
                    Objects.requireNonNull(writer, "writer")));
            return this;
        }

        /** The descriptors {@code /dev/stdout} and its kin name (default: this process's own); tests give their own. */
        public Builder descriptors(Descriptors d) {
            this.descriptors = Objects.requireNonNull(d, "descriptors");
            return this;
        }

        /** Whether SIGINT and SIGTERM abort the run with their own exit codes (default: they do). */
        public Builder signals(boolean watch) {
            this.signals = watch;
            return this;
        }

        /**
         * Checks the outputs, asks the doctor, takes the run lock and opens the journal, in that
         * order, so a mistake costs nothing and nothing is left behind by a refusal.
         *
         * @throws ConfigurationException naming the output, finding or lock that stops the run
         * @throws InfrastructureException if the host cannot be reached
         */
        public RunSession open() {
            if (journal != null && resume != null && !journal.equals(resume)) {
                throw new ConfigurationException("a resumed run appends to the journal it resumes (" + resume
                        + "): give no other journal (" + journal + ")");
            }
            checkOutputs();
            Optional<DoctorReport> report = precheck();
            String where = runner.options().hostDescription();
            // Held until the run's domains are gone: a second runner would destroy them as stale.
            RunLock lock = host == null ? null : RunLock.acquire(host.commands(), runLock, runner.time());
            try {
                Journal j;
                Optional<Journal.Contents> earlier = Optional.empty();
                if (resume != null) {
                    Journal.Resumed r = Journal.openForAppend(resume, where);
                    j = r.journal();
                    earlier = Optional.of(r.earlier());
                    try {
                        requireSameShard(resume, r.earlier().header().shard());
                    } catch (RuntimeException e) {
                        j.close();
                        throw e;
                    }
                } else {
                    Journal.Header header =
                            new Journal.Header(harnessVersion, runner.time().now(), where, Optional.ofNullable(shard));
                    j = journal != null ? Journal.create(journal, header) : Journal.createIn(journalDir, header);
                }
                try {
                    return new RunSession(this, j, earlier, lock, report);
                } catch (RuntimeException e) {
                    j.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                if (lock != null) {
                    lock.release();
                }
                throw e;
            }
        }

        /** A resumed run runs the shard its journal holds, or the merge of the shards would not add up. */
        private void requireSameShard(Path file, Optional<Journal.ShardRecord> held) {
            String was = held.map(h -> "shard " + h.describe() + " of selection " + h.selection())
                    .orElse("a whole selection");
            String now = shard == null
                    ? "a whole selection"
                    : "shard " + shard.describe() + " of selection " + shard.selection();
            boolean same = held.isEmpty()
                    ? shard == null
                    : shard != null
                            && held.get().index() == shard.index()
                            && held.get().total() == shard.total()
                            && held.get().selection().equals(shard.selection())
                            && held.get().instances().equals(shard.instances());
            if (!same) {
                throw new ConfigurationException("journal " + file + " holds " + was + ", but this run is " + now
                        + ": resume it with the same selection and --shard"
                        + (held.isPresent()
                                ? " " + held.get().describe() + " (and the same --shard-durations)"
                                : ", none"));
            }
        }

        private Optional<DoctorReport> precheck() {
            if (host == null || force) {
                return Optional.ofNullable(doctorReport);
            }
            DoctorReport report = doctorReport != null ? doctorReport : Doctor.inspect(host, doctorOptions);
            List<Finding> blocking = report.withSeverity(Severity.ERROR).stream()
                    .filter(f -> !tolerated.contains(f.code()))
                    .toList();
            if (!blocking.isEmpty()) {
                StringBuilder b = new StringBuilder("console capture will not work on " + report.target() + ":");
                for (Finding f : blocking) {
                    b.append("\n  ").append(f.code()).append(": ").append(f.message());
                    if (!f.remedy().isEmpty()) {
                        b.append("\n    fix: ").append(f.remedy());
                    }
                }
                throw new ConfigurationException(
                        b.append("\n").append(refusalAdvice).toString());
            }
            return Optional.of(report);
        }

        /**
         * Every output names a writable place of its own, before anything runs: each resolved as the
         * kernel will open it, checked, and compared with the others, the journal and the process's
         * standard output and error by file identity (device and inode).
         */
        private void checkOutputs() {
            List<OutputTarget> all = new ArrayList<>();
            if (resume != null) {
                OutputTarget t = OutputTarget.resolve("the resumed journal", resume, descriptors);
                if (t.kind() == OutputTarget.Kind.NEW_FILE) {
                    throw new ConfigurationException("the resumed journal " + resume + " does not exist");
                }
                if (t.kind() != OutputTarget.Kind.FILE) {
                    throw new ConfigurationException(
                            "the resumed journal " + resume + " is not a regular file: a journal is one");
                }
                all.add(t.check());
            } else if (journal != null) {
                OutputTarget t = OutputTarget.resolve("the journal", journal, descriptors);
                if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ConfigurationException("the journal " + journal + " already exists: a journal "
                            + "belongs to one run; choose a new file, or resume that run");
                }
                all.add(t.check());
            } else {
                Path dir = journalDir.toAbsolutePath();
                requireWritableDirectory("the journal's directory", dir, dir.resolve("xtf-harness-journal-*.jsonl"));
            }
            for (Output o : reports) {
                all.add(OutputTarget.resolve(o.what, o.file, descriptors).check());
            }
            // where the text and progress go: a report or the journal there would be overwritten, or overwrite them
            OutputTarget.descriptor("standard output", 1, descriptors).ifPresent(all::add);
            OutputTarget.descriptor("standard error", 2, descriptors).ifPresent(all::add);
            OutputTarget.requireDistinct(all);
        }

        private static void requireWritableDirectory(String what, Path dir, Path forFile) {
            if (!Files.isDirectory(dir)) {
                throw new ConfigurationException(
                        "cannot write " + forFile + ": " + what + " " + dir + " does not exist");
            }
            if (!Files.isWritable(dir)) {
                throw new ConfigurationException(
                        "cannot write " + forFile + ": " + what + " " + dir + " is not writable");
            }
        }
    }
}
