package dev.cascade.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link WireEnum}'s constants by id and by display name, built once per enum class; immutable. */
final class WireEnumLookup {
    private static final ClassValue<WireEnumLookup> CACHE = new ClassValue<>() {
        @Override
        protected WireEnumLookup computeValue(Class<?> type) {
            return new WireEnumLookup((WireEnum[]) type.getEnumConstants());
        }
    };

    final Map<Integer, WireEnum> byId;
    final Map<String, WireEnum> byDisplayName;
    /** The constants as an error message lists them: {@code 1 (info), 2 (warning)}. */
    final String known;

    private WireEnumLookup(WireEnum[] constants) {
        Map<Integer, WireEnum> ids = new LinkedHashMap<>();
        Map<String, WireEnum> names = new LinkedHashMap<>();
        StringBuilder k = new StringBuilder();
        for (WireEnum e : constants) {
            if (ids.putIfAbsent(e.id(), e) != null) {
                throw new IllegalStateException("wire id must be unique, was " + e.id() + " twice in "
                        + e.getClass().getName());
            }
            names.putIfAbsent(e.displayName(), e);
            k.append(k.length() == 0 ? "" : ", ").append(e.id()).append(" (").append(e.displayName()).append(')');
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.byDisplayName = Collections.unmodifiableMap(names);
        this.known = k.toString();
    }

    static WireEnumLookup of(Class<?> type) {
        return CACHE.get(type);
    }
}
