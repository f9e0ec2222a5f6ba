package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The GitLab CI example is a file GitLab can create a pipeline from: YAML whose scripts are
 * strings (GitLab rejects a job whose {@code script} holds a mapping, which an unquoted
 * {@code printf 'a: b'} becomes), and whose {@code extends}/{@code needs} name jobs that exist:
 * defined in the file, or taken from xen.git at the commit its README names.
 */
class GitlabCiExampleTest {

    private static final Path DIR =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("gitlab-ci");
    private static final Set<String> SCRIPT_KEYS = Set.of("script", "before_script", "after_script");
    /** GitLab's own top-level keywords: not jobs. */
    private static final Set<String> GLOBAL_KEYS =
            Set.of("default", "include", "stages", "variables", "workflow", "image", "services", "cache");

    /** Every example pipeline in the directory, by file name: each must load in GitLab. */
    private static final Map<String, Map<String, Object>> PIPELINES = new LinkedHashMap<>();

    private static String readme;

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".gitlab-ci.yml"))
                    .sorted()
                    .toList()) {
                PIPELINES.put(f.getFileName().toString(), parse(Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyScriptEntryOfEveryJobIsAString() {
        assertThat(PIPELINES).containsKeys("xtf-boot.gitlab-ci.yml", "xtf-boot-shards.gitlab-ci.yml");
        PIPELINES.forEach((file, pipeline) -> {
            assertThat(jobs(pipeline)).as(file).isNotEmpty();
            assertThat(scriptProblems(pipeline)).as(file).isEmpty();
        });
    }

    @Test
    void everyExtendsAndNeedsTargetIsDefinedHereOrListedAsXenGits() {
        Set<String> external = externalNames(readme);
        List<String> missing = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        PIPELINES.forEach((file, pipeline) -> jobs(pipeline)
                .forEach((name, job) -> references(job).forEach(target -> {
                    used.add(target);
                    if (!pipeline.containsKey(target) && !external.contains(target)) {
                        missing.add(file + ": " + name + " -> " + target);
                    }
                })));

        assertThat(missing)
                .as("targets neither in the file nor in README.md's xen.git table")
                .isEmpty();
        assertThat(used).as("every name the README lists is one the file uses").containsAll(external);
    }

    @Test
    void readmeNamesTheXenGitCommitItWasWrittenAgainst() {
        assertThat(readme).containsPattern("## Written against xen\\.git\\s+[^#]*commit `[0-9a-f]{40}`");
    }

    @Test
    void argoGetsItsSubOptionsAsOneCommaSeparatedOption() {
        List<String> args = PIPELINES.values().stream()
                .flatMap(p -> jobs(p).values().stream())
                .flatMap(j -> scripts(j).stream())
                .filter(s -> s.contains("argo"))
                .toList();

        assertThat(args)
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a)
                        .contains("argo: argo=1,mac-permissive=1")
                        .doesNotContain("argo=1 mac-permissive"));
    }

    @Test
    void nothingSetsTheTimeoutOnlyXenGitsConsoleExpReads() throws IOException {
        for (String file : PIPELINES.keySet()) {
            assertThat(Files.readString(DIR.resolve(file))).as(file).doesNotContain("TEST_TIMEOUT_OVERRIDE");
        }
    }

    // The checks themselves must catch what they are for: an unquoted "printf 'a: b'" and an unknown needs.

    @Test
    void anUnquotedColonInAScriptIsCaught() {
        Map<String, Object> broken = parse("job:\n  script:\n    - printf 'argo: argo=1\\n' > f\n");

        assertThat(scriptProblems(broken)).singleElement().asString().contains("job: script[0] is a Map");
    }

    @Test
    void aNeedsTargetDefinedNowhereIsCaught() {
        Map<String, Object> p = parse("job:\n  script: [\"true\"]\n  needs:\n    - alpine-3.18-gcc-debug\n"
                + "other:\n  extends: .hidden\n  script: [\"true\"]\n  needs: [{job: job}]\n");

        assertThat(references(p.get("job"))).containsExactly("alpine-3.18-gcc-debug");
        assertThat(references(p.get("other"))).containsExactly(".hidden", "job");
        assertThat(externalNames("| `alpine-3.24-x86_64-gcc-debug` | `needs` | build.yaml |"))
                .containsExactly("alpine-3.24-x86_64-gcc-debug");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertThat(o).as("the file is a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    /** Jobs and hidden templates: every top-level key that is not one of GitLab's keywords. */
    private static Map<String, Object> jobs(Map<String, Object> p) {
        Map<String, Object> m = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (!GLOBAL_KEYS.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static List<String> scriptProblems(Map<String, Object> p) {
        List<String> bad = new ArrayList<>();
        jobs(p).forEach((name, job) -> {
            if (!(job instanceof Map<?, ?> m)) {
                bad.add(name + " is not a mapping");
                return;
            }
            for (String key : SCRIPT_KEYS) {
                Object v = m.get(key);
                if (v == null || v instanceof String) {
                    continue;
                }
                if (!(v instanceof List<?> entries)) {
                    bad.add(name + ": " + key + " is a " + kind(v));
                    continue;
                }
                for (int i = 0; i < entries.size(); i++) {
                    Object e = entries.get(i);
                    // GitLab flattens nested arrays (YAML anchors); their entries must be strings too.
                    List<?> flat = e instanceof List<?> l ? l : List.of(e == null ? Map.of() : e);
                    for (Object f : flat) {
                        if (!(f instanceof String)) {
                            bad.add(name + ": " + key + "[" + i + "] is a " + kind(f) + ": " + f);
                        }
                    }
                }
            }
        });
        return bad;
    }

    private static String kind(Object o) {
        return o instanceof Map
                ? "Map"
                : o instanceof List ? "List" : o.getClass().getSimpleName();
    }

    private static List<String> scripts(Object job) {
        List<String> out = new ArrayList<>();
        if (job instanceof Map<?, ?> m) {
            for (String key : SCRIPT_KEYS) {
                if (m.get(key) instanceof List<?> l) {
                    l.forEach(e -> out.add(String.valueOf(e)));
                }
            }
        }
        return out;
    }

    /** A job's {@code extends} (one or a list) and {@code needs} (names or {@code {job: name}} entries). */
    private static List<String> references(Object job) {
        List<String> out = new ArrayList<>();
        if (!(job instanceof Map<?, ?> m)) {
            return out;
        }
        Object ext = m.get("extends");
        if (ext instanceof String s) {
            out.add(s);
        } else if (ext instanceof List<?> l) {
            l.forEach(e -> out.add(String.valueOf(e)));
        }
        if (m.get("needs") instanceof List<?> needs) {
            for (Object n : needs) {
                if (n instanceof String s) {
                    out.add(s);
                } else if (n instanceof Map<?, ?> nm && nm.get("job") != null && nm.get("project") == null) {
                    out.add(String.valueOf(nm.get("job"))); // a job of another project is not this pipeline's
                }
            }
        }
        return out;
    }

    /** The names in README.md's "Written against xen.git" table: rows starting with a backquoted name. */
    private static Set<String> externalNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\| `(?:extends|needs)` \\|")
                .matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
