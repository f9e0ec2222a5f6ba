package org.xtfharness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.ResultParser;
import org.xtfharness.result.Verdict;
import org.xtfharness.time.TimeSource;

/**
 * Schedules a run: each selected instance on a pool of {@link RunOptions#jobs()} workers, through
 * the per-instance protocol ({@code InstanceRun}: clean start, console mark, create paused, attach,
 * unpause, await the end, collect, judge, evidence, destroy), retried as asked, journalled, heard
 * by the listeners, and stopped by {@link #abort()}.
 *
 * <p>A result is made durable (see {@link ResultStore}) before the listeners hear of it and before
 * the worker starts its next instance. {@link #abort()} (called from a signal handler) stops new
 * instances, destroys every domain this runner created, and lets {@link #run} return a summary
 * marked interrupted: results finished before the abort are all kept, in-flight ones are listed as
 * not run, never reported with a verdict computed while their domain was being torn down.
 *
 * <p>A runner runs once: build a new one for another run. Whatever goes wrong inside the run (a
 * listener that throws, a worker that fails) never skips {@link RunListener#runFinished}, and
 * once every listener has heard it, {@link #run} throws an {@link InfrastructureException} naming
 * each failure: a report that could not be written is a failure of the runner, not a test's.
 */
public final class Runner {

    private final DomainController domains;
    private final ConsoleSource console;
    private final ResultParser parser;
    private final ResultStore store;
    private final List<RunListener> listeners;
    private final RunOptions options;
    private final TimeSource time;
    private final int retries;
    private final Assessor assessor;
    private final ExitPolicy exitPolicy;

    private final Object lock = new Object();
    private final AtomicBoolean used = new AtomicBoolean();

    private final AtomicReference<Interruption> interruption = new AtomicReference<>();
    /** What went wrong outside any one test: listeners that threw, workers that failed. */
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** The per-instance protocol, shared by the workers; it remembers the domains to sweep. */
    private final InstanceRun protocol;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ExecutorService pool;

    private Runner(Builder b) {
        this.domains = Objects.requireNonNull(b.domains, "domains");
        this.console = Objects.requireNonNull(b.console, "console");
        this.parser = Objects.requireNonNull(b.parser, "parser");
        this.store = b.store;
        this.listeners = List.copyOf(b.listeners);
        this.options = b.options;
        this.time = b.time;
        this.retries = b.retries;
        this.assessor = b.assessor;
        this.exitPolicy = b.exitPolicy;
        this.protocol = new InstanceRun(domains, console, parser, options, time, broadcast(), this::isAborting);
    }

    /** What the per-instance protocol tells: heard by every listener, serialised as the runner's own calls. */
    private RunListener broadcast() {
        return new RunListener() {
            @Override
            public void instanceStarted(TestInstance instance, int attempt) {
                dispatch(l -> l.instanceStarted(instance, attempt));
            }

            @Override
            public void notice(String instance, String message) {
                dispatch(l -> l.notice(instance, message));
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the instances.
     *
     * @param instances the instances to run, in order
     * @param unrunnable selected instances the host cannot run: reported as SKIP, never started
     * @param previous the attempts an earlier, interrupted run journalled ({@code --resume}), in the
     *     order written: each instance's last is reported again, neither re-run nor journalled again,
     *     unless it would have been retried ({@link #pendingRetry}): then the instance goes on from
     *     its next attempt, as the uninterrupted run would have
     * @throws IllegalStateException if this runner has run before
     * @throws InfrastructureException after the listeners heard the run finish, if any of them threw
     *     (a report could not be written) or a worker failed
     */
    public RunSummary run(List<TestInstance> instances, List<Unrunnable> unrunnable, List<TestResult> previous) {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "this Runner has already run: a Runner runs once; build a new one " + "for another run");
        }
        try {
            RunSummary summary = runOnce(instances, unrunnable, previous);
            List<String> failed = List.copyOf(failures);
            if (!failed.isEmpty()) {
                throw new InfrastructureException(
                        "the run finished (its results are journalled) but " + String.join("; ", failed));
            }
            return summary;
        } finally {
            finished.countDown();
        }
    }

    private RunSummary runOnce(List<TestInstance> instances, List<Unrunnable> unrunnable, List<TestResult> previous) {
        Instant started = time.now();
        List<TestInstance> all = new ArrayList<>();
        unrunnable.forEach(u -> all.add(u.instance()));
        all.addAll(instances);
        RunPlan plan = new RunPlan(all, options.hostDescription(), console.describe(), options.jobs(), started);
        Map<String, TestResult> results = new LinkedHashMap<>();
        for (TestInstance i : all) {
            results.put(i.name(), null);
        }
        dispatch(l -> l.runStarted(plan));

        Map<String, List<TestResult>> attempts = new ConcurrentHashMap<>();
        // Where an instance's retries resume: an interrupted run ends as an uninterrupted one would,
        // so a journalled attempt that would have been retried is not its result.
        Map<String, Integer> nextAttempt = new HashMap<>();
        Set<String> toRun = new HashSet<>();
        instances.forEach(i -> toRun.add(i.name()));
        Map<String, List<TestResult>> earlier = new LinkedHashMap<>();
        for (TestResult p : previous) {
            if (results.containsKey(p.instance())) {
                earlier.computeIfAbsent(p.instance(), n -> new ArrayList<>()).add(p);
            }
        }
        for (List<TestResult> journalled : earlier.values()) {
            TestResult last = journalled.get(journalled.size() - 1);
            List<TestResult> before = journalled.subList(0, journalled.size() - 1);
            if (toRun.contains(last.instance()) && pendingRetry(last, retries)) {
                attempts.put(last.instance(), new ArrayList<>(journalled));
                nextAttempt.put(last.instance(), last.attempt() + 1);
                continue;
            }
            if (!before.isEmpty()) {
                attempts.put(last.instance(), new ArrayList<>(before));
            }
            synchronized (lock) {
                results.put(last.instance(), last);
                dispatch(l -> l.instanceFinished(last));
            }
        }
        for (Unrunnable u : unrunnable) {
            if (results.get(u.instance().name()) == null) {
                // Started and finished at once, so every listener sees each instance open and close.
                dispatch(l -> l.instanceStarted(u.instance(), 1));
                Instant now = time.now();
                TestResult r = new TestResult(
                        u.instance().name(),
                        Outcome.of(Verdict.SKIP, Cause.HOST_UNSUPPORTED, Outcome.oneLine(u.reason())),
                        now,
                        Duration.ZERO,
                        1,
                        Evidence.none(List.of()));
                finish(r, results);
            }
        }

        List<TestInstance> todo = new ArrayList<>();
        for (TestInstance i : instances) {
            if (results.get(i.name()) == null) {
                todo.add(i);
            }
        }
        pool = Executors.newFixedThreadPool(options.jobs(), runnable -> {
            Thread t = new Thread(runnable, "xtf-harness-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TestInstance i : todo) {
                try {
                    futures.add(pool.submit(() -> {
                        if (isAborting()) {
                            return;
                        }
                        runWithRetries(i, results, attempts, nextAttempt.getOrDefault(i.name(), 1));
                    }));
                } catch (RejectedExecutionException e) {
                    break; // aborted while instances were being queued: the rest stay not run
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (CancellationException e) {
                    // aborted before it started
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abort(Interruption.aborted("the runner's thread was interrupted"));
                    break;
                } catch (ExecutionException e) {
                    // InstanceRun turns a test's failures into its result: this is the runner's own, kept for the end
                    failures.add("a worker failed: " + Outcome.oneLine(Messages.reason(e.getCause())));
                }
            }
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool, options.abortGrace());
            protocol.sweep();
        }

        List<TestResult> done = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        synchronized (lock) {
            results.forEach((name, r) -> {
                if (r == null) {
                    notRun.add(name);
                } else {
                    done.add(r);
                }
            });
        }
        RunSummary bare = new RunSummary(
                plan,
                done,
                notRun,
                Duration.between(started, time.now()),
                Optional.ofNullable(interruption.get()),
                retryAssessments(done, attempts),
                exitPolicy);
        RunSummary summary = finish(failed(assess(bare)));
        dispatch(l -> {
            if (!(l instanceof FinalReport)) {
                l.runFinished(summary);
            }
        });
        return summary;
    }

    /** The summary with the runner's own failures so far, which make its exit code 1. */
    private RunSummary failed(RunSummary s) {
        List<String> f = List.copyOf(failures);
        return f.isEmpty() ? s : s.withRunnerFailures(f);
    }

    /**
     * Decides the exit code once and writes every final report with it ({@link FinalReports}). The
     * returned summary is what the other listeners hear and {@link #run} returns.
     */
    private RunSummary finish(RunSummary summary) {
        List<FinalReport> finals = new ArrayList<>();
        listeners.forEach(l -> {
            if (l instanceof FinalReport f) {
                finals.add(f);
            }
        });
        return new FinalReports(finals, failures, lock).commit(summary);
    }

    /** Runs the instances, with nothing skipped up front and nothing carried over. */
    public RunSummary run(List<TestInstance> instances) {
        return run(instances, List.of(), List.of());
    }

    /** {@link #abort(Interruption)} for a caller's own reason: the run's exit code is 1. */
    public void abort() {
        abort(Interruption.aborted("aborted"));
    }

    /**
     * Stops the run: no new instance starts, every domain this runner created is destroyed, and
     * in-flight instances end as not run; the summary carries {@code why} (the first one given).
     * Safe to call from any thread, more than once.
     */
    public void abort(Interruption why) {
        markAborting(why);
        stop();
    }

    /** Records why the run stops (the first reason wins) and tells the listeners, once. */
    private void markAborting(Interruption why) {
        Objects.requireNonNull(why, "why");
        if (!interruption.compareAndSet(null, why)) {
            return;
        }
        for (RunListener l : listeners) {
            try {
                l.runAborting(why);
            } catch (RuntimeException e) {
                failures.add("a listener failed: " + Outcome.oneLine(Messages.reason(e)));
            }
        }
    }

    /** No new instance starts; every domain this runner created is destroyed. Safe to repeat. */
    private void stop() {
        ExecutorService p = pool;
        if (p != null) {
            // shutdownNow drops the queued instances without completing their futures: cancel them, or
            // run() would wait on them for ever.
            for (Runnable queued : p.shutdownNow()) {
                if (queued instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
        }
        protocol.sweep();
    }

    /** Waits until {@link #run} has ended (its reports written), at most {@code max}. */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once {@link #abort()} was called. */
    public boolean isAborting() {
        return interruption.get() != null;
    }

    private void finish(TestResult r, Map<String, TestResult> results) {
        synchronized (lock) {
            if (isAborting() && r.outcome().cause() != Cause.HOST_UNSUPPORTED) {
                // Computed while the run was being torn down: the domain may have been destroyed under
                // it, so its verdict is not trusted. It stays "not run" and --resume runs it again.
                return;
            }
            try {
                store.append(r);
            } catch (RuntimeException e) {
                results.put(r.instance(), r);
                dispatch(l -> l.instanceFinished(r));
                dispatch(l -> l.notice(
                        r.instance(),
                        "stopping the run: the result could not be journalled: " + Outcome.oneLine(e.getMessage())));
                // Marked at once, so the summary says so however soon the run ends; stopped on another thread,
                // as destroying domains from inside a worker holding the lock could wait on that worker.
                markAborting(Interruption.aborted("a result could not be journalled"));
                stopQuietly();
                return;
            }
            results.put(r.instance(), r);
            dispatch(l -> l.instanceFinished(r));
        }
    }

    /**
     * Runs an instance, then again while it ends in a CRASH or an ERROR of the infrastructure, up to
     * {@code retries} more times. Every attempt is journalled and heard; the last one is the result.
     */
    private void runWithRetries(
            TestInstance i, Map<String, TestResult> results, Map<String, List<TestResult>> attempts, int first) {
        for (int attempt = first; ; attempt++) {
            TestResult r = protocol.attempt(i, attempt);
            finish(r, results);
            if (attempt > retries || !retryable(r) || isAborting()) {
                return;
            }
            attempts.computeIfAbsent(i.name(), n -> new ArrayList<>()).add(r);
        }
    }

    /**
     * Whether an attempt is followed by another under a budget of {@code retries} retries: it was
     * not the last allowed and its verdict is {@linkplain #retryable retryable}. A resumed run
     * continues such an instance from its next attempt rather than taking this one as its result.
     */
    public static boolean pendingRetry(TestResult r, int retries) {
        return r.attempt() <= retries && retryable(r);
    }

    /**
     * A crash may be the host's hiccup, and so may a failure of the machinery (a failed or hung xl
     * command); a misconfigured test, an unsupported host or the guest's own ERROR/FAILURE would only
     * fail again.
     */
    static boolean retryable(TestResult r) {
        return r.verdict() == Verdict.CRASH
                || r.verdict() == Verdict.ERROR
                        && (r.outcome().cause() == Cause.INFRASTRUCTURE
                                || r.outcome().cause() == Cause.HARNESS_TIMEOUT);
    }

    private static Map<String, Assessment> retryAssessments(
            List<TestResult> done, Map<String, List<TestResult>> attempts) {
        Map<String, Assessment> m = new LinkedHashMap<>();
        for (TestResult r : done) {
            List<TestResult> earlier = attempts.get(r.instance());
            if (earlier != null && !earlier.isEmpty()) {
                boolean flaky = r.verdict() == Verdict.SUCCESS;
                m.put(
                        r.instance(),
                        new Assessment(
                                r.instance(), Optional.empty(), Optional.empty(), Optional.empty(), earlier, flaky));
            }
        }
        return m;
    }

    private RunSummary assess(RunSummary bare) {
        if (assessor == null) {
            return bare;
        }
        try {
            return bare.withAssessments(assessor.assess(bare));
        } catch (RuntimeException e) {
            // The results are journalled and worth reporting; a broken assessor must not cost them.
            dispatch(l -> l.notice(
                    "",
                    "the run could not be assessed against its baseline or earlier run: "
                            + Outcome.oneLine(Messages.reason(e))));
            return bare;
        }
    }

    private void stopQuietly() {
        Thread t = new Thread(this::stop, "xtf-harness-abort");
        t.setDaemon(true);
        t.start();
    }

    private static void awaitQuietly(ExecutorService p, Duration max) {
        try {
            p.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Consumer<RunListener> call) {
        synchronized (lock) {
            for (RunListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    // The other listeners still hear it; the run ends in a runner error that names this.
                    failures.add("a listener failed: " + Outcome.oneLine(Messages.reason(e)));
                }
            }
        }
    }

    /** Builds a {@link Runner}. Domains, console and parser are required. */
    public static final class Builder {
        private DomainController domains;
        private ConsoleSource console;
        private ResultParser parser;
        private ResultStore store = ResultStore.none();
        private final List<RunListener> listeners = new ArrayList<>();
        private RunOptions options = RunOptions.defaults();
        private TimeSource time = TimeSource.system();
        private int retries;
        private Assessor assessor;
        private ExitPolicy exitPolicy = ExitPolicy.worstVerdict();

        public Builder domains(DomainController domains) {
            this.domains = domains;
            return this;
        }

        public Builder console(ConsoleSource console) {
            this.console = console;
            return this;
        }

        public Builder parser(ResultParser parser) {
            this.parser = parser;
            return this;
        }

        public Builder store(ResultStore store) {
            this.store = Objects.requireNonNull(store);
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        public Builder options(RunOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /** The time the run's timestamps and durations are read from (default {@link TimeSource#system()}). */
        public Builder time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** The time given so far: a session stamps its journal and run lock with it too. */
        public TimeSource time() {
            return time;
        }

        /**
         * Re-runs an instance that ends in CRASH, or in ERROR from a failure of the infrastructure
         * (cause INFRASTRUCTURE or HARNESS_TIMEOUT), up to {@code n} more times (default 0). Each attempt starts from scratch (no stale domain,
         * a fresh console mark) and is journalled; the last attempt is the instance's result.
         */
        public Builder retries(int n) {
            if (n < 0 || n > 100) {
                throw new IllegalArgumentException("retries must be 0 to 100, not " + n);
            }
            this.retries = n;
            return this;
        }

        /** The retries asked for so far. */
        public int retries() {
            return retries;
        }

        /** The options given so far (a session names the host in its journal from them). */
        public RunOptions options() {
            return options;
        }

        /** Assesses the run (baseline, earlier run) before the listeners hear it has finished. */
        public Builder assessor(Assessor assessor) {
            this.assessor = Objects.requireNonNull(assessor);
            return this;
        }

        /** Which results decide the summary's exit code (default: every result, as xtf-runner). */
        public Builder exitPolicy(ExitPolicy policy) {
            this.exitPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Runner build() {
            return new Runner(this);
        }
    }
}
