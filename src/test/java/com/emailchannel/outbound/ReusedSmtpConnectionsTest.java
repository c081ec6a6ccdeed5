package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.TcpProxy;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The sender keeps one SMTP session per thread across messages, and survives the relay dropping it. */
class ReusedSmtpConnectionsTest {

    @Test
    void shouldCarryManyMessagesOverOneConnection() throws Exception {
        GreenMail relay = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (TcpProxy proxy = new TcpProxy(relay.getSmtp().getPort())) {
            ReusedSmtpConnections sender = sender(proxy.port(), 30_000);
            for (int i = 0; i < 5; i++) {
                sender.send(message(sender, "reused-" + i));
            }
            assertThat(relay.getReceivedMessages()).hasSize(5);
            assertThat(proxy.connections()).isEqualTo(1);
        } finally {
            relay.stop();
        }
    }

    @Test
    void shouldReplaceAConnectionIdleTooLong() throws Exception {
        GreenMail relay = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (TcpProxy proxy = new TcpProxy(relay.getSmtp().getPort())) {
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
            ReusedSmtpConnections sender = sender(proxy.port(), 50, clock::get);
            sender.send(message(sender, "first"));
            clock.addAndGet(120);
            sender.send(message(sender, "second"));
            assertThat(relay.getReceivedMessages()).hasSize(2);
            assertThat(proxy.connections()).isEqualTo(2);
        } finally {
            relay.stop();
        }
    }

    @Test
    void shouldSendOnAFreshConnectionWhenTheRelayDroppedTheOldOne() throws Exception {
        int port = FreePorts.next();
        GreenMail relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        ReusedSmtpConnections sender = sender(port, 30_000);
        sender.send(message(sender, "before"));
        relay.stop();
        GreenMail restarted = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        restarted.start();
        try {
            sender.send(message(sender, "after"));
            assertThat(restarted.getReceivedMessages()).hasSize(1);
            assertThat(restarted.getReceivedMessages()[0].getSubject()).isEqualTo("after");
        } finally {
            restarted.stop();
        }
    }

    private static ReusedSmtpConnections sender(int port, long maxIdleMillis) {
        return sender(port, maxIdleMillis, System::currentTimeMillis);
    }

    private static ReusedSmtpConnections sender(int port, long maxIdleMillis, java.util.function.LongSupplier clock) {
        ReusedSmtpConnections sender = new ReusedSmtpConnections(maxIdleMillis, clock);
        Properties properties = new Properties();
        properties.put("mail.smtp.timeout", "5000");
        properties.put("mail.smtp.connectiontimeout", "5000");
        sender.setJavaMailProperties(properties);
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setProtocol("smtp");
        return sender;
    }

    private static MimeMessage message(ReusedSmtpConnections sender, String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("sender@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("patient@example.org"));
        message.setSubject(subject);
        message.setText("body");
        return message;
    }
}
