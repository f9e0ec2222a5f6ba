/** Failures of the runner itself, under one unchecked root: infrastructure, configuration, timeout. */
package org.xtfharness.error;
