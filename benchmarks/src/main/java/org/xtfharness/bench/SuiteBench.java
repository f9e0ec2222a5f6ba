package org.xtfharness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogCaptureOptions;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.HostEvidence;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.CommandHostFiles;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.HostStep;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.result.ParsedOutput;
import org.xtfharness.result.ResultParser;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.Fixtures;
import org.xtfharness.time.TimeSource;

/**
 * Whole-suite throughput and shutdown-to-verdict latency on the fake xl, with the runner's default
 * xl and capture options (as the CLI builds them). Every xl call and every wait of the runner is
 * timed through decorators, so the runner's own cost is a subtraction: worker time minus time in
 * xl minus time asleep.
 *
 * <pre>
 *   java -cp ... org.xtfharness.bench.SuiteBench xl-cost CALLS
 *   java -cp ... org.xtfharness.bench.SuiteBench suite INSTANCES GUEST_MS JOBS[,JOBS...]
 *   java -cp ... org.xtfharness.bench.SuiteBench baseline INSTANCES GUEST_MS   (-Dbench.poll=true: no host watch)
 * </pre>
 */
public final class SuiteBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("xl-cost")) {
            xlCost(Integer.parseInt(args[1]));
        } else if (args.length >= 4 && args[0].equals("suite")) {
            int[] jobs = Arrays.stream(args[3].split(","))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            suite(Integer.parseInt(args[1]), Integer.parseInt(args[2]), jobs);
        } else if (args.length == 3 && args[0].equals("baseline")) {
            baseline(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: SuiteBench xl-cost CALLS | suite INSTANCES GUEST_MS JOBS[,JOBS...]"
                    + " | baseline INSTANCES GUEST_MS");
            System.exit(2);
        }
    }

    /** What one xl call costs on its own: mostly a Python start-up. */
    static void xlCost(int calls) throws IOException {
        Path root = Files.createTempDirectory("xtfh-bench-xl-");
        try (FakeXl fake = FakeXl.create(root)) {
            CommandRunner local = CommandRunners.local();
            time("python3 -c pass (PATH)", calls, () -> local.run(Command.of("python3", "-c", "pass")));
            time(python() + " -c pass", calls, () -> local.run(Command.of(python(), "-c", "pass")));
            List<String> list = new ArrayList<>(xlCommand(fake));
            list.add("list");
            Command listCommand = new Command(list, Duration.ofSeconds(30));
            time("fake xl list (" + python() + ")", calls, () -> local.run(listCommand));
            time("/bin/true (process spawn)", calls, () -> local.run(Command.of("/bin/true")));
        } finally {
            LogLocateBenchmark.LogContent.deleteTree(root);
        }
    }

    private static void time(String what, int calls, Runnable call) {
        call.run();
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "xl-cost  %-36s n=%d  median %6.1f ms  p90 %6.1f ms  min %6.1f ms%n",
                what, calls, ms(ns[calls / 2]), ms(ns[calls * 9 / 10]), ms(ns[0]));
    }

    /** The suite's instances: XTF tests whose guest prints, sleeps GUEST_MS, prints SUCCESS and powers off. */
    private static List<TestInstance> tree(FakeXl fake, int instances, int guestMs) {
        for (int i = 0; i < instances; i++) {
            fake.addXtfTest(
                    String.format("bench%04d", i),
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "print Environment: PV 64bit (Long mode 4 levels)",
                    "sleep " + guestMs,
                    "print Test result: SUCCESS",
                    "poweroff");
        }
        return Catalogues.xtfTree(new LocalHostFiles(), fake.xtfRoot().toString())
                .instances();
    }

    /**
     * The baseline the issue compares with: what a runner sitting on the host does, one blocking
     * {@code xl create -F} per test in sequence, then a read of the test's log.
     */
    static void baseline(int instances, int guestMs) throws IOException {
        Path root = Files.createTempDirectory("xtfh-bench-baseline-");
        try (FakeXl fake = FakeXl.create(root)) {
            List<TestInstance> all = tree(fake, instances, guestMs);
            CommandRunner local = CommandRunners.local();
            long ok = 0;
            long t0 = System.nanoTime();
            for (TestInstance i : all) {
                List<String> argv = new ArrayList<>(xlCommand(fake));
                argv.addAll(List.of("create", "-F", i.cfgPath()));
                CommandResult r = local.run(new Command(argv, Duration.ofSeconds(60)));
                if (r.succeeded() && Files.readString(fake.guestLog(i.name())).contains("Test result: SUCCESS")) {
                    ok++;
                }
            }
            long wall = System.nanoTime() - t0;
            System.out.printf(
                    "baseline %d/%d SUCCESS, one blocking xl create -F per test in sequence: wall %.1f s,"
                            + " %.0f ms per instance, %.2f instances/s%n",
                    ok, all.size(), wall / 1e9, ms(wall) / all.size(), all.size() / (wall / 1e9));
        } finally {
            LogLocateBenchmark.LogContent.deleteTree(root);
        }
    }

    static void suite(int instances, int guestMs, int[] jobsList) throws IOException {
        Path root = Files.createTempDirectory("xtfh-bench-suite-");
        try (FakeXl fake = FakeXl.create(root)) {
            LocalHostFiles files = new LocalHostFiles();
            List<TestInstance> all = tree(fake, instances, guestMs);
            System.out.printf(
                    "suite    %d instances, guest sleeps %d ms, %d CPUs, fake xl under %s%n",
                    all.size(), guestMs, Runtime.getRuntime().availableProcessors(), root);
            double baseline = 0;
            for (int jobs : jobsList) {
                Probe probe = new Probe(fake.stateDir());
                XlOptions.Builder xlBuilder =
                        XlOptions.builder().xlCommand(xlCommand(fake)).time(probe.time());
                if (!Boolean.getBoolean("bench.poll")) {
                    xlBuilder.watchCommand(fake.xenstoreWatchCommand());
                }
                XlOptions xlOptions = xlBuilder.build();
                int xlBefore = fake.calls().size();
                LogCaptureOptions capture =
                        LogCaptureOptions.builder().time(probe.time()).build();
                CommandRunner commands = probe.commands(CommandRunners.local());
                DomainController xl = DomainControllers.xl(commands, xlOptions);
                // By default the log is read by commands through the same counting runner, as over ssh,
                // so every host round trip an instance costs is counted; -Dbench.files=local reads it
                // in-process, as on the host itself.
                HostFiles logFiles =
                        "local".equals(System.getProperty("bench.files")) ? files : new CommandHostFiles(commands);
                ConsoleSource console = ConsoleSources.xenconsoledLog(
                        logFiles, new LogLayout(fake.logDir().toString(), "guest-%s.log"), capture);
                Runner runner = Runner.builder()
                        .domains(probe.domains(xl))
                        .console(probe.console(console))
                        .parser(probe.parser(ResultParsers.xtf()))
                        .listener(probe)
                        .options(RunOptions.builder().jobs(jobs).build())
                        .build();
                long cpu0 = childrenCpuMillis();
                long t0 = System.nanoTime();
                RunSummary summary = runner.run(all);
                long wall = System.nanoTime() - t0;
                long childCpu = childrenCpuMillis() - cpu0;
                long ok = summary.results().stream()
                        .filter(r -> r.outcome().verdict() == Verdict.SUCCESS)
                        .count();
                double perInstance = ms(wall) / all.size();
                double throughput = all.size() / (wall / 1e9);
                if (baseline == 0) {
                    baseline = throughput / jobs;
                }
                // Busy worker time: each instance's own duration, so idle workers at the end of a run
                // are not charged to the runner.
                double workerMs = summary.results().stream()
                                .mapToLong(r -> r.duration().toNanos())
                                .sum()
                        / 1e6
                        / all.size();
                double xlMs = ms(probe.xlNanos.sum()) / all.size();
                double sleepMs = ms(probe.sleepNanos.sum()) / all.size();
                System.out.printf(
                        "suite    -j %d: %d/%d SUCCESS, wall %.1f s, %.2f instances/s (speed-up %.2f vs -j %d),"
                                + " %.0f ms wall per instance%n",
                        jobs, ok, all.size(), wall / 1e9, throughput, throughput / baseline, jobsList[0], perInstance);
                System.out.printf(
                        "suite    -j %d: per instance: worker time %.1f ms = in host commands %.1f ms (%.2f round"
                                + " trips: %s; %.1f xl processes) + asleep %.1f ms + runner's own %.1f ms%n",
                        jobs,
                        workerMs,
                        xlMs,
                        (double) probe.xlCalls.sum() / all.size(),
                        probe.callsBySubcommand(all.size()),
                        (double) (fake.calls().size() - xlBefore) / all.size(),
                        sleepMs,
                        workerMs - xlMs - sleepMs);
                System.out.printf(
                        "suite    -j %d: CPU of the xl processes %.0f ms per instance (the guests' own not"
                                + " counted): at most %.1f instances/s on %d CPUs%n",
                        jobs,
                        (double) childCpu / all.size(),
                        childCpu == 0
                                ? 0.0
                                : Runtime.getRuntime().availableProcessors() * 1000.0 * all.size() / childCpu,
                        Runtime.getRuntime().availableProcessors());
                probe.printLatency(jobs);
            }
        } finally {
            LogLocateBenchmark.LogContent.deleteTree(root);
        }
    }

    /**
     * The interpreter the fake xl runs under: {@code -Dbench.python}, else the one the test fixtures
     * resolve ({@code /usr/bin/python3} first). On the measuring machine {@code python3} on the PATH
     * was a pyenv shim (a bash script) whose interpreter spent 200-450 ms in site initialisation per
     * start: that is the machine's, not the runner's, and would swamp everything measured here.
     */
    static String python() {
        String p = System.getProperty("bench.python");
        return p != null && !p.isBlank() ? p : Fixtures.requirePython3();
    }

    static List<String> xlCommand(FakeXl fake) {
        List<String> argv = new ArrayList<>(fake.xlCommand());
        argv.set(0, python());
        return List.copyOf(argv);
    }

    /**
     * CPU time (user + system) of this JVM's waited-for child processes, from /proc/self/stat
     * (cutime, cstime); 0 where there is no /proc. The xl processes are such children; the fake's
     * guests, started detached by xl, are not.
     */
    static long childrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Times xl calls and sleeps, and each instance's way from shutdown to verdict. */
    static final class Probe implements RunListener {
        final LongAdder xlNanos = new LongAdder();
        final LongAdder xlCalls = new LongAdder();
        final LongAdder sleepNanos = new LongAdder();
        final Map<String, LongAdder> bySubcommand = new ConcurrentHashMap<>();
        /** Wall-clock instants in epoch nanoseconds, by domain name. */
        final Map<String, Long> shutdownAt = new ConcurrentHashMap<>();

        final Map<String, Long> awaitReturned = new ConcurrentHashMap<>();
        final Map<String, Long> collectNanos = new ConcurrentHashMap<>();
        final Map<String, Long> verdictAt = new ConcurrentHashMap<>();
        /** When the parser returned, by worker thread: the verdict is known then (combining it is trivial). */
        final Map<Thread, Long> parsedAt = new ConcurrentHashMap<>();

        final Map<String, Long> parsedByName = new ConcurrentHashMap<>();
        private final Path stateDir;

        Probe(Path stateDir) {
            this.stateDir = stateDir;
        }

        /** The machine's time, with the time spent sleeping counted. */
        TimeSource time() {
            TimeSource real = TimeSource.system();
            return new TimeSource() {
                @Override
                public Instant now() {
                    return real.now();
                }

                @Override
                public long nanoTime() {
                    return real.nanoTime();
                }

                @Override
                public void sleep(Duration d) throws InterruptedException {
                    long t = real.nanoTime();
                    try {
                        real.sleep(d);
                    } finally {
                        sleepNanos.add(real.since(t).toNanos());
                    }
                }
            };
        }

        private static Optional<String> agentVerb(List<String> argv) {
            try {
                return AgentScript.parse(argv).map(r -> "agent " + r.argv().get(0));
            } catch (IllegalArgumentException malformed) {
                return Optional.of("agent ?");
            }
        }

        String callsBySubcommand(int instances) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(bySubcommand)
                    .forEach((k, v) -> parts.add(String.format("%s %.1f", k, (double) v.sum() / instances)));
            return String.join(", ", parts);
        }

        CommandRunner commands(CommandRunner delegate) {
            return new CommandRunner() {
                @Override
                public CommandResult run(Command command) {
                    long t = System.nanoTime();
                    try {
                        return delegate.run(command);
                    } finally {
                        xlNanos.add(System.nanoTime() - t);
                        xlCalls.increment();
                        // argv: python3 xl --state DIR SUBCOMMAND ..., or the host agent's request (its verb)
                        List<String> argv = command.argv();
                        String sub = agentVerb(argv).orElse(argv.size() > 4 ? argv.get(4) : "?");
                        bySubcommand.computeIfAbsent(sub, k -> new LongAdder()).increment();
                    }
                }

                @Override
                public String target() {
                    return delegate.target();
                }
            };
        }

        DomainController domains(DomainController d) {
            return new DomainController() {
                @Override
                public DomainId createPaused(DomainSpec spec) {
                    return d.createPaused(spec);
                }

                @Override
                public Optional<DomainId> createPausedIfAbsent(DomainSpec spec) {
                    return d.createPausedIfAbsent(spec);
                }

                @Override
                public Optional<DomainId> createPausedIfAbsent(DomainSpec spec, Optional<HostStep> whilePaused) {
                    return d.createPausedIfAbsent(spec, whilePaused);
                }

                @Override
                public void unpause(DomainId id) {
                    d.unpause(id);
                }

                @Override
                public Optional<DomainInfo> find(String name) {
                    return d.find(name);
                }

                @Override
                public List<DomainInfo> list() {
                    return d.list();
                }

                @Override
                public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
                    DomainEnd end = d.awaitShutdown(id, name, timeout);
                    awaitReturned.put(name, epochNanos());
                    readShutdownAt(id).ifPresent(at -> shutdownAt.put(name, at));
                    return end;
                }

                @Override
                public DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout) {
                    return runUntilShutdown(id, name, timeout, Optional.empty());
                }

                @Override
                public DomainEnd runUntilShutdown(
                        DomainId id, String name, Duration timeout, Optional<HostStep> atEnd) {
                    DomainEnd end = d.runUntilShutdown(id, name, timeout, atEnd);
                    awaitReturned.put(name, epochNanos());
                    readShutdownAt(id).ifPresent(at -> shutdownAt.put(name, at));
                    return end;
                }

                @Override
                public boolean destroy(String name) {
                    return d.destroy(name);
                }

                @Override
                public HostEvidence destroyExpected(String name, int hypervisorLogLines) {
                    return d.destroyExpected(name, hypervisorLogLines);
                }

                @Override
                public HostCapabilities capabilities() {
                    return d.capabilities();
                }
            };
        }

        ConsoleSource console(ConsoleSource s) {
            return new ConsoleSource() {
                @Override
                public ConsoleSession open(String domainName) {
                    return timed(domainName, s.open(domainName));
                }

                @Override
                public ConsoleSession openDeferringMark(String domainName) {
                    return timed(domainName, s.openDeferringMark(domainName));
                }

                private ConsoleSession timed(String domainName, ConsoleSession session) {
                    return new ConsoleSession() {
                        @Override
                        public void attach(DomainId id, Duration deadline) {
                            session.attach(id, deadline);
                        }

                        @Override
                        public Optional<HostStep> whilePaused() {
                            return session.whilePaused();
                        }

                        @Override
                        public Optional<HostStep> atEnd() {
                            return session.atEnd();
                        }

                        @Override
                        public ConsoleCapture collect() {
                            long t = System.nanoTime();
                            try {
                                return session.collect();
                            } finally {
                                collectNanos.put(domainName, System.nanoTime() - t);
                            }
                        }

                        @Override
                        public void close() {
                            session.close();
                        }
                    };
                }

                @Override
                public String describe() {
                    return s.describe();
                }
            };
        }

        ResultParser parser(ResultParser p) {
            return lines -> {
                ParsedOutput out = p.parse(lines);
                parsedAt.put(Thread.currentThread(), epochNanos());
                return out;
            };
        }

        @Override
        public void instanceFinished(TestResult result) {
            verdictAt.put(result.instance(), epochNanos());
            Long parsed = parsedAt.remove(Thread.currentThread());
            if (parsed != null) {
                parsedByName.put(result.instance(), parsed);
            }
        }

        /** The fake's record of when the guest shut down (state.json is replaced atomically). */
        private Optional<Long> readShutdownAt(DomainId id) {
            try {
                JsonNode dom = JSON.readTree(stateDir.resolve("state.json").toFile())
                        .path("domains")
                        .path(id.toString());
                JsonNode at = dom.path("shutdown_at");
                return at.isNumber() ? Optional.of((long) (at.asDouble() * 1e9)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void printLatency(int jobs) {
            List<Double> total = new ArrayList<>();
            List<Double> known = new ArrayList<>();
            List<Double> detect = new ArrayList<>();
            List<Double> collect = new ArrayList<>();
            for (String name : shutdownAt.keySet()) {
                Long v = verdictAt.get(name);
                if (v == null) {
                    continue;
                }
                long s = shutdownAt.get(name);
                total.add(ms(v - s));
                Long p = parsedByName.get(name);
                if (p != null) {
                    known.add(ms(p - s));
                }
                detect.add(ms(awaitReturned.get(name) - s));
                collect.add(ms(collectNanos.getOrDefault(name, 0L)));
            }
            System.out.printf(
                    "latency  -j %d: shutdown to verdict known (parsed) over %d instances: %s%n",
                    jobs, known.size(), stats(known));
            System.out.printf(
                    "latency  -j %d:   of which shutdown seen (host watch, or xl list polling; with the log's settle and read when"
                            + " carried) %s; console collect (its own settle, when not carried) %s%n",
                    jobs, stats(detect), stats(collect));
            System.out.printf(
                    "latency  -j %d: shutdown to verdict reported (after xl destroy) %s%n", jobs, stats(total));
        }

        private static String stats(List<Double> xs) {
            if (xs.isEmpty()) {
                return "n/a";
            }
            List<Double> s = new ArrayList<>(xs);
            Collections.sort(s);
            return String.format(
                    "median %.1f ms, p90 %.1f ms, max %.1f ms",
                    s.get(s.size() / 2), s.get(s.size() * 9 / 10), s.get(s.size() - 1));
        }

        private static long epochNanos() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }
}
