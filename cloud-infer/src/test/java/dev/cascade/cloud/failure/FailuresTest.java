package dev.cascade.cloud.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void fencedProducer_isFatal_evenWrapped() {
        assertThat(Failures.classify(new KafkaException("commit failed", new ProducerFencedException("newer epoch"))))
                .isEqualTo(FailureClass.FATAL);
    }

    @Test
    void failureWhoseAbortWasFenced_isFatal() {
        KafkaException e = new KafkaException("commit failed");
        e.addSuppressed(new ProducerFencedException("newer epoch"));
        assertThat(Failures.classify(e)).isEqualTo(FailureClass.FATAL);
    }

    @Test
    void refusedCredentialsOrRights_areFatal() {
        assertThat(Failures.classify(new SaslAuthenticationException("bad password"))).isEqualTo(FailureClass.FATAL);
        assertThat(Failures.classify(new TopicAuthorizationException("no write to results"))).isEqualTo(FailureClass.FATAL);
    }

    @Test
    void timeoutsAndLeaderChanges_areRetriable() {
        assertThat(Failures.classify(new TimeoutException("expired"))).isEqualTo(FailureClass.RETRIABLE);
        assertThat(Failures.classify(new KafkaException("send failed", new NotLeaderOrFollowerException("moved"))))
                .isEqualTo(FailureClass.RETRIABLE);
    }

    @Test
    void describe_namesTheClassAndTheFirstMessage() {
        assertThat(Failures.describe(new KafkaException(new ProducerFencedException("epoch 3 is older than 4"))))
                .isEqualTo("KafkaException: org.apache.kafka.common.errors.ProducerFencedException: epoch 3 is older than 4");
    }
}
