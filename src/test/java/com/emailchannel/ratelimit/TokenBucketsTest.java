package com.emailchannel.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong clock = new AtomicLong();
    private final TokenBuckets<String> buckets = new TokenBuckets<>(4, 2, clock::get);

    @Test
    void shouldGiveTheBurstThenSayHowLongUntilTheNextToken() {
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(250);

        clock.addAndGet(100_000_000L);
        assertThat(buckets.take("a")).isEqualTo(150);

        clock.addAndGet(150_000_000L);
        assertThat(buckets.take("a")).isZero();
    }

    @Test
    void shouldKeepABucketPerKeyAndNeverMoreThanTheBurst() {
        buckets.take("a");
        buckets.take("a");
        assertThat(buckets.take("b")).isZero();

        clock.addAndGet(10_000_000_000L);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isPositive();
        assertThat(buckets.refillMillis()).isEqualTo(250);
    }

    @Test
    void shouldRefuseANonPositiveRate() {
        assertThatThrownBy(() -> new TokenBuckets<String>(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
