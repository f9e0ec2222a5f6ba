/**
 * A simulated Xen host, in-process, at the {@link org.xtfharness.host.XenHost} boundary: the
 * commands and files of a dom0 with xenconsoled and XTF guests, so the real xl controller, doctor,
 * run lock and console sources run against it unchanged. The default where no Xen is present, and
 * the fixture that proves each verdict path. Its guests are {@link org.xtfharness.sim.GuestScript}s,
 * whose text form the process-level fake xl runs too; the simulated catalogue's guests are resource
 * files in that form ({@code org/xtfharness/sim/guests}). It says it is simulated in its description.
 */
package org.xtfharness.sim;
