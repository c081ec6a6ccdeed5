package com.emailchannel.inbound;

import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.db.RowIds;
import com.emailchannel.outbound.OutboundMime;
import com.emailchannel.setup.DomainNames;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a drained message (its IMAP envelope and raw bytes) into what the inbound route stores: the walked body
 * and parts with their stored names and hashes, the classification, the recipient domains that route it to a
 * setup, and the Message-IDs it answers, newest first (In-Reply-To, then References from the end). The raw bytes
 * are walked from the message's spool and each part's bytes stay there ({@link InboundAttachment}): nothing here
 * holds a whole message.
 */
public final class InboundParser {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final List<String> RECIPIENT_HEADERS = List.of("to", "cc", "delivered-to", "x-original-to",
            "envelope-to");

    /** How much of a delivery report or complaint its readers get: the report comes first, a returned message last. */
    static final int REPORT_BYTES = 1024 * 1024;

    private final MimeWalk walk;
    private final MessageTokens tokens;

    public InboundParser(MimeWalk walk, MessageTokens tokens) {
        this.walk = walk;
        this.tokens = tokens;
    }

    /**
     * The envelope of {@link ImapEnvelope#read}: {@code raw} ({@link SpooledContent}) and {@code spool}
     * ({@link MessageSpool}, where the parts go), mailbox, UIDVALIDITY, UID.
     */
    public Map<String, Object> parse(Map<String, Object> envelope) throws IOException {
        SpooledContent raw = (SpooledContent) envelope.get("raw");
        WalkedMessage message;
        try (InputStream in = raw.openStream()) {
            message = walk.walk(in, (MessageSpool) envelope.get("spool"));
        }
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
        params.put("id", RowIds.next());
        params.put("messageId", storable(messageId));
        // The identity that dedupes across UIDVALIDITY changes: the Message-ID, or for mail without one (bounces
        // often lack it) the message's own bytes.
        params.put("messageIdHash", messageId == null ? raw.sha256() : sha256(messageId.getBytes(StandardCharsets.UTF_8)));
        List<String> from = addresses(message.header("from"));
        params.put("fromAddress", storable(from.isEmpty() ? message.header("from") : from.get(0)));
        params.put("toAddresses", storable(String.join(", ", recipients)));
        params.put("subject", storable(message.header("subject")));
        params.put("text", storable(message.text()));
        params.put("html", storable(message.html()));
        params.put("inReplyTo", storable(firstMessageId(message.header("in-reply-to"))));
        params.put("references", references.isEmpty() ? null : storable(String.join(" ", references)));
        String classification = InboundClassifier.classify(message, String.join(",", recipients));
        params.put("classification", classification);
        // what delivery tracking reads (delivery-reports.camel.yaml): the report's own bytes, not a returned message
        params.put("report", classification.equals("delivery_report") || classification.equals("complaint")
                ? raw.head(REPORT_BYTES) : null);
        params.put("flags", String.join(",", message.flags()));
        params.put("recipientDomains", String.join(",", domains));
        params.put("answers", String.join(" ", new LinkedHashSet<>(answers)));
        params.put("replyTokenMessage", tokens.inAddresses(OutboundMime.REPLY, String.join(",", recipients)).orElse(null));
        params.put("attachments", attachments(message));
        return params;
    }

    private static List<InboundAttachment> attachments(WalkedMessage message) {
        List<String> names = AttachmentNames.assign(message);
        List<InboundAttachment> attachments = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            WalkedPart part = message.parts().get(i);
            attachments.add(new InboundAttachment(names.get(i), part.contentType(), message.isInline(part),
                    storable(part.contentId()), part.content()));
        }
        return attachments;
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
