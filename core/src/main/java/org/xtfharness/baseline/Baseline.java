package org.xtfharness.baseline;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.report.TerminalText;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;

/**
 * Verdicts a project tolerates, per instance or per glob over instance names: a small text file a
 * maintainer edits and commits. One rule a line:
 *
 * <pre>
 * # PATTERN              VERDICTS        [xen=RANGES] [bug=REF] [host=PROPERTY] [-- REASON]
 * test-hvm64-pv-iopl     FAILURE         xen=..4.16 bug=https://example.org/123 -- fixed in 4.17
 * test-*-fep-*           ERROR,FAILURE   host=no-hvm_fep -- needs hvm_fep on the Xen command line
 * </pre>
 *
 * Blank lines and lines whose first non-blank character is {@code #} are ignored. VERDICTS is a
 * comma-separated list of SKIP, ERROR, FAILURE, CRASH, or ANY for all four. The first rule that
 * tolerates an instance's verdict on the host's Xen version gives the reason. See
 * {@code docs/baseline.md}.
 *
 * @param rules the rules, in file order
 * @param origin where the baseline came from, for messages
 */
public record Baseline(List<BaselineRule> rules, String origin) {

    private static final Pattern NAME_GLOB = Pattern.compile("[A-Za-z0-9_.~*?+:-]+");
    private static final Set<String> KEYS = Set.of("xen", "bug", "host");

    public Baseline {
        rules = List.copyOf(rules);
        Objects.requireNonNull(origin, "origin");
    }

    /** A baseline that tolerates nothing. */
    public static Baseline empty() {
        return new Baseline(List.of(), "no baseline");
    }

    /**
     * Reads a baseline file.
     *
     * @throws ConfigurationException naming the file and line of anything it cannot understand
     */
    public static Baseline read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("baseline " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new ConfigurationException("baseline " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read baseline " + file + ": " + Messages.reason(e), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a baseline's text.
     *
     * @param origin the file name used in messages and in each rule's origin
     * @throws ConfigurationException naming the origin and line of anything it cannot understand
     */
    public static Baseline parse(String text, String origin) {
        List<BaselineRule> rules = new ArrayList<>();
        // A byte order mark, as Windows editors write one, starts the text and is no rule.
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = origin + ":" + (i + 1);
            try {
                rules.add(rule(line, where));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("baseline " + origin + " line " + (i + 1) + ": " + e.getMessage()
                        + " (a rule is: PATTERN VERDICTS [xen=RANGES] [bug=REF] [host=PROPERTY] [-- REASON])");
            }
        }
        return new Baseline(rules, origin);
    }

    private static BaselineRule rule(String line, String where) {
        String reason = "";
        String fields = line;
        int dashes = line.indexOf(" -- ");
        if (dashes >= 0) {
            reason = line.substring(dashes + 4).strip();
            fields = line.substring(0, dashes);
        } else if (line.endsWith(" --")) {
            fields = line.substring(0, line.length() - 3);
        }
        String[] words = fields.strip().split("\\s+");
        if (words.length < 2) {
            throw new IllegalArgumentException("'" + line + "' has no VERDICTS after the pattern");
        }
        String pattern = words[0];
        if (!NAME_GLOB.matcher(pattern).matches()) {
            throw new IllegalArgumentException("'" + pattern + "' is not an instance name or glob (letters, digits, "
                    + "'_.~+:-', and the wildcards '*' and '?')");
        }
        Set<Verdict> verdicts = verdicts(words[1]);
        Map<String, String> keys = new LinkedHashMap<>();
        for (int w = 2; w < words.length; w++) {
            int eq = words[w].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + words[w] + "' is not KEY=VALUE (a reason goes after ' -- ')");
            }
            String key = words[w].substring(0, eq);
            String value = words[w].substring(eq + 1);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: xen, bug, host)");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("'" + key + "=' has no value");
            }
            if (keys.put(key, value) != null) {
                throw new IllegalArgumentException("'" + key + "' is given twice");
            }
        }
        Optional<XenVersions> xen = Optional.ofNullable(keys.get("xen")).map(XenVersions::parse);
        return new BaselineRule(
                pattern,
                verdicts,
                xen,
                Optional.ofNullable(keys.get("bug")),
                Optional.ofNullable(keys.get("host")),
                reason,
                where);
    }

    private static Set<Verdict> verdicts(String list) {
        Set<Verdict> out = EnumSet.noneOf(Verdict.class);
        for (String v : list.split(",", -1)) {
            String u = v.strip().toUpperCase(Locale.ROOT);
            if (u.equals("ANY")) {
                out.addAll(BaselineRule.anyFailing());
                continue;
            }
            Verdict verdict;
            try {
                verdict = Verdict.valueOf(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not a verdict (SKIP, ERROR, FAILURE, CRASH or ANY)");
            }
            if (verdict == Verdict.SUCCESS) {
                throw new IllegalArgumentException("SUCCESS needs no tolerating (SKIP, ERROR, FAILURE, CRASH or ANY)");
            }
            out.add(verdict);
        }
        return out;
    }

    /**
     * The rules that cover none of these instances: most likely a typo or a renamed test, so a run
     * can say so rather than tolerate nothing in silence.
     */
    public List<BaselineRule> unmatched(Collection<String> instances) {
        return rules.stream()
                .filter(r -> instances.stream().noneMatch(r::covers))
                .toList();
    }

    /** The first rule that tolerates this verdict for the instance on this Xen version, if any. */
    public Optional<BaselineRule> tolerance(String instance, Verdict verdict, Optional<String> xenVersion) {
        if (verdict == Verdict.SUCCESS) {
            return Optional.empty();
        }
        return rules.stream()
                .filter(r -> r.tolerates(instance, verdict, xenVersion))
                .findFirst();
    }

    /**
     * A baseline that tolerates every verdict but SUCCESS in these results (the last attempt of each
     * instance counts), as text for a maintainer to edit: one rule per instance, its reason the
     * run's own.
     *
     * @param results a run's results, e.g. its journal's
     * @param source what the results came from, named in the header comment
     */
    public static String draft(List<TestResult> results, String source) {
        Map<String, TestResult> last = new LinkedHashMap<>();
        results.forEach(r -> last.put(r.instance(), r));
        List<TestResult> failing = last.values().stream()
                .filter(r -> r.verdict() != Verdict.SUCCESS)
                .toList();
        int width = failing.stream().mapToInt(r -> r.instance().length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        b.append("# xtf-harness baseline: verdicts tolerated, so that only new failures fail a run.\n");
        b.append("# Drafted from ")
                .append(oneLine(source))
                .append(": ")
                .append(failing.size())
                .append(" of ")
                .append(last.size())
                .append(" instances did not pass.\n");
        b.append("# Edit it: give each rule a reason and a bug (bug=...), limit it to Xen versions (xen=4.17,\n");
        b.append("# xen=..4.16) or note the host property it depends on (host=TCG), use globs (test-*-name).\n");
        b.append(
                "# Format: PATTERN VERDICTS [xen=RANGES] [bug=REF] [host=PROPERTY] [-- REASON]; see docs/baseline.md\n");
        b.append('\n');
        for (TestResult r : failing) {
            b.append(String.format(
                    "%-" + width + "s  %-7s  -- ",
                    TerminalText.printable(r.instance()),
                    r.verdict().name()));
            b.append(oneLine(r.outcome().cause().name().toLowerCase(Locale.ROOT) + ": "
                            + r.outcome().reason()))
                    .append('\n');
        }
        return b.toString();
    }

    /** One line a person can read safely: control and format characters (a bidi override) as visible escapes. */
    private static String oneLine(String s) {
        return TerminalText.printable(s.replaceAll("[\\r\\n\\t]+", " ")).strip();
    }
}
