package dev.cascade.actuators.notify;

import dev.cascade.protocol.window.DeviceId;
import java.util.Map;

/**
 * Which site each device belongs to; devices not listed are at the default site.
 *
 * @param sites site by device id
 * @param defaultSite the site of every other device
 */
public record SiteMap(Map<String, String> sites, String defaultSite) {
    /** What a site name may be (it is an MQTT topic level). */
    public static final String SITE_PATTERN = "[a-z0-9_-]{1,64}";

    public SiteMap {
        if (defaultSite == null || !defaultSite.matches(SITE_PATTERN)) {
            throw new IllegalArgumentException("defaultSite must be 1-64 characters of [a-z0-9_-], was " + defaultSite);
        }
        sites = Map.copyOf(sites == null ? Map.of() : sites);
        sites.forEach((device, site) -> {
            DeviceId.of(device);
            if (!site.matches(SITE_PATTERN)) {
                throw new IllegalArgumentException("sites." + device + " must be 1-64 characters of [a-z0-9_-], was " + site);
            }
        });
    }

    /** Every device at {@code site}. */
    public static SiteMap single(String site) {
        return new SiteMap(Map.of(), site);
    }

    public String siteOf(DeviceId device) {
        return sites.getOrDefault(device.value(), defaultSite);
    }
}
