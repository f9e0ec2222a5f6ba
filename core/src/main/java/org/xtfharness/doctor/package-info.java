/**
 * Checks that a Xen host can give trustworthy verdicts before anything runs: xenconsoled logging
 * guests, its configuration and the running daemon agreeing, the log directory, Xen and xenconsole
 * versions, a domain's console in xenstore.
 */
package org.xtfharness.doctor;
