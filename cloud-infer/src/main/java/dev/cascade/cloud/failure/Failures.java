package dev.cascade.cloud.failure;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Classifies the failures of a worker's consume-transform-produce loop (bad records are refused before this). */
public final class Failures {
    private Failures() {}

    /**
     * {@link FailureClass#FATAL} for failures no retry can cure (anywhere in the cause chain): the producer fenced by
     * another instance with the same transactional id, a fenced static member, refused credentials or rights, a broker
     * too old for transactions, invalid client configuration; {@link FailureClass#RETRIABLE} for everything else.
     * Suppressed exceptions count (an abort that failed because the producer was fenced).
     */
    public static FailureClass classify(Throwable failure) {
        return fatal(failure, 0) ? FailureClass.FATAL : FailureClass.RETRIABLE;
    }

    private static boolean fatal(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
                    || t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException || t instanceof InvalidConfigurationException) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (fatal(s, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A one-line description naming the failure's class and the first message in its cause chain. */
    public static String describe(Throwable failure) {
        StringBuilder b = new StringBuilder(failure.getClass().getSimpleName());
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
                break;
            }
        }
        return b.toString();
    }
}
