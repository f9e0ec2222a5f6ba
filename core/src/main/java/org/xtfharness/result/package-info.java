/**
 * Verdicts and how they are reached: {@link org.xtfharness.result.ResultParser} reads the guest's
 * output, {@link org.xtfharness.result.Verdicts} combines it with how the domain ended.
 */
package org.xtfharness.result;
