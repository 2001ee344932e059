package dev.cascade.protocol;

import java.util.Optional;

/**
 * An enum that travels on the wire by a permanent integer id, apart from its display name, so that
 * constants can be renamed or reordered without breaking stored data.
 */
public interface WireEnum {
    int id();

    String displayName();

    /** Looks up a constant by wire id; throws {@link IllegalArgumentException} naming the field if unknown. */
    static <E extends Enum<E> & WireEnum> E byId(Class<E> type, int id, String field) {
        WireEnumLookup lookup = WireEnumLookup.of(type);
        E e = type.cast(lookup.byId.get(id));
        if (e == null) {
            throw new IllegalArgumentException(field + " must be one of " + lookup.known + ", was " + id);
        }
        return e;
    }

    /** The constant whose display name is {@code displayName} (exactly), if any. */
    static <E extends Enum<E> & WireEnum> Optional<E> byDisplayName(Class<E> type, String displayName) {
        return Optional.ofNullable(type.cast(WireEnumLookup.of(type).byDisplayName.get(displayName)));
    }
}
