/** Time as one boundary: wall clock, monotonic ticks and sleeping, injected so tests need not sleep. */
package org.xtfharness.time;
