/**
 * The runner protocol itself: {@link org.xtfharness.run.Runner} takes each selected instance from
 * a clean start to a journalled result, and tells {@link org.xtfharness.run.RunListener}s.
 */
package org.xtfharness.run;
