package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The soak at unit-test size (200 runs). {@code -Dsoak.runs=10000} runs it at full size and
 * {@code -Dsoak.seed=N} repeats a soak; the seed is printed either way.
 */
class SoakTest {

    @Test
    void randomFaultsLeakNoDomainLoseNoResultAndMisattributeNoOutput() {
        int runs = Integer.getInteger("soak.runs", 200);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        System.out.println("soak: seed " + seed + " (-Dsoak.seed=" + seed + " reproduces it)");

        Soak.Report r = Soak.run(seed, runs);

        System.out.println(r.describe());
        assertThat(r.runs()).isGreaterThanOrEqualTo(runs);
        assertThat(r.faults()).as("faults were injected").isNotEmpty();
        assertThat(new long[] {r.leakedDomains(), r.lostResults(), r.misattributedOutput()})
                .as("leaked domains, lost results, misattributed output (seed %d): %s", seed, r.problems())
                .containsExactly(0, 0, 0);
    }
}
