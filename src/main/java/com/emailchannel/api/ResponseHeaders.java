package com.emailchannel.api;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The message headers an HTTP response may carry: the ones routes set on purpose. Every other header on the
 * exchange (the client's own request headers such as Authorization or Idempotency-Key, and the routes' working
 * headers such as SQL results) stays inside Camel. Set on the platform-http component, so a route that forgets to
 * clean up cannot echo a request header back, and routes need no header-removal step of their own before they
 * answer. Request headers still come into the exchange as {@link HttpHeaderFilterStrategy} lets them.
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy {

    static final Set<String> SENT = caseInsensitive("Location", "Retry-After", "WWW-Authenticate", "Cache-Control",
            "Content-Disposition", "Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
