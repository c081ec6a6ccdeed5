package com.emailchannel.send;

import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.Ids;
import com.emailchannel.api.JsonFields;
import com.emailchannel.api.JsonRequests;
import com.emailchannel.mail.EmailAddresses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Validates send requests, single ({@code POST /v1/email/messages}) and batch, into the parameters the send
 * routes use. Every field error is reported at once (400); attachments past {@code send.max-attachment-bytes}
 * answer 413. A batch item that is invalid becomes that item's problem, the other items go on.
 */
public final class SendRequests {

    public static final int MAX_BATCH = 500;
    static final int MAX_SUBJECT = 998;
    static final int MAX_BODY = 5 * 1024 * 1024;
    static final int MAX_ATTACHMENTS = 100;

    private final JsonRequests requests;
    private final ObjectMapper json;
    private final long maxAttachmentBytes;

    public SendRequests(JsonRequests requests, ObjectMapper json, long maxAttachmentBytes) {
        this.requests = requests;
        this.json = json;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** One message: the parameters of {@code direct:send-one}. */
    public Map<String, Object> message(String contentType, byte[] body, String idempotencyKey) {
        JsonFields fields = requests.read(contentType, body);
        String key = idempotencyKey(idempotencyKey);
        String useCaseId = fields.requiredString("useCaseId", 64);
        return read(fields, useCaseId, key);
    }

    /**
     * A batch: one entry per message in order, either its parameters or the {@link ApiProblem} that refuses it.
     * With an Idempotency-Key, item {@code i} uses the key {@code <key>:<i>}, so a retried batch answers each
     * item as the first time, item by item, even if the first attempt stopped half-way.
     */
    public List<Object> batch(String contentType, byte[] body, String idempotencyKey) {
        JsonFields fields = requests.read(contentType, body);
        String key = idempotencyKey(idempotencyKey);
        String useCaseId = fields.requiredString("useCaseId", 64);
        if (!(fields.object().get("messages") instanceof ArrayNode messages) || messages.isEmpty()) {
            fields.reject("messages", "must be a non-empty array");
            fields.validate();
            throw new IllegalStateException("unreachable");
        }
        if (messages.size() > MAX_BATCH) {
            fields.reject("messages", "must have at most " + MAX_BATCH + " messages");
        }
        fields.validate();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof ObjectNode message)) {
                items.add(ApiProblem.invalid("messages[" + i + "]", "must be an object"));
                continue;
            }
            ObjectNode withUseCase = message.deepCopy().put("useCaseId", useCaseId);
            try {
                items.add(read(new JsonFields(withUseCase), useCaseId, key == null ? null : key + ":" + i));
            } catch (ApiProblem problem) {
                items.add(problem);
            }
        }
        return items;
    }

    private Map<String, Object> read(JsonFields fields, String useCaseId, String idempotencyKey) {
        String toInput = fields.requiredString("to", 254);
        String to = EmailAddresses.normalise(toInput);
        if (toInput != null && to == null) {
            fields.reject("to", "must be an email address such as patient@example.org");
        }
        String subject = fields.requiredString("subject", MAX_SUBJECT);
        String text = fields.optionalText("text", MAX_BODY);
        String html = fields.optionalText("html", MAX_BODY);
        if (text == null && html == null && !fields.hasError("text") && !fields.hasError("html")) {
            fields.reject("text", "text or html is required");
        }
        String inReplyTo = fields.optionalString("inReplyTo", 64);
        Map<String, String> metadata = fields.optionalStringMap("metadata", 50, 64, 1000);
        long attachmentBytes = 0;
        ArrayNode attachments = json.createArrayNode();
        for (JsonFields attachment : fields.objects("attachments", MAX_ATTACHMENTS)) {
            long size = Attachments.check(attachment);
            if (size >= 0) {
                attachmentBytes += size;
                ObjectNode item = attachment.object();
                attachments.addObject()
                        .put("filename", item.get("filename").textValue().strip())
                        .put("contentType", item.hasNonNull("contentType")
                                ? item.get("contentType").textValue().strip().toLowerCase(java.util.Locale.ROOT)
                                : "application/octet-stream")
                        .set("content", item.get("content"));
            }
        }
        fields.validate();
        if (attachmentBytes > maxAttachmentBytes) {
            throw new ApiProblem(413, "too-large", "Payload too large", "attachments add up to " + attachmentBytes
                    + " bytes; the limit is " + maxAttachmentBytes);
        }
        UUID useCase = Ids.parse(useCaseId);
        if (useCase == null) {
            throw ApiProblem.notFound("use case " + useCaseId);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("useCaseId", useCase);
        params.put("to", to);
        params.put("subject", subject);
        params.put("text", text);
        params.put("html", html);
        params.put("inReplyTo", inReplyTo);
        params.put("metadata", write(metadata));
        params.put("attachments", write(attachments));
        params.put("idempotencyKey", idempotencyKey);
        params.put("requestHash", idempotencyKey == null ? null : hash(fields.object()));
        return params;
    }

    private static String idempotencyKey(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String key = header.strip();
        if (key.length() > 255 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw ApiProblem.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }

    private byte[] hash(ObjectNode request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("request hash failed", e);
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
