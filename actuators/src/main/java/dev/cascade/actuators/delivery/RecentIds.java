package dev.cascade.actuators.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded set of recently seen ids, oldest forgotten first. Not thread-safe. */
final class RecentIds<K> {
    private final Map<K, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Adds {@code id}; returns false if it was already present. */
    boolean add(K id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    void remove(K id) {
        ids.remove(id);
    }

    boolean contains(K id) {
        return ids.containsKey(id);
    }
}
