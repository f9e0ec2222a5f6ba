package org.xtfharness.baseline;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Assessor;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Assesses a run against a baseline of tolerated verdicts and, when given, an earlier run: every
 * finished instance gets an {@link Assessment} (tolerated or not, its change since the earlier
 * run), and every instance the earlier run had that this run neither finished nor left unrun is
 * {@link Assessment.Change#GONE}. What the runner already assessed (retries) is kept.
 *
 * @param baseline the tolerated verdicts ({@link Baseline#empty()} for none)
 * @param earlier the earlier run to compare with, if any
 * @param xenVersion the host's {@code xen_version}, for rules limited to Xen versions; when empty,
 *     such rules do not apply
 */
public record BaselineAssessor(Baseline baseline, Optional<EarlierRun> earlier, Optional<String> xenVersion)
        implements Assessor {

    public BaselineAssessor {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(earlier, "earlier");
        Objects.requireNonNull(xenVersion, "xenVersion");
    }

    @Override
    public Map<String, Assessment> assess(RunSummary summary) {
        Map<String, Assessment> out = new LinkedHashMap<>(summary.assessments());
        for (TestResult r : summary.results()) {
            String name = r.instance();
            Assessment a = out.getOrDefault(name, Assessment.none(name));
            Optional<String> tolerated =
                    baseline.tolerance(name, r.verdict(), xenVersion).map(BaselineRule::describe);
            a = a.withToleratedBecause(tolerated);
            if (earlier.isPresent()) {
                Optional<Verdict> before = earlier.get().verdict(name);
                a = a.withChange(Comparison.classify(before, Optional.of(r.verdict())), before);
            }
            out.put(name, a);
        }
        if (earlier.isPresent()) {
            Set<String> here =
                    summary.results().stream().map(TestResult::instance).collect(Collectors.toCollection(HashSet::new));
            here.addAll(summary.notRun());
            earlier.get().verdicts().forEach((name, before) -> {
                if (!here.contains(name) && DomainNames.isValid(name)) {
                    out.put(name, Assessment.none(name).withChange(Assessment.Change.GONE, Optional.of(before)));
                }
            });
        }
        return out;
    }
}
