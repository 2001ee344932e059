package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.Command;
import java.util.Optional;

/**
 * Decides whether a command from the cloud may be carried out at all (the seam for the bridge's Ed25519 signature);
 * a refusal is acknowledged {@code REJECTED} with rule {@code authority}. Must be thread-safe.
 */
@FunctionalInterface
public interface CommandAuthority {
    /** Accepts every command (until signatures are checked). */
    CommandAuthority ACCEPT_ALL = (command, payload, properties) -> Optional.empty();

    /**
     * Why {@code command} must not be carried out, or empty to accept it.
     *
     * @param payload the bytes it arrived as (empty for the edge's own commands)
     * @param properties the MQTT v5 user properties it arrived with (empty for the edge's own commands)
     */
    Optional<String> refusal(Command command, byte[] payload, java.util.Map<String, String> properties);

    /**
     * Accepts a cloud command only when the actuators bridge signed it with a key {@code verifier} trusts
     * ({@code cascade-sig} / {@code cascade-key}, see {@code CommandSignature}); the edge's own commands pass.
     */
    static CommandAuthority signedBy(dev.cascade.protocol.command.CommandSignature.Verifier verifier) {
        return (command, payload, properties) -> payload.length == 0 ? Optional.empty()
                : verifier.refusal(payload, properties);
    }
}
