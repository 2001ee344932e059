package dev.cascade.edge;

import java.util.Map;

/**
 * What an agent has done for its device, beside scoring.
 *
 * @param commandsExecuted commands carried out at the outputs (cloud and edge alike)
 * @param commandsRefusedByRule commands refused, by the rule that refused them (each acknowledged)
 * @param interlocksEnforced what the agent did by itself, by rule ({@code max_open_time} closes, {@code fail_safe} entries)
 * @param failSafe whether the outputs are held in their fail-safe state now
 * @param localSendFailures the edge's own commands the local broker did not take
 * @param commandsUndecodable cloud commands that could not be decoded (not acknowledgeable: no id)
 * @param heartbeatsSent heartbeats the cloud broker acknowledged
 * @param heartbeatFailures heartbeats not sent
 * @param sensorSilences times a sensor fell silent ({@code sensor_silent})
 * @param remoteConfigsApplied remote configurations applied
 * @param remoteConfigsRefused remote configurations refused
 */
public record DeviceStats(long commandsExecuted, Map<String, Long> commandsRefusedByRule,
                          Map<String, Long> interlocksEnforced, boolean failSafe, long localSendFailures,
                          long commandsUndecodable, long heartbeatsSent, long heartbeatFailures, long sensorSilences,
                          long remoteConfigsApplied, long remoteConfigsRefused) {
    public DeviceStats {
        commandsRefusedByRule = Map.copyOf(commandsRefusedByRule);
        interlocksEnforced = Map.copyOf(interlocksEnforced);
    }
}
