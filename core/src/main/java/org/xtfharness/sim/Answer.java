package org.xtfharness.sim;

/** What a simulated command printed and how it exited. */
record Answer(int exit, String stdout, String stderr) {
    static Answer ok(String stdout) {
        return new Answer(0, stdout, "");
    }

    static Answer fail(int exit, String stderr) {
        return new Answer(exit, "", stderr.endsWith("\n") ? stderr : stderr + "\n");
    }

    static Answer notFound(String program) {
        return new Answer(127, "", "sh: 1: " + program + ": command not found\n");
    }
}
