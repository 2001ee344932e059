package dev.cascade.security.acl;

import dev.cascade.checks.Checks;
import dev.cascade.protocol.topic.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may talk to the MQTT broker: the identities of devices, gateways and roles under one topic namespace.
 *
 * @param topics the topic scheme (its namespace)
 * @param principals every identity, names unique
 */
public record Fleet(Topics topics, List<Principal> principals) {
    public Fleet {
        Checks.notNull(topics, "topics");
        principals = Checks.immutable(principals, "principals");
        Set<String> names = new HashSet<>();
        for (Principal p : principals) {
            for (String n : p.names()) {
                Checks.check(names.add(n), "principals", "unique names (connection names name-suffix included)", n);
            }
        }
    }
}
