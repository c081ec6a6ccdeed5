package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(5, Duration.ofSeconds(60), Duration.ofMinutes(10),
            Duration.ofHours(24));
    private final Instant accepted = Instant.parse("2026-11-25T06:00:00Z");

    @RepeatedTest(20)
    void shouldBackOffExponentiallyWithJitterUpToTheCap() {
        Instant now = accepted.plusSeconds(1);
        assertThat(delay(1, now)).isBetween(30_000L, 90_000L);
        assertThat(delay(2, now)).isBetween(60_000L, 180_000L);
        assertThat(delay(4, now)).isBetween(240_000L, 720_000L);
        RetrySchedule late = new RetrySchedule(50, Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofHours(24));
        assertThat(late.next(20, accepted, now).orElseThrow().toEpochMilli() - now.toEpochMilli())
                .isBetween(300_000L, 900_000L);
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptOrOnceTooOld() {
        assertThat(schedule.next(5, accepted, accepted.plusSeconds(1))).isEmpty();
        assertThat(schedule.next(1, accepted, accepted.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(schedule.next(4, accepted, accepted.plus(Duration.ofHours(23)))).isPresent();
    }

    private long delay(int attempts, Instant now) {
        return schedule.next(attempts, accepted, now).orElseThrow().toEpochMilli() - now.toEpochMilli();
    }
}
