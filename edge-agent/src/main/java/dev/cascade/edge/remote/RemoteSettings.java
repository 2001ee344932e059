package dev.cascade.edge.remote;

import dev.cascade.edge.decide.EscalationPolicy;
import java.util.Optional;

/**
 * What a remote configuration can change without a restart: the band and modes of the escalation policy and the
 * site's irrigation threshold.
 *
 * @param version the sender's name for this configuration (1-64 characters of [A-Za-z0-9._-]; "" for the file's own)
 * @param policy when to decide locally and when to escalate
 * @param irrigationBelowPct the site's irrigation threshold (forecast moisture, %); empty: the model's
 */
public record RemoteSettings(String version, EscalationPolicy policy, Optional<Double> irrigationBelowPct) {
    public RemoteSettings {
        if (version == null || !version.matches("|[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("version must be 1-64 characters of [A-Za-z0-9._-], was " + version);
        }
        if (policy == null || irrigationBelowPct == null) {
            throw new IllegalArgumentException("policy and irrigationBelowPct must not be null");
        }
        if (irrigationBelowPct.isPresent() && !(irrigationBelowPct.get() > 0 && irrigationBelowPct.get() < 100)) {
            throw new IllegalArgumentException("irrigation.below-pct must be in (0, 100), was " + irrigationBelowPct.get());
        }
    }
}
