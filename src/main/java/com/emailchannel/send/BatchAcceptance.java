package com.emailchannel.send;

import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.ProblemJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accepts a batch send as a set instead of message by message: one lookup reads the use case, the active
 * suppressions of every recipient and the stored answers of every item's Idempotency-Key, this bean decides each
 * item with the same rules as a single send ({@link NewMessages}), and one statement stores every accepted message.
 * Replies (their thread comes from the inbound message they answer) and, when that statement fails, the messages it
 * held go through the single-message route one by one. Item answers, in request order:
 * {@code {"status":202,"id","messageId","threadId"}} or {@code {"status":4xx,"error":{problem}}}.
 */
public final class BatchAcceptance {

    private final NewMessages newMessages;
    private final ObjectMapper json;

    public BatchAcceptance(NewMessages newMessages, ObjectMapper json) {
        this.newMessages = newMessages;
        this.json = json;
    }

    /** The plan of a validated batch ({@link SendRequests#batch}): invalid items are answered with their problem. */
    public BatchPlan plan(List<Object> items) {
        BatchPlan plan = new BatchPlan(items.size());
        ArrayNode recipients = json.createArrayNode();
        ArrayNode keys = json.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ApiProblem problem) {
                refused(plan, i, problem);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) items.get(i);
            plan.undecided.put(i, request);
            recipients.add((String) request.get("to"));
            if (request.get("idempotencyKey") != null) {
                keys.add((String) request.get("idempotencyKey"));
            }
        }
        plan.recipients = recipients.toString();
        plan.keys = keys.toString();
        return plan;
    }

    /**
     * Decides every undecided item from the lookup row: the use case's columns (all null when the workspace has no
     * such use case), {@code suppressions} (JSON: recipient → its active reasons in scope, oldest first) and
     * {@code answers} (JSON: Idempotency-Key → {"hash": base64 request hash, "response": the first answer}).
     * A repeated key replays its first answer (or 409), then the use-case and suppression rules refuse, replies go
     * one by one, and the rest are prepared for the acceptance statement.
     */
    public void decide(BatchPlan plan, Map<String, Object> lookup) {
        JsonNode suppressions = tree(lookup.get("suppressions"));
        JsonNode firstAnswers = tree(lookup.get("answers"));
        ArrayNode rows = json.createArrayNode();
        for (Map.Entry<Integer, Map<String, Object>> item : plan.undecided.entrySet()) {
            int index = item.getKey();
            Map<String, Object> request = item.getValue();
            try {
                Object key = request.get("idempotencyKey");
                JsonNode first = key == null ? null : firstAnswers.get(key.toString());
                if (first != null) {
                    accepted(plan, index, newMessages.replay(request, stored(first)));
                    continue;
                }
                newMessages.admit(request, lookup, suppressions.path(String.valueOf(request.get("to"))).textValue());
                if (request.get("inReplyTo") != null) {
                    plan.oneByOne.add(Map.of("index", index, "request", request));
                    continue;
                }
                Map<String, Object> prepared = newMessages.prepare(request, lookup, null);
                plan.toStore.put(index, new BatchPlan.ToStore(request, prepared));
                rows.add(row(prepared));
            } catch (ApiProblem problem) {
                refused(plan, index, problem);
            }
        }
        plan.undecided.clear();
        plan.rows = rows.toString();
    }

    /** The acceptance statement committed: every message it held is accepted. */
    public void stored(BatchPlan plan) {
        plan.toStore.forEach((index, message) -> accepted(plan, index, answer(message.prepared())));
        plan.toStore.clear();
    }

    /**
     * The acceptance statement failed (nothing of it was stored): its messages go one by one, so one that cannot be
     * stored (e.g. its Idempotency-Key taken by a concurrent request meanwhile) does not refuse the others.
     */
    public void storeFailed(BatchPlan plan) {
        plan.toStore.forEach((index, message) -> plan.oneByOne.add(Map.of("index", index, "request", message.request())));
        plan.toStore.clear();
    }

    public void accepted(BatchPlan plan, int index, Map<String, Object> answer) {
        Map<String, Object> item = new LinkedHashMap<>(answer);
        // "status" of a batch item is its HTTP status, as for a single send's answer code.
        item.put("status", 202);
        plan.answers.set(index, item);
    }

    public void refused(BatchPlan plan, int index, ApiProblem problem) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("status", problem.status());
        item.put("error", ProblemJson.document(problem));
        plan.answers.set(index, item);
    }

    /** The 207 body: every item's answer, in request order. */
    public Map<String, Object> answer(BatchPlan plan) {
        int missing = plan.answers.indexOf(null);
        if (missing >= 0) {
            throw new IllegalStateException("batch item " + missing + " was not decided");
        }
        return Map.of("items", plan.answers);
    }

    /** One message as a row of the acceptance statement's jsonb_to_recordset (column names as in the table). */
    private ObjectNode row(Map<String, Object> prepared) {
        ObjectNode row = json.createObjectNode();
        row.put("id", prepared.get("id").toString());
        row.put("workspace_id", prepared.get("workspaceId").toString());
        row.put("use_case_id", prepared.get("useCaseId").toString());
        row.put("setup_id", prepared.get("setupId").toString());
        row.put("message_id", (String) prepared.get("messageId"));
        row.put("thread_id", prepared.get("threadId").toString());
        row.put("email_type", (String) prepared.get("emailType"));
        row.put("from_address", (String) prepared.get("fromAddress"));
        row.put("from_name", (String) prepared.get("fromName"));
        row.put("to_address", (String) prepared.get("to"));
        row.put("subject", (String) prepared.get("subject"));
        row.put("text_body", (String) prepared.get("text"));
        row.put("html_body", (String) prepared.get("html"));
        // already JSON text: embedded as it is instead of parsed and written again
        row.putRawValue("metadata", new RawValue((String) prepared.get("metadata")));
        row.putRawValue("attachments", new RawValue((String) prepared.get("attachments")));
        row.put("priority", (Integer) prepared.get("priority"));
        row.put("event_id", prepared.get("eventId").toString());
        row.put("idempotency_key", (String) prepared.get("idempotencyKey"));
        byte[] hash = (byte[]) prepared.get("requestHash");
        row.put("request_hash", hash == null ? null : Base64.getEncoder().encodeToString(hash));
        row.putRawValue("answer", new RawValue((String) prepared.get("answerJson")));
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> answer(Map<String, Object> prepared) {
        return (Map<String, Object>) prepared.get("answer");
    }

    /** A stored first answer in the shape {@link NewMessages#replay} reads from the idempotency_keys row. */
    private static Map<String, Object> stored(JsonNode first) {
        Map<String, Object> stored = new HashMap<>();
        stored.put("request_hash", Base64.getDecoder().decode(first.get("hash").asText()));
        stored.put("response", first.get("response").toString());
        return stored;
    }

    private JsonNode tree(Object jsonObject) {
        if (jsonObject == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(jsonObject.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("batch lookup is not readable JSON", e);
        }
    }
}
