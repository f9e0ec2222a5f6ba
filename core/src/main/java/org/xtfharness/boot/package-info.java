/**
 * Boot mode: every XTF instance as Xen's initial domain under QEMU on this machine, one QEMU per
 * instance and nothing shared between them, behind the same {@link
 * org.xtfharness.domain.DomainController} and {@link org.xtfharness.console.ConsoleSource} as an
 * xl host. The verdict comes from the test's own lines on the serial console; the end from Xen's
 * messages there ({@code xen/common/shutdown.c}, {@code xen/drivers/char/console.c}), as {@link
 * org.xtfharness.boot.XenEndMessages} reads them. Start with {@link org.xtfharness.boot.BootHosts}.
 */
package org.xtfharness.boot;
