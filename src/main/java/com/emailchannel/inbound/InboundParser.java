package com.emailchannel.inbound;

import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.outbound.OutboundMime;
import com.emailchannel.setup.DomainNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a drained message (its IMAP envelope and raw bytes) into what the inbound route stores: the walked body
 * and parts with their stored names and hashes, the classification, the recipient domains that route it to a
 * setup, and the Message-IDs it answers, newest first (In-Reply-To, then References from the end).
 */
public final class InboundParser {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final List<String> RECIPIENT_HEADERS = List.of("to", "cc", "delivered-to", "x-original-to",
            "envelope-to");

    private final MimeWalk walk;
    private final ObjectMapper json;
    private final MessageTokens tokens;

    public InboundParser(MimeWalk walk, ObjectMapper json, MessageTokens tokens) {
        this.walk = walk;
        this.json = json;
        this.tokens = tokens;
    }

    public Map<String, Object> parse(Map<String, Object> envelope) throws IOException {
        byte[] raw = (byte[]) envelope.get("raw");
        WalkedMessage message = walk.walk(new ByteArrayInputStream(raw));
        Set<String> recipients = new LinkedHashSet<>();
        for (String header : RECIPIENT_HEADERS) {
            for (String value : message.headers(header)) {
                recipients.addAll(addresses(value));
            }
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String address : recipients) {
            String domain = DomainNames.normalise(address.substring(address.lastIndexOf('@') + 1));
            if (domain != null) {
                domains.add(domain);
            }
        }
        String messageId = firstMessageId(message.header("message-id"));
        List<String> references = messageIds(message.header("references"));
        List<String> answers = new ArrayList<>(messageIds(message.header("in-reply-to")));
        List<String> newestFirst = new ArrayList<>(references);
        Collections.reverse(newestFirst);
        answers.addAll(newestFirst);

        Map<String, Object> params = new java.util.HashMap<>(envelope);
        params.put("id", UUID.randomUUID());
        params.put("messageId", storable(messageId));
        // The identity that dedupes across UIDVALIDITY changes: the Message-ID, or for mail without one (bounces
        // often lack it) the message's own bytes.
        params.put("messageIdHash", messageId == null ? sha256(raw) : sha256(messageId.getBytes(StandardCharsets.UTF_8)));
        List<String> from = addresses(message.header("from"));
        params.put("fromAddress", storable(from.isEmpty() ? message.header("from") : from.get(0)));
        params.put("toAddresses", storable(String.join(", ", recipients)));
        params.put("subject", storable(message.header("subject")));
        params.put("text", storable(message.text()));
        params.put("html", storable(message.html()));
        params.put("inReplyTo", storable(firstMessageId(message.header("in-reply-to"))));
        params.put("references", references.isEmpty() ? null : storable(String.join(" ", references)));
        params.put("classification", InboundClassifier.classify(message, String.join(",", recipients)));
        params.put("flags", String.join(",", message.flags()));
        params.put("recipientDomains", String.join(",", domains));
        params.put("answers", String.join(" ", new LinkedHashSet<>(answers)));
        params.put("replyTokenMessage", tokens.inAddresses(OutboundMime.REPLY, String.join(",", recipients)).orElse(null));
        params.put("attachments", attachments(message));
        return params;
    }

    private String attachments(WalkedMessage message) {
        List<String> names = AttachmentNames.assign(message);
        ArrayNode items = json.createArrayNode();
        for (int i = 0; i < names.size(); i++) {
            WalkedPart part = message.parts().get(i);
            boolean inline = message.isInline(part);
            items.addObject()
                    .put("filename", names.get(i))
                    .put("contentType", part.contentType())
                    .put("size", part.content().length)
                    .put("inline", inline)
                    .put("contentId", storable(part.contentId()))
                    .put("sha256", HexFormat.of().formatHex(sha256(part.content())))
                    .put("content", Base64.getEncoder().encodeToString(part.content()));
        }
        try {
            return json.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Text as PostgreSQL can store it: NUL characters, which real mail does carry, are dropped (the raw bytes keep
     * them). Without this one such message would fail to store at every poll.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }


    static List<String> addresses(String header) {
        List<String> result = new ArrayList<>();
        if (header == null) {
            return result;
        }
        try {
            for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                if (address.getAddress() != null && address.getAddress().contains("@")) {
                    result.add(address.getAddress().strip());
                }
            }
        } catch (AddressException e) {
            Matcher bare = Pattern.compile("[^\\s<>,;\"]+@[^\\s<>,;\"]+").matcher(header);
            while (bare.find()) {
                result.add(bare.group());
            }
        }
        return result;
    }

    static List<String> messageIds(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher matcher = MESSAGE_ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group());
            }
        }
        return ids;
    }

    private static String firstMessageId(String header) {
        List<String> ids = messageIds(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
