/**
 * A Xen host as the harness reaches it: its commands and its files ({@link
 * org.xtfharness.host.XenHost}, made by {@link org.xtfharness.host.Hosts}), xenstore read through
 * them, the host's run lock, scratch directories, and the steps a controller carries in another's
 * round trip ({@link org.xtfharness.host.HostStep}).
 */
package org.xtfharness.host;
