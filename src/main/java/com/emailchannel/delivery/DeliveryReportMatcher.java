package com.emailchannel.delivery;

import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.outbound.OutboundMime;
import com.emailchannel.api.Ids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties a stored delivery report to the outbound message it is about, by the VERP return path it was sent to
 * ({@code bounce+<signed token>@domain}), else our ENVID, else the original Message-ID in the returned headers,
 * and says what it changes: status {@code delivered}, {@code bounced} (hard) or {@code soft_bounced}.
 */
public final class DeliveryReportMatcher {


    private static final Pattern ORIGINAL_MESSAGE_ID = Pattern.compile("(?im)^\\s*\"?Message-ID\"?\\s*[:=]\\s*\"?(<[^>\\s\"]+>)");
    private static final Pattern FEEDBACK_TYPE = Pattern.compile("(?im)^Feedback-Type:\\s*([A-Za-z-]+)");

    private final DeliveryReportParser parser = new DeliveryReportParser();
    private final MessageTokens tokens;
    private final ObjectMapper json;

    public DeliveryReportMatcher(MessageTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    /**
     * {@code matched} false when the report names no message or says nothing we act on; else {@code messageUuid}
     * or {@code originalMessageId}, {@code status}, {@code eventType}, {@code result} (hard, soft, delivered) and
     * {@code detail} (JSON).
     */
    public Map<String, Object> match(byte[] raw, String recipients) throws IOException {
        DeliveryReport report = parser.parse(raw);
        Map<String, Object> update = new HashMap<>();
        update.put("matched", false);
        if (report.recipients().isEmpty()) {
            return update;
        }
        UUID message = tokens.inAddresses(OutboundMime.BOUNCE, recipients).orElseGet(() -> Ids.parse(report.envelopeId()));
        if (message == null && report.originalMessageId() == null) {
            return update;
        }
        DeliveryReport.Outcome outcome = report.recipients().get(0);
        String status = switch (outcome.result()) {
            case "delivered" -> "delivered";
            case "hard" -> "bounced";
            default -> "soft_bounced";
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("enhancedCode", outcome.status().isEmpty() ? null : outcome.status());
        detail.put("diagnostic", outcome.diagnostic().isEmpty() ? null : outcome.diagnostic());
        detail.put("bounceType", outcome.result().equals("delivered") ? null : outcome.result());
        detail.put("recipient", outcome.recipient());
        detail.put("source", "delivery report");
        update.put("matched", true);
        update.put("messageUuid", message);
        update.put("originalMessageId", report.originalMessageId());
        update.put("status", status);
        update.put("eventType", status);
        update.put("result", outcome.result());
        try {
            update.put("detail", json.writeValueAsString(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return update;
    }

    /**
     * A complaint (RFC 5965 ARF feedback report, or an SES complaint notification) about one of our messages: our
     * VERP address appears in it (ARF Original-Mail-From, SES source), else the original Message-ID does.
     */
    public Map<String, Object> complaint(byte[] raw) {
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        Map<String, Object> update = new HashMap<>();
        UUID message = tokens.inAddresses(OutboundMime.BOUNCE, text).orElse(null);
        Matcher messageId = ORIGINAL_MESSAGE_ID.matcher(text);
        String originalMessageId = null;
        while (messageId.find()) {
            originalMessageId = messageId.group(1);
        }
        Matcher feedbackType = FEEDBACK_TYPE.matcher(text);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("feedbackType", feedbackType.find() ? feedbackType.group(1).toLowerCase(java.util.Locale.ROOT) : "abuse");
        detail.put("source", "complaint report");
        update.put("matched", message != null || originalMessageId != null);
        update.put("messageUuid", message);
        update.put("originalMessageId", originalMessageId);
        try {
            update.put("detail", json.writeValueAsString(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return update;
    }

}
