package org.xtfharness.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.process.PosixShell;
import org.xtfharness.sim.GuestScript;
import org.xtfharness.sim.SimulatedTest;

/**
 * A fake Xen host for tests: the fake {@code xl} (a Python 3 script, {@code fake-xl/xl} among the
 * test fixtures) with its own state directory, a xenconsoled-like guest log directory, and the
 * guest scripts, cfg files and XTF-layout tree the tests create.
 *
 * <p>Layout under the root given to {@link #create}: {@code bin/} (the fake xl), {@code state/},
 * {@code logs/} (guest logs, {@code guest-NAME.log}), {@code guests/}, {@code cfgs/} and
 * {@code xtf/tests/<name>/...}. Guest logging starts on, with timestamps. Tests that need Python 3
 * are skipped (an explicit assumption) where it is missing.
 *
 * <p>Guest scripts are {@link GuestScript}'s text form, the vocabulary the simulated host runs too:
 * {@code print TEXT}, {@code raw HEX}, {@code sleep MS}, {@code flood BYTES}, {@code crash-first-run}
 * (crashes there on the script's first run only, for flaky tests), {@code console
 * reopen|copytruncate|rename} (what xenconsoled or logrotate does to the guest log at that point),
 * then one of {@code poweroff crash reboot watchdog hang} (default poweroff).
 * Close it (it is {@link AutoCloseable}) to kill guests still running.
 */
public final class FakeXl implements AutoCloseable {

    private static final List<String> FILES = List.of(
            "xl",
            "fakexl_cfg.py",
            "fakexl_console.py",
            "fakexl_guest.py",
            "fakexl_state.py",
            "fakexl_xenstore.py",
            "fakexl_xenstore_read.py",
            "fakexl_xenstore_watch.py",
            "fakexl_xenconsole.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    /** The interpreter as an absolute path, started directly (see {@link Fixtures#python3()}). */
    private final String python;

    private final Path bin;
    private final Path state;
    private final Path logs;
    private final Map<String, Object> faults = new LinkedHashMap<>();
    private final Map<String, XtfTest> xtfTests = new LinkedHashMap<>();

    private FakeXl(Path root, String python) {
        this.root = root;
        this.python = python;
        this.bin = root.resolve("bin");
        this.state = root.resolve("state");
        this.logs = root.resolve("logs");
    }

    /** Sets up a fake host under {@code root} (a test's temp dir); skips the test without Python 3. */
    public static FakeXl create(Path root) {
        FakeXl fake = new FakeXl(root, Fixtures.requirePython3());
        try {
            Files.createDirectories(fake.bin);
            Files.createDirectories(fake.state);
            Files.createDirectories(fake.logs);
            for (String f : FILES) {
                try (InputStream in = FakeXl.class.getResourceAsStream("/fake-xl/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("fixture fake-xl/" + f + " is not on the test classpath");
                    }
                    Files.copy(in, fake.bin.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fake.writeWrapper("xenconsole", "fakexl_xenconsole.py");
        fake.writeWrapper("xenstore-read", "fakexl_xenstore_read.py");
        fake.writeWrapper("xenstore-watch", "fakexl_xenstore_watch.py");
        fake.consoleLogging(true, true);
        return fake;
    }

    /** The argv prefix that runs this fake xl: {@code PYTHON3 ROOT/bin/xl --state ROOT/state}. */
    public List<String> xlCommand() {
        return List.of(python, bin.resolve("xl").toString(), "--state", state.toString());
    }

    public Path root() {
        return root;
    }

    public Path stateDir() {
        return state;
    }

    /** Where the guest logs are written: {@code guest-NAME.log}. */
    public Path logDir() {
        return logs;
    }

    /** The XTF install root: {@code tests/<name>/info.json} and the instances' cfgs. */
    public Path xtfRoot() {
        return root.resolve("xtf");
    }

    public Path guestLog(String domainName) {
        return logs.resolve("guest-" + domainName + ".log");
    }

    /**
     * Every xl invocation so far, oldest first: its arguments after {@code --state DIR}, e.g.
     * {@code [create, -p, -f, /path/x.cfg, on_crash="preserve"]}. Lets a test show what was not run.
     */
    public List<List<String>> calls() {
        Path file = state.resolve("calls.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<List<String>> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(List.of(JSON.readValue(line, String[].class)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The invocations of one subcommand ({@code create}, {@code list}, ...). */
    public List<List<String>> calls(String subcommand) {
        return calls().stream()
                .filter(c -> !c.isEmpty() && c.get(0).equals(subcommand))
                .toList();
    }

    /** Configures the xenconsoled look-alike for domains created from now on. */
    public FakeXl consoleLogging(boolean logging, boolean timestamps) {
        writeJson(
                state.resolve("xenconsoled.json"),
                Map.of("log_dir", logs.toString(), "logging", logging, "timestamps", timestamps));
        return this;
    }

    /** Writes a guest script ({@code guests/FILE}), one directive per argument. */
    public Path writeGuest(String fileName, String... directives) {
        return write(root.resolve("guests").resolve(fileName), String.join("\n", directives) + "\n");
    }

    /** Writes {@code cfgs/NAME.cfg} with {@code name} and {@code kernel}, then the extra lines. */
    public Path writeCfg(String domainName, Path kernel, String... extraLines) {
        StringBuilder b = new StringBuilder();
        b.append("name = \"").append(domainName).append("\"\n");
        b.append("kernel = \"").append(kernel).append("\"\n");
        b.append("memory = 128\nvcpus = 1\n");
        for (String l : extraLines) {
            b.append(l).append('\n');
        }
        return write(root.resolve("cfgs").resolve(domainName + ".cfg"), b.toString());
    }

    /** A guest script and its cfg in one go; returns the cfg. */
    public Path domain(String domainName, String... directives) {
        return writeCfg(domainName, writeGuest(domainName + ".guest", directives));
    }

    /** Adds a functional XTF test instance without variation; returns its cfg. */
    public Path addXtfTest(String testName, Environment env, String... directives) {
        return addXtfTest(testName, "functional", env, Optional.empty(), directives);
    }

    /**
     * Adds an instance of the simulated catalogue in XTF's layout, its guest the very script the
     * simulated host runs (one guest vocabulary for both). Returns the cfg.
     */
    public Path addXtfTest(SimulatedTest test) {
        TestInstance i = test.instance();
        return addXtfTest(
                i.test().name(),
                i.test().category().id(),
                i.environment(),
                i.variation(),
                test.script().format().split("\n"));
    }

    /**
     * Adds one XTF test instance in XTF's install layout: {@code tests/<name>/info.json} (updated
     * with this environment and variation), {@code tests/<name>/<instance>.cfg} and the guest script
     * as the instance's kernel {@code tests/<name>/<instance>}. Returns the cfg.
     */
    public Path addXtfTest(
            String testName, String category, Environment env, Optional<String> variation, String... directives) {
        Path dir = xtfRoot().resolve("tests").resolve(testName);
        XtfTest t = xtfTests.computeIfAbsent(testName, n -> new XtfTest(category));
        t.environments.add(env.id());
        variation.ifPresent(t.variations::add);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", testName);
        info.put("category", t.category);
        info.put("environments", new ArrayList<>(t.environments));
        info.put("variations", new ArrayList<>(t.variations));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeJson(dir.resolve("info.json"), info);
        String instance = "test-" + env.id() + "-" + testName
                + variation.map(v -> "~" + v).orElse("");
        Path kernel = write(dir.resolve(instance), String.join("\n", directives) + "\n");
        String cfg = "name=\"" + instance + "\"\n\nvcpus=1\n\ntype=\"" + (env.isPv() ? "pv" : "hvm")
                + "\"\nmemory=128\n" + "kernel=\"" + kernel + "\"\n" + (env.isHvm() ? "on_reboot=\"destroy\"\n" : "");
        return write(dir.resolve(instance + ".cfg"), cfg);
    }

    /** {@code hang}: these xl subcommands sleep forever (create: after half-creating the domain). */
    public FakeXl hang(String... subcommands) {
        faults.put("hang", List.of(subcommands));
        return writeFaults();
    }

    /** {@code fail}: the subcommand prints the message on stderr and exits 1 (create: after half-creating). */
    @SuppressWarnings("unchecked")
    public FakeXl fail(String subcommand, String message) {
        ((Map<String, String>) faults.computeIfAbsent("fail", k -> new LinkedHashMap<String, String>()))
                .put(subcommand, message);
        return writeFaults();
    }

    /** {@code crash_list_every}: every Nth {@code xl list} dies by SIGSEGV (exit 139). */
    public FakeXl crashListEvery(int n) {
        faults.put("crash_list_every", n);
        return writeFaults();
    }

    /** {@code destroy_fail_once}: the first {@code xl destroy} fails with libxl's messages, exit 1. */
    public FakeXl destroyFailOnce() {
        faults.put("destroy_fail_once", true);
        return writeFaults();
    }

    /** {@code destroy_linger_ms}: a destroyed domain stays listed as dying for that long. */
    public FakeXl destroyLingerMs(int ms) {
        faults.put("destroy_linger_ms", ms);
        return writeFaults();
    }

    /** {@code log_capacity}: the guest logs' file system is full once a log holds this many bytes. */
    public FakeXl logCapacity(long bytes) {
        faults.put("log_capacity", bytes);
        return writeFaults();
    }

    /** Removes every fault. */
    public FakeXl clearFaults() {
        faults.clear();
        return writeFaults();
    }

    /** Overrides fields of {@code xl info}, e.g. {@code virt_caps}. */
    public FakeXl info(Map<String, String> fields) {
        writeJson(state.resolve("info.json"), fields);
        return this;
    }

    /** The fake xenconsole: a program path, as the live console source runs it ({@code bin/xenconsole}). */
    public String xenconsolePath() {
        return bin.resolve("xenconsole").toString();
    }

    /** The argv of the fake {@code xenstore-read} (a path follows). */
    public List<String> xenstoreReadCommand() {
        return List.of(bin.resolve("xenstore-read").toString());
    }

    /**
     * The argv of the fake {@code xenstore-watch} (a path follows): it watches {@code @releaseDomain}
     * only, firing when a domain of this fake host shuts down or goes away.
     */
    public List<String> xenstoreWatchCommand() {
        return List.of(bin.resolve("xenstore-watch").toString());
    }

    /**
     * Plays xenconsoled for a domain {@code xl} knows nothing of: makes its pty and its PV console tty
     * node, as {@code xl create} does (see {@code fakexl_xenstore.py}), so a console session can be
     * exercised without the cost of xl. Returns the pty, to which {@link #consoleWrite} appends.
     */
    public Path publishConsole(int domid) {
        Path pty;
        try {
            pty = state.toRealPath().resolve("pty-" + domid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(pty, "");
        write(state.resolve("xenstore/local/domain/" + domid + "/console/tty"), pty.toString());
        return pty;
    }

    /** Writes guest console bytes to a published console's pty, as the guest would. */
    public void consoleWrite(int domid, byte[] bytes) {
        try {
            Files.write(state.resolve("pty-" + domid), bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes a published console away, as xenconsoled does when the domain is dying. */
    public void dropConsole(int domid) {
        try {
            Path dir = state.resolve("xenstore/local/domain/" + domid);
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.deleteIfExists(state.resolve("pty-" + domid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the fake xenconsole and the fake xenstore's console nodes behave from now on. */
    public FakeXl liveConsole(LiveConsoleFault fault) {
        writeJson(state.resolve("xenconsole.json"), fault.settings);
        return this;
    }

    /**
     * Faults of the live console (fake xenconsole and xenstore), see {@code fakexl_xenstore.py}.
     * All fail fast: the fake xenconsole waits 300 ms for a missing tty, not the real 5 s.
     */
    public static final class LiveConsoleFault {
        final Map<String, Object> settings = new LinkedHashMap<>(Map.of("tty_wait_ms", 300));

        /** The protocol as it should go. */
        public static LiveConsoleFault none() {
            return new LiveConsoleFault();
        }

        /** xenconsole dies before notifying, with "Could not read tty from store" on stderr. */
        public static LiveConsoleFault dieBeforeNotify() {
            return none().with("client", "die_before_notify");
        }

        /** xenconsole notifies, then dies with an I/O error. */
        public static LiveConsoleFault notifyThenDie() {
            return none().with("client", "notify_then_die");
        }

        /** xenconsole takes this long to open the tty after finding it. */
        public static LiveConsoleFault slowAttach(int ms) {
            return none().with("attach_delay_ms", ms);
        }

        /** The tty nodes appear in xenstore only this long after the domain was created. */
        public static LiveConsoleFault slowTty(int ms) {
            return none().with("tty_delay_ms", ms);
        }

        /** No tty nodes at all: xenconsoled never set the console up. */
        public static LiveConsoleFault noTty() {
            return none().with("no_tty", true);
        }

        private LiveConsoleFault with(String key, Object value) {
            settings.put(key, value);
            return this;
        }
    }

    /** Kills every guest still running and forgets every domain. */
    @Override
    public void close() {
        List<String> argv = new ArrayList<>(xlCommand());
        argv.add("fake-cleanup");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A {@code bin/NAME} shell wrapper that runs the Python fixture with this fake host's state directory. */
    private void writeWrapper(String name, String script) {
        Path p = write(
                bin.resolve(name),
                "#!/bin/sh\nexec " + PosixShell.quote(python) + " -S "
                        + PosixShell.quote(bin.resolve(script).toString()) + " --state "
                        + PosixShell.quote(state.toString()) + " \"$@\"\n");
        p.toFile().setExecutable(true);
    }

    private FakeXl writeFaults() {
        writeJson(state.resolve("faults.json"), faults);
        return this;
    }

    private static void writeJson(Path file, Object value) {
        try {
            write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class XtfTest {
        final String category;
        final Set<String> environments = new LinkedHashSet<>();
        final Set<String> variations = new LinkedHashSet<>();

        XtfTest(String category) {
            this.category = category;
        }
    }
}
