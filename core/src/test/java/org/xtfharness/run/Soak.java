package org.xtfharness.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.sim.GuestScript;
import org.xtfharness.sim.SimulatedFaults;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/**
 * The soak: thousands of instance runs on the in-process simulated host, with faults injected at
 * random from a printed seed, measuring the three figures of RELIABILITY.md.
 *
 * <p>Runs go in batches (a fresh simulated host each, one log directory for all, so every name's log
 * holds earlier runs' bytes). Each run's guest prints a nonce and a result word drawn at random, or
 * misbehaves (crash after its result, panic, triple fault, hang, flood, garbage, no result). Faults:
 * {@code xl create} fails, the first destroy fails, the domain vanishes (host faults, per name); a
 * chaos thread SIGHUPs xenconsoled, copytruncates or rename-rotates logs while guests run; the run
 * is aborted at a random moment; the result store (the journal) fails like a full disk. An
 * interrupted batch is resumed, as {@code --resume} does, until every instance has a result.
 *
 * <ul>
 *   <li>leaked: domains other than Domain-0 listed after each batch;
 *   <li>lost: a result reported as stored but missing from the store, an instance with no stored
 *       result once its batch is resumed to completion, or an instance stored twice (re-run);
 *   <li>misattributed: a console excerpt holding any other run's nonce, or a verdict the guest
 *       reported that is not the word its own script printed.
 * </ul>
 *
 * <p>{@code ./mvnw -pl core test -Dtest=SoakTest -Dsoak.runs=10000 [-Dsoak.seed=N]} (or
 * {@code bin/soak}) runs it at full size; the unit test runs 200.
 */
public final class Soak {

    private static final String[] WORDS = {"SUCCESS", "SKIP", "ERROR", "FAILURE"};
    private static final int NAMES = 24;
    private static final Duration HANG_TIMEOUT = Duration.ofMillis(300);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final long seed;
    private final Random random;
    private final Map<String, Long> faults = new TreeMap<>();
    private final Map<String, Long> verdicts = new TreeMap<>();
    private long leaked;
    private long lost;
    private long misattributed;
    private long runs;
    private final List<String> problems = new ArrayList<>();

    private Soak(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The figures of one soak. */
    public record Report(
            long seed,
            long runs,
            long leakedDomains,
            long lostResults,
            long misattributedOutput,
            Duration elapsed,
            Map<String, Long> faults,
            Map<String, Long> verdicts,
            List<String> problems) {

        /** The lines printed at the end. */
        public String describe() {
            return "soak: seed " + seed + ", " + runs + " runs in " + elapsed.toMillis() / 1000.0 + " s\n"
                    + "soak: faults injected " + faults + "\n"
                    + "soak: final verdicts " + verdicts + "\n"
                    + "soak: leaked domains " + leakedDomains + ", lost results " + lostResults
                    + ", misattributed output " + misattributedOutput
                    + (problems.isEmpty() ? "" : "\nsoak: first problems: " + problems);
        }
    }

    /** Runs at least {@code runs} instance runs with faults drawn from {@code seed}. */
    public static Report run(long seed, int runs) {
        long start = System.nanoTime();
        Soak s = new Soak(seed);
        while (s.runs < runs) {
            s.batch(Math.min(runs - (int) s.runs, 8 + s.random.nextInt(NAMES - 7)));
        }
        return new Report(
                seed,
                s.runs,
                s.leaked,
                s.lost,
                s.misattributed,
                Duration.ofNanos(System.nanoTime() - start),
                s.faults,
                s.verdicts,
                List.copyOf(s.problems));
    }

    /** {@code Soak [RUNS [SEED]]}: prints the figures; exits 1 unless all three are zero. */
    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        System.out.println("soak: seed " + seed + " (rerun with this seed to reproduce)");
        Report r = run(seed, runs);
        System.out.println(r.describe());
        System.exit(r.leakedDomains() == 0 && r.lostResults() == 0 && r.misattributedOutput() == 0 ? 0 : 1);
    }

    private void count(String fault) {
        synchronized (faults) {
            faults.merge(fault, 1L, Long::sum);
        }
    }

    private void problem(String p) {
        if (problems.size() < 10) {
            problems.add(p);
        }
    }

    /** What one run's guest does, and what it printed as its result. */
    private record Plan(String word, boolean guestReports) {}

    private void batch(int size) {
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < NAMES; i++) {
            pool.add(i);
        }
        Collections.shuffle(pool, random);
        List<TestInstance> instances = new ArrayList<>();
        SimulatedFaults hostFaults = SimulatedFaults.none();
        for (int k = 0; k < size; k++) {
            String test = "soak" + pool.get(k);
            String name = TestInstance.nameOf(test, Environment.PV64, Optional.empty());
            double p = random.nextDouble();
            if (p < 0.03) {
                hostFaults = hostFaults.withCreateFailing(name);
                count("xl create fails");
            } else if (p < 0.06) {
                hostFaults = hostFaults.withDestroyFailingOnce(name);
                count("xl destroy fails once");
            } else if (p < 0.08) {
                hostFaults = hostFaults.withVanishing(name);
                count("domain vanishes");
            }
            instances.add(new TestInstance(
                    new TestInfo(test, Category.FUNCTIONAL, List.of(Environment.PV64), List.of()),
                    Environment.PV64,
                    Optional.empty(),
                    "sim:/soak/" + test + ".cfg",
                    TIMEOUT));
        }
        SimulationOptions options = SimulationOptions.builder()
                .timestamps(random.nextBoolean())
                .timeScale(1)
                .faults(hostFaults)
                .build();
        Map<String, Plan> plans = new ConcurrentHashMap<>();
        Map<String, String> nonces = new ConcurrentHashMap<>();
        Set<String> allNonces = ConcurrentHashMap.newKeySet();
        List<TestResult> stored = new CopyOnWriteArrayList<>();
        try (SimulatedHost host = SimulatedHosts.empty(options)) {
            List<TestInstance> withTimeouts = new ArrayList<>();
            for (TestInstance i : instances) {
                boolean hangs = install(host, i, plans, nonces, allNonces);
                withTimeouts.add(hangs ? i.withTimeout(HANG_TIMEOUT) : i);
            }
            List<TestResult> previous = List.of();
            int attempts = 0;
            while (true) {
                attempts++;
                RunSummary s = attempt(
                        host,
                        withTimeouts,
                        previous,
                        plans,
                        nonces,
                        allNonces,
                        stored,
                        attempts == 1 || random.nextDouble() < 0.3);
                if (!s.interrupted()) {
                    break;
                }
                count("resume");
                previous = List.copyOf(stored);
                // Instances still to run get a fresh nonce: the resumed attempt is another run.
                Set<String> done = new HashSet<>();
                stored.forEach(r -> done.add(r.instance()));
                for (TestInstance i : withTimeouts) {
                    if (!done.contains(i.name())) {
                        reinstallNonce(host, i, plans, nonces, allNonces);
                    }
                }
            }
            List<DomainInfo> left = host.domains().list().stream()
                    .filter(d -> !d.name().equals("Domain-0"))
                    .toList();
            if (!left.isEmpty()) {
                leaked += left.size();
                problem("seed " + seed + ": domains left "
                        + left.stream().map(DomainInfo::name).toList());
            }
        }
        Map<String, Integer> times = new HashMap<>();
        stored.forEach(r -> times.merge(r.instance(), 1, Integer::sum));
        for (TestInstance i : instances) {
            int n = times.getOrDefault(i.name(), 0);
            if (n != 1) {
                lost++;
                problem(i.name() + " stored " + n + " times");
            }
        }
        stored.forEach(r -> verdicts.merge(r.verdict().name(), 1L, Long::sum));
        runs += instances.size();
    }

    private RunSummary attempt(
            SimulatedHost host,
            List<TestInstance> instances,
            List<TestResult> previous,
            Map<String, Plan> plans,
            Map<String, String> nonces,
            Set<String> allNonces,
            List<TestResult> stored,
            boolean faultsAllowed) {
        boolean storeFails = faultsAllowed && random.nextDouble() < 0.05;
        int storeFailsAfter = random.nextInt(Math.max(1, instances.size()));
        boolean abort = faultsAllowed && random.nextDouble() < 0.10;
        long abortAfterMs = random.nextInt(400);
        boolean chaos = random.nextDouble() < 0.5;
        long chaosSeed = random.nextLong();
        int jobs = 1 + random.nextInt(4);
        if (storeFails) {
            count("journal disk full");
        }
        if (abort) {
            count("abort (SIGTERM/SIGINT)");
        }
        AtomicInteger appends = new AtomicInteger();
        Set<TestResult> rejected = ConcurrentHashMap.newKeySet();
        ResultStore store = r -> {
            if (storeFails && appends.getAndIncrement() >= storeFailsAfter) {
                rejected.add(r);
                throw new InfrastructureException("cannot write journal (disk full?): " + "No space left on device");
            }
            stored.add(r);
        };
        List<TestResult> reported = new CopyOnWriteArrayList<>();
        Map<TestResult, String> ownNonce = new ConcurrentHashMap<>();
        Runner runner = Runner.builder()
                .domains(host.domains())
                .console(host.console())
                .parser(ResultParsers.xtf())
                .store(store)
                .options(RunOptions.builder().jobs(jobs).build())
                .listener(new RunListener() {
                    @Override
                    public void instanceFinished(TestResult r) {
                        ownNonce.put(r, nonces.get(r.instance()));
                        reported.add(r);
                    }
                })
                .build();
        AtomicBoolean done = new AtomicBoolean();
        Thread chaosThread = chaos ? new Thread(() -> chaos(host, chaosSeed, done), "soak-chaos") : null;
        Thread aborter = abort
                ? new Thread(
                        () -> {
                            sleep(abortAfterMs);
                            runner.abort();
                        },
                        "soak-abort")
                : null;
        if (chaosThread != null) {
            chaosThread.start();
        }
        if (aborter != null) {
            aborter.start();
        }
        RunSummary s = runner.run(instances, List.of(), previous);
        done.set(true);
        join(chaosThread);
        join(aborter);
        for (TestResult r : reported) {
            if (previous.contains(r)) {
                continue;
            }
            if (!stored.contains(r) && !rejected.contains(r)) {
                lost++;
                problem(r.instance() + " reported but not stored");
            }
            String own = ownNonce.get(r);
            if (r.evidence().consoleExcerpt().stream()
                    .anyMatch(l -> allNonces.stream().anyMatch(n -> !n.equals(own) && l.contains(n)))) {
                misattributed++;
                problem(r.instance() + " excerpt holds another run's nonce: "
                        + r.evidence().consoleExcerpt());
            }
            Plan plan = plans.get(r.instance());
            if (r.outcome().cause() == Cause.GUEST_REPORTED
                    && (!plan.guestReports() || !r.verdict().name().equals(plan.word()))) {
                misattributed++;
                problem(r.instance() + " verdict " + r.verdict() + " but its own run printed "
                        + (plan.guestReports() ? plan.word() : "no result"));
            }
        }
        return s;
    }

    /** Installs a random guest for the instance; true if it hangs. */
    private boolean install(
            SimulatedHost host,
            TestInstance i,
            Map<String, Plan> plans,
            Map<String, String> nonces,
            Set<String> allNonces) {
        String nonce = "nonce-" + UUID.randomUUID();
        nonces.put(i.name(), nonce);
        allNonces.add(nonce);
        String word = WORDS[random.nextInt(WORDS.length)];
        GuestScript.Builder b = GuestScript.xtf(Environment.PV64, i.test().name())
                .print(nonce)
                .sleep(Duration.ofMillis(random.nextInt(30)));
        double p = random.nextDouble();
        GuestScript script;
        boolean reports = true;
        boolean hangs = false;
        if (p < 0.60) {
            script = b.result(word).poweroff();
        } else if (p < 0.66) {
            count("guest crashes after its result");
            script = b.result(word).crash();
            reports = false;
        } else if (p < 0.72) {
            count("guest panics");
            script = b.panic("Unhandled exception at 0008:00000000001047a3").crash();
            reports = false;
        } else if (p < 0.78) {
            count("guest triple-faults");
            script = b.print("Loading a null IDT").reboot();
            reports = false;
        } else if (p < 0.82) {
            count("guest hangs");
            script = b.print("Spinning").hang();
            reports = false;
            hangs = true;
        } else if (p < 0.88) {
            count("guest floods");
            script =
                    b.flood(64 * 1024 + random.nextInt(256 * 1024)).result(word).poweroff();
        } else if (p < 0.94) {
            count("guest prints garbage");
            byte[] junk = new byte[64];
            random.nextBytes(junk);
            for (int k = 0; k < junk.length; k++) {
                if (junk[k] == '\n' || junk[k] == '\r') {
                    junk[k] = 0;
                }
            }
            script = b.raw(junk).print("").result(word).poweroff();
        } else {
            count("guest prints no result");
            script = b.print("Done, I think").poweroff();
            reports = false;
        }
        if (!reports) {
            word = null;
        }
        host.install(i.cfgPath(), script);
        plans.put(i.name(), new Plan(word, reports));
        return hangs;
    }

    private void reinstallNonce(
            SimulatedHost host,
            TestInstance i,
            Map<String, Plan> plans,
            Map<String, String> nonces,
            Set<String> allNonces) {
        // The same behaviour again, under a new nonce.
        Plan before = plans.get(i.name());
        String nonce = "nonce-" + UUID.randomUUID();
        nonces.put(i.name(), nonce);
        allNonces.add(nonce);
        GuestScript.Builder b =
                GuestScript.xtf(Environment.PV64, i.test().name()).print(nonce);
        host.install(
                i.cfgPath(),
                before.guestReports()
                        ? b.result(before.word()).poweroff()
                        : b.print("Done, I think").poweroff());
    }

    /** Rotates and reopens the logs at random until the run is over. */
    private void chaos(SimulatedHost host, long chaosSeed, AtomicBoolean done) {
        Random r = new Random(chaosSeed);
        while (!done.get()) {
            sleep(5 + r.nextInt(60));
            double p = r.nextDouble();
            try {
                List<Path> logs;
                try (var files = Files.list(host.logPath("any").getParent())) {
                    logs = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                            .sorted(Comparator.naturalOrder())
                            .toList();
                }
                if (logs.isEmpty()) {
                    continue;
                }
                Path log = logs.get(r.nextInt(logs.size()));
                if (p < 0.4) {
                    count("xenconsoled SIGHUP (reopen)");
                    host.reopenLogs();
                } else if (p < 0.7) {
                    count("log copytruncate");
                    Files.copy(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                    }
                } else {
                    count("log rename rotation");
                    Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    host.reopenLogs();
                }
            } catch (IOException e) {
                // a log that went away under us: the next round picks another
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
