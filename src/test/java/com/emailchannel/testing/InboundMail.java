package com.emailchannel.testing;

import com.emailchannel.outbound.EmbeddedMailServer;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Delivers a raw message over SMTP into the service's inbound mailbox, as the MX of every setup domain would:
 * the envelope recipient is the mailbox, the headers are the message's own.
 */
public final class InboundMail {

    private InboundMail() {
    }

    public static void deliver(RunningService service, String raw) {
        deliver(service.mailServer().getSmtp().getPort(), EmbeddedMailServer.INBOUND_MAILBOX, raw);
    }

    /** Delivers {@code raw}, Message-ID kept as written, over SMTP on 127.0.0.1:{@code smtpPort} to {@code mailbox}. */
    public static void deliver(int smtpPort, String mailbox, String raw) {
        try {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", String.valueOf(smtpPort));
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
                @Override
                protected void updateMessageID() {
                    // keep the Message-ID the test wrote
                }
            };
            Transport.send(message, new Address[] {new InternetAddress(mailbox)});
        } catch (Exception e) {
            throw new IllegalStateException("inbound mail not delivered", e);
        }
    }
}
