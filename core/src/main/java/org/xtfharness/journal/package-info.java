/**
 * The run journal: a header, then one JSON line per attempt, forced to disk before any listener
 * hears of it and before the worker starts its next instance; the {@link
 * org.xtfharness.run.ResultStore} a session gives the runner, and what {@code --resume} and shard
 * merges read back.
 */
package org.xtfharness.journal;
