package com.emailchannel.api;

import com.emailchannel.ratelimit.TokenBuckets;
import java.nio.ByteBuffer;

/**
 * The request rate of each API key (per instance): a token bucket per key hash; a request beyond it is 429 with
 * the seconds until the key may send again.
 */
public final class ApiRateLimits {

    private final TokenBuckets<ByteBuffer> buckets;

    public ApiRateLimits(TokenBuckets<ByteBuffer> buckets) {
        this.buckets = buckets;
    }

    /** Takes one request from the key's allowance, or refuses it with {@link RateLimited}. */
    public void admit(byte[] apiKeyHash) {
        long waitMillis = buckets.take(ByteBuffer.wrap(apiKeyHash));
        if (waitMillis > 0) {
            throw new RateLimited(Math.max(1, (waitMillis + 999) / 1000));
        }
    }
}
