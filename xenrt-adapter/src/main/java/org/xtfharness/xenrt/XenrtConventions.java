package org.xtfharness.xenrt;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xtfharness.catalog.Environment;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.result.Verdict;

/**
 * How xtf-harness results become XenRT subcase results: which result each verdict gets, and which
 * group and name each instance is recorded under.
 *
 * <p>By default SUCCESS is {@code PASS}, SKIP {@code SKIPPED}, FAILURE and CRASH {@code FAIL} (a
 * guest that crashed is the test failing, not XenRT's "not a failure of the testcase"), and ERROR
 * {@code ERROR}; an instance {@code test-pv64-foo~bar} is group {@code pv64}, testcase
 * {@code foo~bar}. The mapping is configurable within limits that keep a failure a failure:
 * SUCCESS is always {@code PASS}; SKIP is {@code SKIPPED}, {@code FAIL} or {@code ERROR}; ERROR,
 * FAILURE and CRASH are {@code FAIL}, {@code PARTIAL} or {@code ERROR}. XenRT's {@code ALLOWED}
 * (a tolerated failure) is for a named list of known failures, never for a whole verdict.
 *
 * @param verdicts the XenRT result of each verdict (every verdict present)
 * @param naming how instances are grouped
 */
public record XenrtConventions(Map<Verdict, XenrtResult> verdicts, Naming naming) {

    /** The group of everything when instances are not grouped by environment. */
    public static final String FLAT_GROUP = "xtf";

    /** How instance names become XenRT groups and testcases. */
    public enum Naming {
        /** Group by environment ({@code pv64}), testcase = test name and variation ({@code foo~bar}). */
        BY_ENVIRONMENT,
        /** One group {@value #FLAT_GROUP}, testcase = the whole instance name. */
        FLAT
    }

    private static final Map<Verdict, Set<XenrtResult>> ALLOWED_RESULTS = Map.of(
            Verdict.SUCCESS, Set.of(XenrtResult.PASS),
            Verdict.SKIP, Set.of(XenrtResult.SKIPPED, XenrtResult.FAIL, XenrtResult.ERROR),
            Verdict.ERROR, Set.of(XenrtResult.ERROR, XenrtResult.FAIL, XenrtResult.PARTIAL),
            Verdict.FAILURE, Set.of(XenrtResult.FAIL, XenrtResult.ERROR, XenrtResult.PARTIAL),
            Verdict.CRASH, Set.of(XenrtResult.ERROR, XenrtResult.FAIL, XenrtResult.PARTIAL));

    public XenrtConventions {
        EnumMap<Verdict, XenrtResult> v = new EnumMap<>(Verdict.class);
        v.putAll(Objects.requireNonNull(verdicts, "verdicts"));
        Objects.requireNonNull(naming, "naming");
        for (Verdict verdict : Verdict.values()) {
            XenrtResult r = v.get(verdict);
            if (r == null) {
                throw new IllegalArgumentException("no XenRT result for verdict " + verdict);
            }
            if (!ALLOWED_RESULTS.get(verdict).contains(r)) {
                throw new IllegalArgumentException("verdict " + verdict + " cannot be XenRT's " + r
                        + "; it can be one of " + ALLOWED_RESULTS.get(verdict));
            }
        }
        verdicts = Map.copyOf(v);
    }

    /** The default mapping and naming, described on the class. */
    public static XenrtConventions defaults() {
        Map<Verdict, XenrtResult> v = new EnumMap<>(Verdict.class);
        v.put(Verdict.SUCCESS, XenrtResult.PASS);
        v.put(Verdict.SKIP, XenrtResult.SKIPPED);
        v.put(Verdict.ERROR, XenrtResult.ERROR);
        v.put(Verdict.FAILURE, XenrtResult.FAIL);
        v.put(Verdict.CRASH, XenrtResult.FAIL);
        return new XenrtConventions(v, Naming.BY_ENVIRONMENT);
    }

    /** The same conventions with one verdict's result changed. */
    public XenrtConventions withVerdict(Verdict verdict, XenrtResult result) {
        Map<Verdict, XenrtResult> v = new EnumMap<>(verdicts);
        v.put(verdict, result);
        return new XenrtConventions(v, naming);
    }

    /** The same conventions with another naming. */
    public XenrtConventions withNaming(Naming newNaming) {
        return new XenrtConventions(verdicts, newNaming);
    }

    /** XenRT's result for a verdict. */
    public XenrtResult result(Verdict verdict) {
        return verdicts.get(verdict);
    }

    /**
     * The group and testcase of an instance. A name outside XTF's {@code test-<env>-<name>} pattern
     * keeps its whole name, in group {@value #FLAT_GROUP}.
     */
    public Subcase subcase(String instance) {
        DomainNames.requireValid(instance);
        if (naming == Naming.BY_ENVIRONMENT && instance.startsWith("test-")) {
            String rest = instance.substring("test-".length());
            for (Environment env : Environment.values()) {
                String prefix = env.id() + "-";
                if (rest.startsWith(prefix) && rest.length() > prefix.length()) {
                    return new Subcase(env.id(), rest.substring(prefix.length()));
                }
            }
        }
        return new Subcase(FLAT_GROUP, instance);
    }

    /** The host layout of XenServer, for a host check to compare against. */
    public static XenrtHostLayout hostLayout() {
        return XenrtHostLayout.XENSERVER;
    }
}
