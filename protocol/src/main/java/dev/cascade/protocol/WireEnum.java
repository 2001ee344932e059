package dev.cascade.protocol;

/**
 * An enum that travels on the wire by a permanent integer id, apart from its display name, so that
 * constants can be renamed or reordered without breaking stored data.
 */
public interface WireEnum {
    int id();

    String displayName();

    /** Looks up a constant by wire id; throws {@link IllegalArgumentException} naming the field if unknown. */
    static <E extends Enum<E> & WireEnum> E byId(Class<E> type, int id, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.id() == id) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(e.id()).append(" (").append(e.displayName()).append(')');
        }
        throw new IllegalArgumentException(field + " must be one of " + known + ", was " + id);
    }
}
