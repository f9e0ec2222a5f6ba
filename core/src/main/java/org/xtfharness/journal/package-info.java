/** The run journal: one JSON line per result, forced to disk before the next test starts. */
package org.xtfharness.journal;
