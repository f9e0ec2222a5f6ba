package org.xtfharness.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The timeout of the hanging instance (its guest file's {@code timeout-seconds}): short, so a CI run is quick. */
    public static final Duration HANG_TIMEOUT = Duration.ofSeconds(3);

    /** How much the flood instance prints before its result. */
    public static final long FLOOD_BYTES = 10L * 1024 * 1024;

    /** A guest file's header line: {@code # key: value}. */
    private static final Pattern HEADER = Pattern.compile("^# ([a-z-]+): (.*)$");

    private static final SimulatedCatalogue STANDARD = new SimulatedCatalogue(build());

    private final List<SimulatedTest> tests;
    private final Catalogue catalogue;

    private SimulatedCatalogue(List<SimulatedTest> tests) {
        this.tests = List.copyOf(tests);
        this.catalogue =
                new Catalogue(this.tests.stream().map(SimulatedTest::instance).toList(), "simulated");
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
        return find(instanceName)
                .map(SimulatedTest::expected)
                .orElseThrow(() -> new IllegalArgumentException("no simulated instance named " + instanceName));
    }

    /** Installs every instance's guest on the host under its cfg path. */
    public void installInto(SimulatedHost host) {
        tests.forEach(t -> host.install(t.instance().cfgPath(), t.script()));
    }

    // ---- the tests: guest files under org/xtfharness/sim/guests, listed in its index -----------

    private static List<SimulatedTest> build() {
        List<SimulatedTest> all = new ArrayList<>();
        for (String name : resource("index").strip().split("\n")) {
            add(all, name.strip(), resource(name.strip() + ".guest"));
        }
        all.sort(Comparator.comparing((SimulatedTest t) -> t.instance().test().name())
                .thenComparing(t -> t.instance().environment())
                .thenComparing(t -> t.instance().variation().orElse("")));
        return all;
    }

    /**
     * One test from its guest file: {@code # key: value} header lines say what it is (category,
     * environments, variations, expect, timeout-seconds, behaviour), the rest is its
     * {@link GuestScript} text, with {@code ${environment}} (the banner) and {@code ${variation}}
     * filled in per instance.
     */
    private static void add(List<SimulatedTest> out, String name, String text) {
        Map<String, String> header = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                header.put(m.group(1), m.group(2).strip());
            }
        }
        String origin = "simulated guest " + name;
        List<Environment> envs = words(header, "environments", origin).stream()
                .map(id -> Environment.fromId(id)
                        .orElseThrow(() -> new IllegalStateException(origin + ": environment " + id)))
                .toList();
        Category category = Category.fromId(required(header, "category", origin))
                .orElseThrow(() -> new IllegalStateException(origin + ": category " + header.get("category")));
        List<String> variations = header.containsKey("variations") ? words(header, "variations", origin) : List.of();
        Verdict expected = Verdict.valueOf(required(header, "expect", origin));
        Duration timeout = header.containsKey("timeout-seconds")
                ? Duration.ofSeconds(Long.parseLong(header.get("timeout-seconds")))
                : TestInstance.DEFAULT_TIMEOUT;
        TestInfo info = new TestInfo(name, category, envs, variations);
        List<Optional<String>> vs = variations.isEmpty()
                ? List.of(Optional.empty())
                : variations.stream().map(Optional::of).toList();
        for (Environment env : envs) {
            for (Optional<String> v : vs) {
                String instance = TestInstance.nameOf(name, env, v);
                TestInstance ti =
                        new TestInstance(info, env, v, "sim:/tests/" + name + "/" + instance + ".cfg", timeout);
                String script = text.replace("${environment}", env.banner()).replace("${variation}", v.orElse(""));
                out.add(new SimulatedTest(
                        ti, required(header, "behaviour", origin), GuestScript.parse(script, origin), expected));
            }
        }
    }

    private static String required(Map<String, String> header, String key, String origin) {
        String v = header.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(origin + " has no '# " + key + ":' line");
        }
        return v;
    }

    private static List<String> words(Map<String, String> header, String key, String origin) {
        return List.of(required(header, key, origin).split("\\s+"));
    }

    private static String resource(String name) {
        try (InputStream in = SimulatedCatalogue.class.getResourceAsStream("guests/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the simulated catalogue's guests/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
