package dev.cascade.cloud.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShadowLaneTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void whileBusy_aBatchBeyondTheBound_isRefusedAtOnce_andNeverRuns_sessionJobsStillQueue() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (ShadowLane lane = new ShadowLane("test-shadow", 4)) {
            assertThat(lane.offer(1, () -> {
                started.countDown();
                await(release);
                ran.add("slow");
            })).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lane.offer(3, () -> ran.add("fits"))).as("1 + 3 windows fit a bound of 4").isTrue();
            long t0 = System.nanoTime();
            assertThat(lane.offer(1, () -> ran.add("over"))).as("a fifth window is over the bound").isFalse();
            assertThat(System.nanoTime() - t0).as("refused without waiting for the slow job")
                    .isLessThan(TimeUnit.SECONDS.toNanos(1));
            lane.control(() -> ran.add("session"));
            assertThat(lane.queuedWindows()).isEqualTo(4);

            release.countDown();
            assertThat(lane.await(() -> ran.add("closed"), WAIT)).isTrue();
            assertThat(ran).containsExactly("slow", "fits", "session", "closed");
            assertThat(lane.queuedWindows()).isZero();
            assertThat(lane.offer(4, () -> ran.add("again"))).as("room again once the lane caught up").isTrue();
        }
    }

    @Test
    void aBatchLargerThanTheBound_isTakenWhenTheLaneIsIdle() {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (ShadowLane lane = new ShadowLane("test-shadow", 4)) {
            assertThat(lane.offer(64, () -> ran.add("big"))).isTrue();
            assertThat(lane.await(() -> {}, WAIT)).isTrue();
            assertThat(ran).containsExactly("big");
        }
    }

    @Test
    void jobsRun_onTheLanesOwnThread_andAFailingOneDoesNotStopTheNext() {
        List<String> threads = new CopyOnWriteArrayList<>();
        try (ShadowLane lane = new ShadowLane("test-shadow-7", 100)) {
            lane.control(() -> {
                throw new IllegalStateException("session cannot open");
            });
            lane.offer(1, () -> {
                throw new IllegalStateException("model threw");
            });
            lane.offer(1, () -> threads.add(Thread.currentThread().getName()));
            assertThat(lane.await(() -> threads.add(Thread.currentThread().getName()), WAIT)).isTrue();
            assertThat(threads).containsExactly("test-shadow-7", "test-shadow-7");
            assertThat(lane.queuedWindows()).isZero();
        }
    }

    @Test
    void afterClose_offersAreRefused_andAwaitReturnsFalse() {
        ShadowLane lane = new ShadowLane("test-shadow", 4);
        lane.close();
        assertThat(lane.offer(1, () -> {})).isFalse();
        assertThat(lane.queuedWindows()).isZero();
        assertThat(lane.await(() -> {}, WAIT)).isFalse();
    }

    @Test
    void await_givesUpAfterItsTimeout_whileAnEarlierJobStillRuns() {
        CountDownLatch release = new CountDownLatch(1);
        try (ShadowLane lane = new ShadowLane("test-shadow", 4)) {
            lane.offer(1, () -> await(release));
            assertThat(lane.await(() -> {}, Duration.ofMillis(200))).isFalse();
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
