package dev.cascade.security.acl;

import dev.cascade.checks.Checks;
import java.util.Optional;

/**
 * One permission: publish on, or subscribe to, an MQTT topic filter; a subscribe grant with a {@code shareGroup}
 * covers only {@code $share/<group>/<filter>} subscriptions.
 *
 * @param access publish or subscribe
 * @param filter an MQTT topic filter ({@code +} and a trailing {@code #} allowed)
 * @param shareGroup the shared-subscription group this grant needs, if it is for a shared subscription
 */
public record Grant(Access access, String filter, Optional<String> shareGroup) {
    public Grant {
        Checks.notNull(access, "access");
        Checks.check(filter != null && TopicMatch.validFilter(filter), "filter", "an MQTT topic filter", filter);
        Checks.notNull(shareGroup, "shareGroup");
        Checks.check(access == Access.SUBSCRIBE || shareGroup.isEmpty(), "shareGroup", "empty for a publish grant",
                shareGroup.orElse(""));
    }

    static Grant publish(String filter) {
        return new Grant(Access.PUBLISH, filter, Optional.empty());
    }

    static Grant subscribe(String filter) {
        return new Grant(Access.SUBSCRIBE, filter, Optional.empty());
    }

    static Grant shared(String group, String filter) {
        return new Grant(Access.SUBSCRIBE, filter, Optional.of(group));
    }
}
