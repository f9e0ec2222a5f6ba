/**
 * Console capture: {@link org.xtfharness.console.ConsoleSource} and its sessions, byte-to-line
 * framing, and xenconsoled's log format.
 */
package org.xtfharness.console;
