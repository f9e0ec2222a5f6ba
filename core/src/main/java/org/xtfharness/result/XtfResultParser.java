package org.xtfharness.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an XTF guest's console output (andyhhp/xtf {@code common/setup.c}, {@code common/report.c},
 * {@code common/lib.c}):
 *
 * <pre>
 * --- Xen Test Framework ---
 * Environment: PV 64bit (Long mode 4 levels)
 * &lt;test title&gt;
 * ...reason lines...
 * Test result: SUCCESS
 * </pre>
 *
 * <p>A result line starts with {@code Test result: } followed by exactly one of {@code SUCCESS},
 * {@code SKIP}, {@code ERROR}, {@code FAILURE} ({@code SUCCESS} optionally followed by
 * {@code  with warnings}), trailing whitespace allowed. A line that merely mentions those words is
 * not one; a line that starts like one and is not valid is an anomaly. With several result lines
 * the most severe counts. A {@code PANIC: } line sets the panic message.
 *
 * <p>Reasons are the last (at most {@value #MAX_REASONS}) non-blank lines between the header
 * (banner, {@code Environment:} line and the title line after it) and the deciding result line,
 * without the panic's star lines and the panic line itself; plain SUCCESS has none.
 *
 * <p>Never throws: whatever the input, the answer is a {@link ParsedOutput}, and input it cannot
 * read gives no reported verdict, which the runner counts as CRASH.
 */
public final class XtfResultParser implements ResultParser {

    /** The banner XTF prints first. */
    public static final String BANNER = "--- Xen Test Framework ---";

    /** What starts a result line. */
    public static final String RESULT_PREFIX = "Test result: ";

    static final int MAX_REASONS = 10;
    private static final String ENVIRONMENT_PREFIX = "Environment: ";
    private static final String PANIC_PREFIX = "PANIC: ";
    private static final String STARS = "*".repeat(30);
    private static final int MAX_QUOTE = 120;

    XtfResultParser() {}

    @Override
    public ParsedOutput parse(List<String> lines) {
        try {
            return parseLines(lines == null ? List.of() : lines);
        } catch (RuntimeException e) {
            // Defence in depth: the contract is never to throw. No verdict is the safe answer.
            return new ParsedOutput(
                    Optional.empty(),
                    false,
                    List.of(),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    0,
                    List.of("the output could not be parsed: " + e));
        }
    }

    private ParsedOutput parseLines(List<String> input) {
        List<String> lines = new ArrayList<>(input.size());
        for (String s : input) {
            lines.add(s == null ? "" : s);
        }

        List<Integer> banners = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        List<Result> resultValues = new ArrayList<>();
        List<String> anomalies = new ArrayList<>();
        Optional<String> panic = Optional.empty();

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isBanner(line)) {
                banners.add(i);
            } else if (line.startsWith(RESULT_PREFIX.stripTrailing())) {
                Optional<Result> r = parseResult(line);
                if (r.isPresent()) {
                    results.add(i);
                    resultValues.add(r.get());
                } else {
                    anomalies.add("not a valid result line: " + quote(line));
                }
            } else if (panic.isEmpty() && line.startsWith(PANIC_PREFIX)) {
                panic = Optional.of(panicMessage(line));
            }
        }

        if (banners.size() > 1) {
            anomalies.add("the XTF banner appeared " + banners.size() + " times");
        }

        int deciding = -1;
        Result decidingResult = null;
        for (int k = 0; k < results.size(); k++) {
            Result r = resultValues.get(k);
            if (decidingResult == null || r.rank() >= decidingResult.rank()) {
                deciding = results.get(k);
                decidingResult = r;
            }
        }
        if (results.size() > 1) {
            List<String> seen = new ArrayList<>();
            resultValues.forEach(r -> seen.add(r.describe()));
            anomalies.add(results.size() + " result lines (" + String.join(", ", seen) + "); the most severe, "
                    + decidingResult.describe() + ", counts");
        }
        if (!results.isEmpty()) {
            int last = results.get(results.size() - 1);
            List<String> after = new ArrayList<>();
            for (int i = last + 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    after.add(lines.get(i));
                }
            }
            if (!after.isEmpty()) {
                anomalies.add(
                        after.size() + " non-blank line(s) after the result line, the first: " + quote(after.get(0)));
            }
        }

        // The header belongs to the last banner before the deciding line (or the last one at all).
        int limit = deciding >= 0 ? deciding : lines.size();
        int banner = -1;
        for (int b : banners) {
            if (b < limit) {
                banner = b;
            }
        }
        int from = banner >= 0 ? banner + 1 : 0;
        Optional<String> environment = Optional.empty();
        int headerEnd = from;
        for (int i = from; i < limit && i <= from + 1; i++) {
            // XTF prints the Environment line right after the banner; one patched tree prints a
            // "Found Xen:" line in between, so look one line further.
            if (lines.get(i).startsWith(ENVIRONMENT_PREFIX)) {
                environment = Optional.of(
                        lines.get(i).substring(ENVIRONMENT_PREFIX.length()).strip());
                headerEnd = Math.min(i + 2, limit); // the title line follows the Environment line
                break;
            }
        }
        if (environment.isEmpty() && banner < 0) {
            for (int i = 0; i < limit; i++) {
                if (lines.get(i).startsWith(ENVIRONMENT_PREFIX)) {
                    environment = Optional.of(
                            lines.get(i).substring(ENVIRONMENT_PREFIX.length()).strip());
                    headerEnd = Math.min(i + 2, limit);
                    break;
                }
            }
        }

        List<String> reasons = new ArrayList<>();
        boolean wantReasons = decidingResult != null
                && (decidingResult.verdict() != Verdict.SUCCESS || decidingResult.withWarnings());
        if (wantReasons) {
            for (int i = headerEnd; i < deciding; i++) {
                String line = lines.get(i);
                if (line.isBlank()
                        || isStarLine(line)
                        || line.startsWith(PANIC_PREFIX)
                        || parseResult(line).isPresent()
                        || isBanner(line)) {
                    continue;
                }
                reasons.add(line.stripTrailing());
            }
            if (reasons.size() > MAX_REASONS) {
                reasons = new ArrayList<>(reasons.subList(reasons.size() - MAX_REASONS, reasons.size()));
            }
        }

        return new ParsedOutput(
                decidingResult == null ? Optional.empty() : Optional.of(decidingResult.verdict()),
                decidingResult != null && decidingResult.withWarnings(),
                reasons,
                panic,
                !banners.isEmpty(),
                environment,
                results.size(),
                anomalies);
    }

    private static boolean isBanner(String line) {
        return line.stripTrailing().equals(BANNER);
    }

    private static boolean isStarLine(String line) {
        String s = line.strip();
        return s.length() >= STARS.length() && s.chars().allMatch(c -> c == '*');
    }

    /** A valid result line's verdict, or empty. */
    static Optional<Result> parseResult(String line) {
        if (!line.startsWith(RESULT_PREFIX)) {
            return Optional.empty();
        }
        String rest = line.substring(RESULT_PREFIX.length()).stripTrailing();
        if (rest.equals("SUCCESS with warnings")) {
            return Optional.of(new Result(Verdict.SUCCESS, true));
        }
        return Verdict.fromXtfWord(rest).map(v -> new Result(v, false));
    }

    private static String panicMessage(String line) {
        String msg = line.substring(PANIC_PREFIX.length()).stripTrailing();
        // A panic message without its own newline runs straight into the closing star line.
        if (msg.endsWith(STARS)) {
            int end = msg.length();
            while (end > 0 && msg.charAt(end - 1) == '*') {
                end--;
            }
            msg = msg.substring(0, end).stripTrailing();
        }
        return msg.isEmpty() ? "(no message)" : msg;
    }

    private static String quote(String line) {
        String s = line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE) + "...";
        return "'" + s + "'";
    }

    /** One valid result line. */
    record Result(Verdict verdict, boolean withWarnings) {

        int rank() {
            return verdict.ordinal() * 2 + (withWarnings ? 1 : 0);
        }

        String describe() {
            return verdict + (withWarnings ? " with warnings" : "");
        }
    }
}
