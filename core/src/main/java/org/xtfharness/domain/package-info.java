/** Domains and their lifecycle on a Xen host: {@link org.xtfharness.domain.DomainController} and its values. */
package org.xtfharness.domain;
