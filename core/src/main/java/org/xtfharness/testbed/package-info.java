/**
 * Where tests run, one type whatever the kind: {@link org.xtfharness.testbed.Testbed} hands out a
 * kind's domains, console and catalogue and closes what it holds; {@link
 * org.xtfharness.testbed.Testbeds} makes an xl host, boot mode or a simulated host in one call. It
 * sits above the kinds ({@code boot}, {@code sim}, the xl parts) and below what runs tests.
 */
package org.xtfharness.testbed;
