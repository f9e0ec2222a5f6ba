/** Running programs on a host, with deadlines and arguments that are never a shell string. */
package org.xtfharness.process;
