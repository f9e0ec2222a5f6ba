/** The XTF catalogue: tests, environments, instances, and xtf-runner's selection grammar. */
package org.xtfharness.catalog;
