package dev.cascade.protocol.codec;

import java.util.Optional;

/** The outcome of decoding bytes from the wire: a value, or a rejection with its reason. Never an exception. */
public sealed interface Decoded<T> permits Decoded.Accepted, Decoded.Rejected {

    static <T> Decoded<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Decoded<T> rejected(RejectReason reason, String detail) {
        return new Rejected<>(new Rejection(reason, detail));
    }

    boolean isAccepted();

    /** The value, or empty if rejected. */
    Optional<T> value();

    /** The value; throws {@link IllegalStateException} with the rejection if there is none. */
    T orElseThrow();

    record Accepted<T>(T get) implements Decoded<T> {
        @Override
        public boolean isAccepted() {
            return true;
        }

        @Override
        public Optional<T> value() {
            return Optional.of(get);
        }

        @Override
        public T orElseThrow() {
            return get;
        }
    }

    record Rejected<T>(Rejection rejection) implements Decoded<T> {
        @Override
        public boolean isAccepted() {
            return false;
        }

        @Override
        public Optional<T> value() {
            return Optional.empty();
        }

        @Override
        public T orElseThrow() {
            throw new IllegalStateException("rejected: " + rejection);
        }
    }
}
