package org.xtfharness.host;

import org.xtfharness.agent.AgentRequest;

/**
 * A host command that can ride in another component's round trip, so that work the protocol needs
 * at one moment costs no round trip of its own over ssh: the xenconsoled log's mark rides in the
 * domain controller's create, its settled output in the controller's wait for the domain's end.
 *
 * <p>A carrier runs {@link #request()} on the host (inside its own agent request, its words as
 * arguments, never through a shell's parsing), after its own steps, and hands everything the command printed to {@link #accept} if it
 * exited with status 0. It carries a step only where its own commands run on the step's
 * {@link #target()}: a log read on this machine must not be read on a remote host. A step that was
 * not carried, or whose output was not usable, is done by its owner itself, with its own round
 * trips: carrying saves time and never changes what is found.
 */
public interface HostStep {

    /** Where the step must run: a {@link org.xtfharness.process.CommandRunner#target()}. */
    String target();

    /** The agent request to run. */
    AgentRequest request();

    /** What the command printed, when it ran to status 0 within the carrier's round trip. */
    void accept(byte[] stdout);
}
