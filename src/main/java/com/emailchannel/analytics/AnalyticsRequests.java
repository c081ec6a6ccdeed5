package com.emailchannel.analytics;

import com.emailchannel.api.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The window of {@code GET /v1/email/analytics} ({@code from} inclusive, {@code to} exclusive, RFC 3339; default
 * the last 30 days) and the answer: counts over the messages accepted in the window, and rates over the messages
 * sent (handed to the relay). "delivered" needs the receiving side's success report, so it may trail "sent".
 */
public final class AnalyticsRequests {

    public Map<String, Object> window(String from, String to) {
        Instant end = to == null || to.isBlank() ? Instant.now() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiProblem.invalid("from", "must be before to");
        }
        Map<String, Object> window = new HashMap<>();
        window.put("from", OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
        window.put("to", OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
        return window;
    }

    public Map<String, Object> answer(Map<String, Object> counts, Map<String, Object> window) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", ((OffsetDateTime) window.get("from")).toInstant().toString());
        answer.put("to", ((OffsetDateTime) window.get("to")).toInstant().toString());
        for (String name : new String[] {"sent", "delivered", "softBounced", "bounced", "complained", "unsubscribed",
            "uniqueOpens", "uniqueClicks"}) {
            answer.put(name, ((Number) counts.get(name.toLowerCase(java.util.Locale.ROOT))).longValue());
        }
        long sent = (Long) answer.get("sent");
        answer.put("deliveryRate", rate(answer.get("delivered"), sent));
        answer.put("bounceRate", rate(answer.get("bounced"), sent));
        answer.put("complaintRate", rate(answer.get("complained"), sent));
        answer.put("openRate", rate(answer.get("uniqueOpens"), sent));
        answer.put("clickRate", rate(answer.get("uniqueClicks"), sent));
        return answer;
    }

    private static double rate(Object count, long sent) {
        return sent == 0 ? 0.0 : Math.round(((Long) count) * 10000.0 / sent) / 10000.0;
    }

    private static Instant instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }
}
