/**
 * Reports, all of them run listeners: xtf-runner's text summary, JUnit XML, JSON lines and a
 * self-contained HTML page ({@link org.xtfharness.report.Reporters}), and TAP ({@link
 * org.xtfharness.report.TapReporter}). A report file is
 * written as a {@link org.xtfharness.run.FinalReport} (staged, then committed once the exit code is
 * decided); {@link org.xtfharness.report.OutputTarget} resolves and checks every output as the
 * kernel will open it, and tells outputs apart by {@link org.xtfharness.report.FileIdentity}.
 */
package org.xtfharness.report;
