/**
 * A simulated Xen host, in-process: the default where no Xen is present, and the fixture that
 * proves each verdict path. It says it is simulated wherever it appears.
 */
package org.xtfharness.sim;
