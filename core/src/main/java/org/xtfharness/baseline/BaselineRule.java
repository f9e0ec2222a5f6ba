package org.xtfharness.baseline;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xtfharness.result.Verdict;

/**
 * One line of a baseline: the instances it covers, the verdicts it tolerates for them, and why.
 *
 * @param pattern an instance name, or a glob over names ({@code *} any run of characters,
 *     {@code ?} one character), matched against the whole name
 * @param verdicts the tolerated verdicts; never SUCCESS
 * @param xen the Xen versions it applies to; every version when absent
 * @param bug a bug reference (a URL, an XSA, a mailing-list thread), if given
 * @param hostProperty the host property the failure depends on ({@code TCG}, {@code no-hvm_fep});
 *     recorded and shown, not checked against the host
 * @param reason why it is tolerated, in words; may be empty
 * @param origin where the rule was written ({@code FILE:LINE}), for reports
 */
public record BaselineRule(
        String pattern,
        Set<Verdict> verdicts,
        Optional<XenVersions> xen,
        Optional<String> bug,
        Optional<String> hostProperty,
        String reason,
        String origin) {

    public BaselineRule {
        Objects.requireNonNull(pattern, "pattern");
        verdicts = Set.copyOf(verdicts);
        if (verdicts.isEmpty() || verdicts.contains(Verdict.SUCCESS)) {
            throw new IllegalArgumentException("a rule tolerates one or more of SKIP, ERROR, FAILURE, CRASH");
        }
        Objects.requireNonNull(xen, "xen");
        Objects.requireNonNull(bug, "bug");
        Objects.requireNonNull(hostProperty, "hostProperty");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
    }

    /** Every verdict but SUCCESS: what {@code ANY} means in a rule. */
    public static Set<Verdict> anyFailing() {
        return EnumSet.of(Verdict.SKIP, Verdict.ERROR, Verdict.FAILURE, Verdict.CRASH);
    }

    /** True when the pattern covers the instance name. */
    public boolean covers(String instance) {
        return glob(pattern).matcher(instance).matches();
    }

    /**
     * True when this rule tolerates the verdict for the instance on a host with this Xen version; a
     * rule limited to some versions does not apply where the version is unknown.
     */
    public boolean tolerates(String instance, Verdict verdict, Optional<String> xenVersion) {
        if (!verdicts.contains(verdict) || !covers(instance)) {
            return false;
        }
        return xen.isEmpty() || xenVersion.map(v -> xen.get().contains(v)).orElse(false);
    }

    /** The words reports show: the reason, then the bug, host property, versions and where the rule is. */
    public String describe() {
        StringBuilder b = new StringBuilder(reason.isEmpty() ? "tolerated by the baseline" : reason);
        bug.ifPresent(x -> b.append("; bug ").append(x));
        hostProperty.ifPresent(x -> b.append("; host ").append(x));
        xen.ifPresent(x -> b.append("; Xen ").append(x.text()));
        b.append(" (").append(origin).append(')');
        return b.toString();
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
