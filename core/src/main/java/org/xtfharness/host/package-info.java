/** A Xen host as the harness reaches it: its commands and its files. */
package org.xtfharness.host;
