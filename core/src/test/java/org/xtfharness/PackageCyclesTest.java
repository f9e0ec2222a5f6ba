package org.xtfharness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.xtfharness.run.Runner;
import org.xtfharness.testing.Fixtures;

/**
 * The import graph between core's packages has no cycle: each package (a room) depends only on
 * the ones below it, so a package can be read, tested and replaced from the bottom up. The graph
 * is the JDK's own {@code jdeps} reading the compiled classes, as anyone can run it:
 * {@code jdeps -verbose:package core/target/classes}.
 */
class PackageCyclesTest {

    private static final Pattern EDGE =
            Pattern.compile("^\\s+(org\\.xtfharness(?:\\.\\w+)*)\\s+->\\s+(org\\.xtfharness(?:\\.\\w+)*)\\s");

    @Test
    void coresPackagesImportEachOtherWithoutACycle() throws URISyntaxException {
        Map<String, Set<String>> graph = packageGraph();

        // Not vacuous: jdeps saw the packages and the arrows known to exist.
        assertThat(graph).containsKeys("org.xtfharness.run", "org.xtfharness.session", "org.xtfharness.report");
        assertThat(graph.get("org.xtfharness.session")).contains("org.xtfharness.run", "org.xtfharness.journal");
        assertThat(cycles(graph))
                .as("package cycles in core (jdeps -verbose:package)")
                .isEmpty();
    }

    @Test
    void findsEveryCycleAndOnlyCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of("e"));
        graph.put("e", Set.of("d"));
        graph.put("f", Set.of("a"));

        assertThat(cycles(graph)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("d", "e"));
        assertThat(cycles(Map.of("x", Set.of("y"), "y", Set.of()))).isEmpty();
    }

    /** Package to the packages of core it depends on, itself left out. */
    private static Map<String, Set<String>> packageGraph() throws URISyntaxException {
        Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
        Fixtures.require(jdeps.isPresent(), "the JDK's jdeps tool (a JRE has none)");
        Path classes = Path.of(
                Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.get()
                .run(
                        new PrintWriter(out),
                        new PrintWriter(err),
                        "-verbose:package",
                        "--multi-release",
                        "17",
                        classes.toString());
        assertThat(rc).as("jdeps on %s: %s", classes, err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n", -1)) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(m.group(2));
                graph.computeIfAbsent(m.group(2), p -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
