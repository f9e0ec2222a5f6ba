/**
 * Shards: one selection split into disjoint pieces that CI engines already know how to spread over
 * jobs and machines (GitLab's {@code parallel:}, Bazel's test sharding, Jenkins' parallel stages),
 * and the pieces' journals merged back into one run. The split ({@link org.xtfharness.shard.Sharding})
 * is a pure function of the instance names, the shard count and, optionally, an earlier run's
 * durations, so every job computes the same split on its own; the journal header records which
 * shard of which selection a journal holds ({@link org.xtfharness.journal.Journal.ShardRecord}), so
 * {@link org.xtfharness.shard.ShardMerge} can refuse pieces that do not fit together.
 */
package org.xtfharness.shard;
