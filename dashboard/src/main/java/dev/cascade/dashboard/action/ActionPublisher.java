package dev.cascade.dashboard.action;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes operators' actions on the operator-actions topic (keyed by target) and waits until Kafka has them.
 * Uses a producer it does not own. Thread-safe.
 */
public final class ActionPublisher {
    private static final Logger log = LoggerFactory.getLogger(ActionPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final MeterRegistry registry;

    public ActionPublisher(Producer<String, byte[]> producer, Topics topics, Duration timeout, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topics.kafka(Channel.OPERATOR_ACTIONS);
        this.timeout = timeout;
        this.registry = registry;
    }

    /** Sends {@code action}; throws {@link ActionNotSentException} when Kafka did not take it in time. */
    public void publish(OperatorAction action) {
        try {
            producer.send(new ProducerRecord<>(topic, action.target(), Codecs.operatorAction().encode(action)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            registry.counter("cascade.dashboard.actions", "action", action.action().displayName()).increment();
            log.info("operator {} asked {} on {} (action {}){}", action.operator(), action.action().displayName(),
                    action.target(), action.actionId(), action.note().isEmpty() ? "" : ": " + action.note());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionNotSentException("interrupted sending " + action.action().displayName(), e);
        } catch (ExecutionException | TimeoutException e) {
            registry.counter("cascade.dashboard.action.failures").increment();
            throw new ActionNotSentException("Kafka did not take " + action.action().displayName() + " within "
                    + timeout.toMillis() + " ms: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** Kafka did not take an action (retriable: the operator may try again). */
    public static final class ActionNotSentException extends RuntimeException {
        ActionNotSentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
