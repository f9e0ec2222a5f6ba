/**
 * The runner protocol itself: {@link org.xtfharness.run.Runner} schedules the selected instances
 * (pool, retries, abort), each through the per-instance protocol from a clean start to a result it
 * makes durable through a {@link org.xtfharness.run.ResultStore}, and tells {@link
 * org.xtfharness.run.RunListener}s. The values a run produces (results, evidence, summaries) live
 * here; the journal, the reports and the session that wires them together sit above and import it.
 */
package org.xtfharness.run;
