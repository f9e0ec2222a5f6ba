/** Reports, all of them run listeners: xtf-runner's text summary, JUnit XML, JSON lines. */
package org.xtfharness.report;
