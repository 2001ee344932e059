package dev.cascade.edge.guard;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per device, the highest sequence number seen and which of the {@code window} numbers below it
 * were seen, to refuse repeats (a sliding anti-replay window). Bounded in devices. Not thread-safe.
 */
final class ReplayGuard {
    private static final int MAX_DEVICES = 100_000;

    private final int window;
    private final Map<String, State> devices = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    ReplayGuard(int window) {
        this.window = window;
    }

    private static final class State {
        long highest;
        final BitSet seen;

        State(long highest, int window) {
            this.highest = highest;
            this.seen = new BitSet(window);
        }
    }

    /** Records {@code sequence}; false if it was already seen for {@code device}. */
    boolean firstSighting(String device, long sequence) {
        State s = devices.get(device);
        if (s == null) {
            devices.put(device, new State(sequence, window));
            return true;
        }
        if (sequence > s.highest) {
            long shift = sequence - s.highest;
            shiftSeen(s, shift);
            s.highest = sequence;
            return true;
        }
        long back = s.highest - sequence;
        if (back == 0) {
            return false;
        }
        if (back > window) {
            // Fresh (the caller checked its age) and far below: the device restarted its count.
            devices.put(device, new State(sequence, window));
            return true;
        }
        int bit = (int) (back - 1);
        if (s.seen.get(bit)) {
            return false;
        }
        s.seen.set(bit);
        return true;
    }

    private void shiftSeen(State s, long shift) {
        // bit i means "highest - 1 - i was seen"; the old highest becomes bit shift - 1.
        if (shift > window) {
            s.seen.clear();
            return;
        }
        BitSet moved = new BitSet(window);
        for (int i = s.seen.nextSetBit(0); i >= 0 && i + shift < window; i = s.seen.nextSetBit(i + 1)) {
            moved.set((int) (i + shift));
        }
        moved.set((int) (shift - 1));
        s.seen.clear();
        s.seen.or(moved);
    }
}
