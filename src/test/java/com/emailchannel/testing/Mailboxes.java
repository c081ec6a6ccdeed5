package com.emailchannel.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/** Reads what a real mail server (GreenMail) received, by Message-ID, as the bytes that arrived. */
public final class Mailboxes {

    private Mailboxes() {
    }

    public static List<MimeMessage> withMessageId(GreenMail server, String messageId) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    public static MimeMessage awaitOne(GreenMail server, String messageId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !withMessageId(server, messageId).isEmpty());
        List<MimeMessage> received = withMessageId(server, messageId);
        if (received.size() != 1) {
            throw new AssertionError(received.size() + " copies of " + messageId + " arrived");
        }
        return received.get(0);
    }

    public static byte[] raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
