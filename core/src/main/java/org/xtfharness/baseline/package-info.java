/**
 * What a run is judged against: a {@link org.xtfharness.baseline.Baseline} of tolerated verdicts
 * (a small line format, see {@code docs/baseline.md}), an {@link org.xtfharness.baseline.EarlierRun}
 * read from a journal or a JUnit file, and the {@link org.xtfharness.baseline.BaselineAssessor}
 * that turns both into each instance's {@link org.xtfharness.run.Assessment}.
 */
package org.xtfharness.baseline;
