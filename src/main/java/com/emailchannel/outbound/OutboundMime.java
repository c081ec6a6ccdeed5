package com.emailchannel.outbound;

import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.crypto.SecretBox;
import com.emailchannel.db.Rows;
import com.emailchannel.dkim.DkimSigner;
import com.emailchannel.setup.NewSetups;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Builds the MIME message of an accepted outbound row and signs it:
 * <ul>
 * <li>From the use case's sender (with its name), To, Subject (RFC 2047 when not ASCII), Date, the Message-ID
 * chosen at acceptance, Reply-To {@code reply+{token}@domain} (the reply token that threads replies);</li>
 * <li>text and/or html (multipart/alternative when both), attachments (multipart/mixed);</li>
 * <li>{@code List-Unsubscribe: <https://…/u/{token}>, <mailto:unsubscribe+{token}@domain>} and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058);</li>
 * <li>a DKIM signature with the setup's key;</li>
 * <li>the envelope: return path {@code bounce+{token}@domain} (VERP), DSN NOTIFY=SUCCESS,FAILURE,DELAY and
 * ENVID = the message id.</li>
 * </ul>
 * A message with attachments is written once to a spool file and sent from there, so a large attachment is not held
 * in memory again as encoded text; text and html alone are built in memory.
 */
public final class OutboundMime {

    public static final String UNSUBSCRIBE = "unsubscribe";
    public static final String BOUNCE = "bounce";
    public static final String REPLY = "reply";

    private final Session session = Session.getInstance(new java.util.Properties());
    private final SecretBox secrets;
    private final MessageTokens tokens;
    private final String publicBaseUrl;
    private final Path spool;
    private final Map<UUID, PrivateKey> signingKeys = new ConcurrentHashMap<>();
    private final EngagementTracking tracking;

    public OutboundMime(SecretBox secrets, MessageTokens tokens, String publicBaseUrl, Path spool) {
        this.secrets = secrets;
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        this.spool = spool;
        this.tracking = new EngagementTracking(tokens, publicBaseUrl);
    }

    /**
     * @param message     the message row joined with its setup's {@code domain}, {@code dkim_selector} and
     *                    {@code dkim_private_key_enc}
     * @param attachments its attachment rows in order (null: none, the dispatcher does not look them up then)
     */
    public SignedMessage build(Map<String, Object> message, List<Map<String, Object>> attachments)
            throws MessagingException, IOException {
        UUID id = (UUID) message.get("id");
        String domain = Rows.string(message, "domain");
        MimeMessage mime = unsigned(message, attachments == null ? List.of() : attachments, id, domain);
        if (attachments == null || attachments.isEmpty()) {
            // Text and html only: small enough that a spool file would cost more than it saves.
            ByteArrayOutputStream raw = new ByteArrayOutputStream(4096);
            mime.writeTo(raw);
            byte[] bytes = raw.toByteArray();
            String signature = signature(new ByteArrayInputStream(bytes), message, domain);
            return withEnvelope(new SignedMessage(session, bytes), signature, id, domain);
        }
        Files.createDirectories(spool);
        File file = Files.createTempFile(spool, "outbound-", ".eml").toFile();
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file.toPath()))) {
                mime.writeTo(out);
            }
            // signed before the message opens its file, so a failed signature leaves no open stream behind
            String signature;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()))) {
                signature = signature(in, message, domain);
            }
            return withEnvelope(new SignedMessage(session, file), signature, id, domain);
        } catch (MessagingException | IOException | RuntimeException e) {
            Files.deleteIfExists(file.toPath());
            throw e;
        }
    }

    /** The DKIM-Signature header field of the written message, read back from {@code written}. */
    private String signature(InputStream written, Map<String, Object> message, String domain) throws IOException {
        return DkimSigner.sign(written, domain, Rows.string(message, "dkim_selector"), signingKey(message));
    }

    /** Adds the signature and the SMTP envelope. */
    private SignedMessage withEnvelope(SignedMessage signed, String signature, UUID id, String domain)
            throws MessagingException {
        signed.addHeaderLine(signature);
        signed.setEnvelopeFrom(BOUNCE + "+" + tokens.issue(BOUNCE, id) + "@" + domain);
        signed.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE | SMTPMessage.NOTIFY_DELAY);
        signed.setReturnOption(SMTPMessage.RETURN_HDRS);
        signed.setMailExtension("ENVID=" + id);
        return signed;
    }

    /**
     * The setup's DKIM key, opened once and kept in memory (as an MTA's signing milter does): opening the sealed
     * key and parsing it for every message cost more than the signature itself.
     */
    private PrivateKey signingKey(Map<String, Object> message) {
        UUID setupId = (UUID) message.get("setup_id");
        return signingKeys.computeIfAbsent(setupId, id -> DkimSigner.privateKey(secrets.open(
                Rows.bytes(message, "dkim_private_key_enc"), NewSetups.dkimKeyAssociatedData(id))));
    }

    /** Removes a built message's spool file, sent or not. */
    public void release(SignedMessage message) throws IOException {
        if (message != null) {
            message.close();
        }
    }

    private MimeMessage unsigned(Map<String, Object> message, List<Map<String, Object>> attachments, UUID id,
            String domain) throws MessagingException, IOException {
        String messageId = Rows.string(message, "message_id");
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(new InternetAddress(Rows.string(message, "from_address"), Rows.string(message, "from_name"),
                "UTF-8"));
        mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(Rows.string(message, "to_address"), true));
        mime.setSubject(Rows.string(message, "subject"), "UTF-8");
        mime.setSentDate(new Date());
        String inReplyTo = Rows.string(message, "in_reply_to");
        if (inReplyTo != null) {
            mime.setHeader("In-Reply-To", inReplyTo);
            mime.setHeader("References", Rows.string(message, "references_header"));
        }
        // Replies come back to reply+<token>@domain: the token names this message, so a reply is threaded even
        // when the client drops In-Reply-To and References.
        mime.setReplyTo(new InternetAddress[] {new InternetAddress(REPLY + "+" + tokens.issue(REPLY, id) + "@" + domain,
                Rows.string(message, "from_name"), "UTF-8")});
        String token = tokens.issue(UNSUBSCRIBE, id);
        mime.setHeader("List-Unsubscribe", "<" + publicBaseUrl + "/u/" + token + ">, <mailto:" + UNSUBSCRIBE + "+"
                + token + "@" + domain + ">");
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        String text = Rows.string(message, "text_body");
        String html = Rows.string(message, "html_body");
        if (html != null && Boolean.TRUE.equals(message.get("track_engagement"))) {
            html = tracking.rewrite(html, id);
        }
        if (attachments.isEmpty()) {
            fillBody(mime, text, html);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            fillBody(body, text, html);
            mixed.addBodyPart(body);
            for (Map<String, Object> attachment : attachments) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(Rows.bytes(attachment, "content"),
                        Rows.string(attachment, "content_type"))));
                part.setFileName(Rows.string(attachment, "filename"));
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            mime.setContent(mixed);
        }
        mime.saveChanges();
        return mime;
    }

    /** Text, html, or both as multipart/alternative (plain first, as RFC 2046 orders by fidelity). */
    private static void fillBody(MimePart part, String text, String html) throws MessagingException {
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            part.setContent(alternative);
        } else if (html != null) {
            part.setText(html, "UTF-8", "html");
        } else {
            part.setText(text, "UTF-8");
        }
    }
}
