package org.xtfharness.doctor;

/** How much a finding matters, most severe first. */
public enum Severity {
    /** Console capture will not work until this is fixed. */
    ERROR,
    /** Capture works today but less reliably, or will break on the next restart. */
    WARNING,
    /** A check that passed. */
    OK,
    /** A fact worth showing, neither good nor bad. */
    INFO
}
