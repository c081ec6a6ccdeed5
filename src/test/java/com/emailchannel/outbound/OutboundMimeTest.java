package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.crypto.SecretBox;
import com.emailchannel.dkim.DkimKeyPair;
import com.emailchannel.setup.NewSetups;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundMimeTest {

    private static final String SECRET = "a-configured-secret-key-of-32-chars";

    @TempDir
    Path spool;

    private final SecretBox secrets = new SecretBox(SECRET);

    @Test
    void shouldKeepTheSignedBytesWhateverJakartaMailIsAskedToSave() throws Exception {
        OutboundMime builder = new OutboundMime(secrets, new MessageTokens(SECRET), "https://mail.example.com/", spool);
        try (SignedMessage message = builder.build(row("Hello\r\n", "<p>Hello</p>"), List.of())) {
            byte[] before = bytes(message);
            message.saveChanges();

            assertThat(bytes(message)).isEqualTo(before);
            String text = new String(before, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("List-Unsubscribe: <https://mail.example.com/u/");
            assertThat(text).contains("DKIM-Signature: ");
            assertThat(message.getEnvelopeFrom()).startsWith("bounce+").endsWith("@notifications.example.com");
            assertThat(message.getMailExtension()).startsWith("ENVID=");
            assertThat(message.getNotifyOptions()).isEqualTo(SignedMessage.NOTIFY_SUCCESS | SignedMessage.NOTIFY_FAILURE
                    | SignedMessage.NOTIFY_DELAY);
            assertThat(((Multipart) message.getContent()).getContentType()).startsWith("multipart/alternative");
        }
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * A 10 MB attachment is written once to the spool file and signed from there: building the message allocates
     * far less than the attachment itself (an encoded copy in memory would be 13.7 MB, the raw message the same).
     */
    @Test
    void shouldBuildAMessageWithA10MbAttachmentWithoutCopyingItInMemory() throws Exception {
        byte[] attachment = new byte[10 * 1024 * 1024];
        new Random(3).nextBytes(attachment);
        OutboundMime builder = new OutboundMime(secrets, new MessageTokens(SECRET), "https://mail.example.com", spool);
        Map<String, Object> row = row("Your records are attached.", null);
        List<Map<String, Object>> attachments = List.of(Map.of("filename", "records.pdf",
                "content_type", "application/pdf", "content", attachment));
        builder.build(row, attachments).close();

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        SignedMessage message = builder.build(row, attachments);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        try (message) {
            assertThat(allocated).as("bytes allocated while building").isLessThan(attachment.length / 2);
            Part part = ((Multipart) message.getContent()).getBodyPart(1);
            try (InputStream in = part.getInputStream()) {
                assertThat(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()))
                        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(attachment));
            }
        }
    }

    private Map<String, Object> row(String text, String html) {
        UUID id = UUID.randomUUID();
        UUID setupId = UUID.randomUUID();
        DkimKeyPair keys = DkimKeyPair.generate();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("setup_id", setupId);
        row.put("domain", "notifications.example.com");
        row.put("dkim_selector", keys.selector());
        row.put("dkim_private_key_enc", secrets.seal(keys.privateKeyPkcs8(), NewSetups.dkimKeyAssociatedData(setupId)));
        row.put("message_id", "<" + id + "@notifications.example.com>");
        row.put("from_address", "care@notifications.example.com");
        row.put("from_name", "Acme Clinic");
        row.put("to_address", "patient@example.org");
        row.put("subject", "Records");
        row.put("text_body", text);
        row.put("html_body", html);
        return row;
    }

    private static byte[] bytes(SignedMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
