package com.emailchannel.api;

/** 429: the caller sent more requests than its rate allows; {@code Retry-After} says when to come back. */
public class RateLimited extends ApiProblem {

    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        super(429, "rate-limited", "Too many requests",
                "This API key's request rate is exceeded; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
