package dev.cascade.edge.ota;

import java.util.Map;

/**
 * What the agent's update client has done since it started.
 *
 * @param announcements announcements decoded
 * @param undecodable announcements and chunks refused undecoded
 * @param chunksReceived chunks staged
 * @param chunksIgnored chunks that did not fit the transfer in progress (late or repeated answers)
 * @param bytesStaged bytes written to the staging file
 * @param resumed transfers resumed from a staged offset above 0 (after a restart)
 * @param requestsRepeated requests asked again after the request timeout (e.g. after the link was lost)
 * @param installed versions verified, self-tested and swapped in
 * @param confirmed versions kept after their watch window
 * @param refusedByReason updates refused before they ran, by reason
 * @param rolledBackByReason versions rolled back while watched, by reason
 * @param running the version each model runs now ({@code name -> version})
 */
public record OtaStats(long announcements, long undecodable, long chunksReceived, long chunksIgnored, long bytesStaged,
                       long resumed, long requestsRepeated, long installed, long confirmed,
                       Map<String, Long> refusedByReason, Map<String, Long> rolledBackByReason,
                       Map<String, String> running) {
    public OtaStats {
        refusedByReason = Map.copyOf(refusedByReason);
        rolledBackByReason = Map.copyOf(rolledBackByReason);
        running = Map.copyOf(running);
    }
}
