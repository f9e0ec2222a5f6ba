/**
 * The host agent: the one POSIX {@code sh} program the harness runs on a Xen host for everything
 * beyond single commands, its requests ({@link org.xtfharness.agent.AgentRequest}, one record a
 * verb) and the framing of its multi-step output ({@link org.xtfharness.agent.AgentOutput}).
 */
package org.xtfharness.agent;
