package com.emailchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The message headers an HTTP answer may carry: the ones routes set on purpose. Every other header on the exchange
 * (the client's own request headers such as Authorization or Idempotency-Key, and the routes' working headers
 * such as SQL results) stays inside Camel.
 * <ul>
 * <li>As a processor (route {@code reply-json}) it removes the other headers before the answer is written: the
 * HTTP server would otherwise turn every header value into a string, a whole SQL row among them, only to filter
 * it out. A set lookup per name, where {@code removeHeaders} with an exclude pattern compiles a regular expression
 * per header per call.</li>
 * <li>As platform-http's header filter it is the safety net of every route: a route that forgets to clean up
 * still cannot echo a request header back. Request headers come into the exchange as
 * {@link HttpHeaderFilterStrategy} lets them.</li>
 * </ul>
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy implements Processor {

    static final Set<String> SENT = caseInsensitive("Location", "Retry-After", "WWW-Authenticate", "Cache-Control",
            "Content-Disposition", "Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }

    /** Keeps the headers an answer may carry and the status code the route chose. */
    @Override
    public void process(Exchange exchange) {
        keepOnlySent(exchange.getMessage());
    }

    static void keepOnlySent(Message message) {
        List<String> others = new ArrayList<>();
        for (String name : message.getHeaders().keySet()) {
            if (!SENT.contains(name) && !name.equals(Exchange.HTTP_RESPONSE_CODE)) {
                others.add(name);
            }
        }
        others.forEach(message::removeHeader);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
