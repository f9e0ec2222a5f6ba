/**
 * Console capture: {@link org.xtfharness.console.ConsoleSource} and its sessions, byte-to-line
 * framing, xenconsoled's log format, and the live console through xenconsole (start-notify
 * handshake, console types, tty diagnostics).
 */
package org.xtfharness.console;
