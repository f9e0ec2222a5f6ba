/**
 * Running programs on a host, with deadlines and arguments that are never a shell string: to
 * completion ({@link org.xtfharness.process.CommandRunner#run}) or streaming
 * ({@link org.xtfharness.process.CommandRunner#start}).
 */
package org.xtfharness.process;
