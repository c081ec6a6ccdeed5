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

    /** How many messages of {@code user}'s INBOX on the IMAP server at {@code imapPort} are not flagged \Seen. */
    public static int unseen(int imapPort, String user) throws jakarta.mail.MessagingException {
        jakarta.mail.Store store = jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort, user, "secret");
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int unseen = 0;
            for (jakarta.mail.Message message : inbox.getMessages()) {
                if (!message.isSet(jakarta.mail.Flags.Flag.SEEN)) {
                    unseen++;
                }
            }
            inbox.close(false);
            return unseen;
        } finally {
            store.close();
        }
    }
}
