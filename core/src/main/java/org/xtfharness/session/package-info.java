/**
 * A run with everything around it, as the CLI's {@code run} has it: {@link
 * org.xtfharness.session.RunSession} checks the outputs, asks the doctor, takes the host's run lock,
 * opens (or resumes) the journal, writes the reports and turns SIGINT and SIGTERM into an orderly
 * abort. It sits above {@code run}, {@code journal} and {@code report}, and none of them imports it.
 */
package org.xtfharness.session;
