package dev.cascade.security.acl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders an {@link AclModel} as the configuration file of mosquitto 2.0's dynamic-security plugin
 * ({@code plugin_opt_config_file}), for a listener with {@code use_identity_as_username}: one role per identity and
 * a client per identity and connection name. Unlike an {@code acl_file}, the plugin checks subscriptions, so a shared
 * grant becomes {@code subscribePattern $share/<group>/<filter>} and no other identity can join the group. Deny by
 * default; no client has a password (the certificate is the login).
 */
public final class MosquittoDynsec {
    private MosquittoDynsec() {}

    /** The plugin's JSON configuration. */
    public static String render(AclModel model) {
        List<String> clients = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (Principal p : model.fleet().principals()) {
            String role = p.kind().word() + "-" + p.name();
            for (String name : p.names()) {
                clients.add("    {\"username\": " + json(name) + ", \"roles\": [{\"rolename\": " + json(role) + "}]}");
            }
            Set<String> acls = new LinkedHashSet<>();
            for (Grant g : model.grants(p.name())) {
                if (g.access() == Access.PUBLISH) {
                    acls.add(acl("publishClientSend", g.filter()));
                } else {
                    acls.add(acl("subscribePattern", g.shareGroup().map(s -> "$share/" + s + "/").orElse("") + g.filter()));
                    acls.add(acl("publishClientReceive", g.filter()));
                }
            }
            roles.add("    {\"rolename\": " + json(role) + ", \"acls\": [\n" + String.join(",\n", acls) + "]}");
        }
        return "{\n  \"defaultACLAccess\": {\"publishClientSend\": false, \"publishClientReceive\": false, "
                + "\"subscribe\": false, \"unsubscribe\": true},\n"
                + "  \"clients\": [\n" + String.join(",\n", clients) + "],\n"
                + "  \"groups\": [],\n"
                + "  \"roles\": [\n" + String.join(",\n", roles) + "]\n}\n";
    }

    private static String acl(String type, String topic) {
        return "      {\"acltype\": \"" + type + "\", \"topic\": " + json(topic) + ", \"allow\": true}";
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
