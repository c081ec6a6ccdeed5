package com.emailchannel.outbound;

import com.emailchannel.db.RowIds;
import com.emailchannel.db.Rows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what happened at the relay into the row the dispatcher records: {@code next} is {@code sent},
 * {@code bounced}, {@code failed} or {@code retry}; {@code event_type} and {@code detail} go to the message's
 * events; {@code due_at} is set for a retry. The keys are the columns of the recording statement's recordset.
 */
public final class DispatchOutcomes {

    private final RetrySchedule schedule;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public DispatchOutcomes(RetrySchedule schedule, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.schedule = schedule;
        this.json = json;
    }

    public Map<String, Object> sent(Map<String, Object> claim) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("smtpCode", 250);
        detail.put("attempt", claim.get("attempts"));
        return outcome(claim, "sent", "sent", detail, null);
    }

    public Map<String, Object> failed(Map<String, Object> claim, Throwable failure) {
        SmtpOutcome outcome = SmtpOutcome.of(failure);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("smtpCode", outcome.code() == 0 ? null : outcome.code());
        detail.put("enhancedCode", outcome.enhancedCode());
        detail.put("diagnostic", outcome.diagnostic());
        detail.put("attempt", claim.get("attempts"));
        switch (outcome.kind()) {
            case BOUNCE -> {
                detail.put("bounceType", "hard");
                return outcome(claim, "bounced", "bounced", detail, null);
            }
            case REJECT -> {
                return outcome(claim, "failed", "failed", detail, null);
            }
            default -> {
                int attempts = ((Number) claim.get("attempts")).intValue();
                Optional<Instant> due = schedule.next(attempts, Rows.instant(claim.get("created_at")), Instant.now());
                if (due.isEmpty()) {
                    detail.put("reason", "gave up after " + attempts + " attempts");
                    return outcome(claim, "failed", "failed", detail, null);
                }
                detail.put("nextAttemptAt", due.get().toString());
                return outcome(claim, "retry", "deferred", detail, due.get());
            }
        }
    }

    /** The outcomes of several messages as one JSON array, the rows of the statement that records them. */
    public String records(List<Map<String, Object>> outcomes) {
        try {
            return json.writeValueAsString(outcomes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> outcome(Map<String, Object> claim, String next, String eventType,
            Map<String, Object> detail, Instant dueAt) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("message_id", claim.get("id").toString());
        update.put("next", next);
        update.put("event_id", RowIds.next().toString());
        update.put("event_type", eventType);
        update.put("due_at", dueAt == null ? null : dueAt.toString());
        update.put("last_error", "retry".equals(next) ? detail.get("diagnostic") : null);
        update.put("detail", detail);
        return update;
    }
}
