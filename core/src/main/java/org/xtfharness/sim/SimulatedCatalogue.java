package org.xtfharness.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Verdict;

/**
 * The simulated tests: one per verdict path the runner must get right, each with the verdict a
 * correct runner reaches. Instances are named as XTF names them ({@code test-<env>-sim-<name>}),
 * have XTF categories and environments so selection works, and cfg paths of the form
 * {@code sim:/tests/<name>/<instance>.cfg}.
 *
 * <p>The default categories ({@code functional}, {@code xsa}) hold the quick tests; the hang
 * (which ends by its 3 s timeout), the slow test and the 10 MB flood are {@code special} or
 * {@code utility}, so {@code --all} stays fast and {@code --non-default} adds them.
 */
public final class SimulatedCatalogue {

    /** The timeout of the hanging instance: short, so a CI run is quick. */
    public static final Duration HANG_TIMEOUT = Duration.ofSeconds(3);

    /** How much the flood instance prints before its result. */
    public static final long FLOOD_BYTES = 10L * 1024 * 1024;

    private static final SimulatedCatalogue STANDARD = new SimulatedCatalogue(build());

    private final List<SimulatedTest> tests;
    private final Catalogue catalogue;

    private SimulatedCatalogue(List<SimulatedTest> tests) {
        this.tests = List.copyOf(tests);
        this.catalogue = new Catalogue(this.tests.stream().map(SimulatedTest::instance).toList(), "simulated");
    }

    /** The standard simulated catalogue. */
    public static SimulatedCatalogue standard() {
        return STANDARD;
    }

    /** The instances, in catalogue order. */
    public Catalogue catalogue() {
        return catalogue;
    }

    /** Every simulated test with its guest and expected verdict, in catalogue order. */
    public List<SimulatedTest> tests() {
        return tests;
    }

    /** The named instance's simulated test, if there is one. */
    public Optional<SimulatedTest> find(String instanceName) {
        return tests.stream().filter(t -> t.name().equals(instanceName)).findFirst();
    }

    /** The verdict a correct runner reaches for the named instance. */
    public Verdict expected(String instanceName) {
        return find(instanceName).map(SimulatedTest::expected)
                .orElseThrow(() -> new IllegalArgumentException("no simulated instance named " + instanceName));
    }

    /** Installs every instance's guest on the host under its cfg path. */
    public void installInto(SimulatedHost host) {
        tests.forEach(t -> host.install(t.instance().cfgPath(), t.script()));
    }

    // ---- the tests ----------------------------------------------------------------------------

    private static List<SimulatedTest> build() {
        List<SimulatedTest> all = new ArrayList<>();
        Environment[] every = Environment.values();

        add(all, "sim-success", Category.FUNCTIONAL, List.of(every), List.of(), "prints its banner and SUCCESS, powers off",
                Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: passes").result("SUCCESS").poweroff());

        add(all, "sim-variation", Category.FUNCTIONAL, List.of(Environment.HVM64), List.of("hap", "shadow"),
                "a test with variations; each prints SUCCESS", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: passes with " + v + " paging").result("SUCCESS").poweroff());

        add(all, "sim-warning", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "prints a warning and 'SUCCESS with warnings'", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: passes with a warning")
                        .print("Warning: simulated feature is only partly emulated")
                        .result("SUCCESS with warnings").poweroff());

        add(all, "sim-skip", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "prints a skip reason and SKIP", Verdict.SKIP, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: skips")
                        .print("Skip: simulated feature not available").result("SKIP").poweroff());

        add(all, "sim-error", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "prints an error reason and ERROR", Verdict.ERROR, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: errors")
                        .print("Error: simulated hypercall failed: -38").result("ERROR").poweroff());

        add(all, "sim-failure", Category.FUNCTIONAL, List.of(Environment.PV64, Environment.HVM64), List.of(),
                "prints a failure reason and FAILURE", Verdict.FAILURE, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: fails")
                        .print("Fail: simulated check: expected 0x1, got 0x0").result("FAILURE").poweroff());

        add(all, "sim-panic", Category.XSA, List.of(Environment.PV64), List.of(),
                "panics (30 stars, PANIC:, 30 stars) and crashes", Verdict.CRASH, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: panics")
                        .panic("Unhandled exception at 0008:00000000001047a3\nVec 13 #GP[0000]").crash());

        add(all, "sim-crash-after-success", Category.XSA, List.of(Environment.PV64), List.of(),
                "prints 'Test result: SUCCESS', then crashes", Verdict.CRASH, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: crashes after reporting success")
                        .result("SUCCESS").crash());

        add(all, "sim-triple-fault", Category.XSA, List.of(Environment.HVM64), List.of(),
                "triple-faults: the domain reboots", Verdict.CRASH, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: triple faults")
                        .print("Loading a null IDT and raising #DF").reboot());

        add(all, "sim-hang", Category.SPECIAL, List.of(Environment.PV64), List.of(),
                "prints its banner, then never shuts down (timeout " + HANG_TIMEOUT.toSeconds() + " s)", Verdict.CRASH,
                HANG_TIMEOUT,
                (env, v) -> GuestScript.xtf(env, "Simulated test: hangs").print("Spinning forever").hang());

        add(all, "sim-slow", Category.SPECIAL, List.of(Environment.PV64), List.of(),
                "works for 2 s (before time scaling), then SUCCESS", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: takes its time")
                        .sleep(Duration.ofSeconds(2)).print("Slow work done").result("SUCCESS").poweroff());

        add(all, "sim-flood", Category.UTILITY, List.of(Environment.PV64), List.of(),
                "prints 10 MiB of lines, then SUCCESS", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: floods its console")
                        .flood(FLOOD_BYTES).result("SUCCESS").poweroff());

        add(all, "sim-garbage", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "garbage, invalid UTF-8 and NULs around a valid SUCCESS", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: noisy console")
                        .raw(bytes(0x00, 0x00, 0xff, 0xfe, 'g', 'a', 'r', 'b', 0xc3, 0x28, 0xe2, 0x82, '\r', '\n'))
                        .raw("\u001b[31mred\u001b[0m half\rline\r\n".getBytes(StandardCharsets.UTF_8))
                        .raw(bytes(0x00, '\r', '\n'))
                        .result("SUCCESS")
                        .raw(bytes(0x00, 0x00, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80))
                        .poweroff());

        add(all, "sim-instant", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "its whole output in one write at the first instant after unpause, then poweroff", Verdict.SUCCESS, null,
                (env, v) -> GuestScript.builder().raw(("--- Xen Test Framework ---\r\nEnvironment: " + env.banner()
                        + "\r\nSimulated test: reports at once\r\nTest result: SUCCESS\r\n").getBytes(StandardCharsets.UTF_8))
                        .poweroff());

        add(all, "sim-no-result", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "prints no result line, powers off", Verdict.CRASH, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: forgets to report").print("Done, I think").poweroff());

        add(all, "sim-fooled", Category.FUNCTIONAL, List.of(Environment.PV64), List.of(),
                "a reason line containing 'Test result: SUCCESS' mid-line, then FAILURE", Verdict.FAILURE, null,
                (env, v) -> GuestScript.xtf(env, "Simulated test: quotes a result")
                        .print("Fail: the guest printed 'Test result: SUCCESS' before its check ran")
                        .result("FAILURE").poweroff());

        all.sort(Comparator.comparing((SimulatedTest t) -> t.instance().test().name())
                .thenComparing(t -> t.instance().environment())
                .thenComparing(t -> t.instance().variation().orElse("")));
        return all;
    }

    private static void add(List<SimulatedTest> out, String name, Category category, List<Environment> envs,
                            List<String> variations, String behaviour, Verdict expected, Duration timeout,
                            BiFunction<Environment, String, GuestScript> guest) {
        TestInfo info = new TestInfo(name, category, envs, variations);
        List<Optional<String>> vs = variations.isEmpty() ? List.of(Optional.empty())
                : variations.stream().map(Optional::of).toList();
        for (Environment env : envs) {
            for (Optional<String> v : vs) {
                String instance = TestInstance.nameOf(name, env, v);
                TestInstance ti = new TestInstance(info, env, v, "sim:/tests/" + name + "/" + instance + ".cfg",
                        timeout == null ? TestInstance.DEFAULT_TIMEOUT : timeout);
                out.add(new SimulatedTest(ti, behaviour, guest.apply(env, v.orElse(null)), expected));
            }
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
