package com.emailchannel.send;

import com.emailchannel.api.Conflict;
import com.emailchannel.api.NotFound;
import com.emailchannel.db.RowIds;
import com.emailchannel.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Decides whether a validated send request may be accepted for its use case, and completes it with what the
 * acceptance stores: ids, the Message-ID at the setup's domain, the sender, the dispatch priority (transactional
 * before marketing) and the 202 answer, which is also what a repeated Idempotency-Key answers.
 */
public final class NewMessages {

    private final ObjectMapper json;

    public NewMessages(ObjectMapper json) {
        this.json = json;
    }

    /** The suppression reasons transactional sends honour; marketing sends honour every reason. */
    private static final java.util.Set<String> TRANSACTIONAL_HONOURS =
            java.util.Set.of("hard_bounce", "complaint", "unsubscribe", "manual");

    /**
     * Whether the use case may send the request, reading the recipient's suppressions from the use case row's
     * {@code active_suppressions} (see {@link #admit(Map, Map, String)}).
     */
    public Map<String, Object> admit(Map<String, Object> request, Map<String, Object> useCase) {
        return admit(request, useCase, useCase == null ? null : Rows.string(useCase, "active_suppressions"));
    }

    /**
     * Whether the use case may send the request: 404 when there is no such use case in the workspace
     * ({@code useCase} null or without id), 409 unless it is active and its setup verified, 422 when the recipient
     * has an active suppression in scope that a send of its type honours ({@code activeSuppressions}: the
     * recipient's reasons, comma-separated, oldest first).
     */
    public Map<String, Object> admit(Map<String, Object> request, Map<String, Object> useCase,
            String activeSuppressions) {
        if (useCase == null || useCase.get("id") == null) {
            throw new NotFound("use case " + request.get("useCaseId"));
        }
        if (!"active".equals(useCase.get("status"))) {
            throw new Conflict("use case " + useCase.get("id") + " is inactive");
        }
        if (!"verified".equals(useCase.get("setup_status")) || useCase.get("setup_deleted_at") != null) {
            throw new Conflict("the setup of use case " + useCase.get("id") + " is not verified");
        }
        String reason = suppressedFor(Rows.string(useCase, "email_type"), activeSuppressions);
        if (reason != null) {
            throw new Suppressed(reason);
        }
        return request;
    }

    /**
     * The reason a recipient may not be sent to by a use case of this type, or null: the oldest of its active
     * suppressions (comma-separated, oldest first) that a send of the type honours (marketing: all; transactional:
     * the definitive ones, not soft bounces).
     */
    public static String suppressedFor(String emailType, String activeSuppressions) {
        if (activeSuppressions == null || activeSuppressions.isEmpty()) {
            return null;
        }
        boolean marketing = "marketing".equals(emailType);
        for (String reason : activeSuppressions.split(",")) {
            if (marketing || TRANSACTIONAL_HONOURS.contains(reason)) {
                return reason;
            }
        }
        return null;
    }

    public Map<String, Object> prepare(Map<String, Object> request, Map<String, Object> useCase,
            Map<String, Object> replyTo) {
        UUID id = RowIds.next();
        UUID threadId = replyTo == null ? RowIds.next() : reply(request, useCase, replyTo);
        String domain = Rows.string(useCase, "domain");
        String messageId = "<" + id + "@" + domain + ">";
        Map<String, Object> accepted = new LinkedHashMap<>(request);
        // every parameter of the acceptance statement is a key here, so it reads them by name
        accepted.putIfAbsent("inReplyToHeader", null);
        accepted.putIfAbsent("referencesHeader", null);
        accepted.putIfAbsent("repliedInboundId", null);
        accepted.put("workspaceId", useCase.get("workspace_id"));
        accepted.put("id", id);
        accepted.put("threadId", threadId);
        accepted.put("messageId", messageId);
        accepted.put("setupId", useCase.get("setup_id"));
        accepted.put("emailType", useCase.get("email_type"));
        accepted.put("fromAddress", useCase.get("sender_address"));
        accepted.put("fromName", useCase.get("sender_name"));
        accepted.put("priority", "transactional".equals(useCase.get("email_type")) ? 0 : 1);
        accepted.put("eventId", RowIds.next());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id.toString());
        answer.put("messageId", messageId);
        answer.put("status", "queued");
        answer.put("threadId", threadId.toString());
        accepted.put("answer", answer);
        accepted.put("answerJson", write(answer));
        return accepted;
    }

    /**
     * A reply answers an inbound message of the same setup and, when that message is threaded, of the same use
     * case (409 otherwise). In-Reply-To is the inbound's Message-ID; References (RFC 5322 §3.6.4) is rebuilt from
     * our stored records: the References of the outbound it answered, that outbound's Message-ID, then the
     * inbound's, so a client that stripped or trimmed References does not shorten the chain.
     */
    private UUID reply(Map<String, Object> request, Map<String, Object> useCase, Map<String, Object> inbound) {
        if (!String.valueOf(inbound.get("setup_id")).equals(String.valueOf(useCase.get("setup_id")))
                || (inbound.get("use_case_id") != null
                        && !inbound.get("use_case_id").toString().equals(useCase.get("id").toString()))) {
            throw new Conflict("inbound message " + inbound.get("id") + " belongs to another use case or setup");
        }
        java.util.LinkedHashSet<String> chain = new java.util.LinkedHashSet<>();
        String parentMessageId = Rows.string(inbound, "parent_message_id");
        if (parentMessageId != null) {
            addIds(chain, Rows.string(inbound, "parent_references"));
            chain.add(parentMessageId);
        } else {
            addIds(chain, Rows.string(inbound, "references_header"));
        }
        String inboundMessageId = Rows.string(inbound, "message_id");
        if (inboundMessageId != null) {
            chain.add(inboundMessageId);
        }
        request.put("inReplyToHeader", inboundMessageId);
        request.put("referencesHeader", chain.isEmpty() ? null : String.join(" ", chain));
        request.put("repliedInboundId", inbound.get("id"));
        Object thread = inbound.get("thread_id");
        return thread == null ? RowIds.next() : UUID.fromString(thread.toString());
    }

    private static void addIds(java.util.Set<String> chain, String header) {
        if (header != null) {
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile("<[^<>\\s]+>").matcher(header);
            while (ids.find()) {
                chain.add(ids.group());
            }
        }
    }

    /** The stored first answer for a repeated Idempotency-Key, or 409 when the request differs. */
    public Map<String, Object> replay(Map<String, Object> request, Map<String, Object> stored) {
        if (!java.util.Arrays.equals((byte[]) stored.get("request_hash"), (byte[]) request.get("requestHash"))) {
            throw new Conflict("Idempotency-Key " + request.get("idempotencyKey")
                    + " was already used with a different request");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = json.readValue(stored.get("response").toString(), Map.class);
            return answer;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent answer is not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
