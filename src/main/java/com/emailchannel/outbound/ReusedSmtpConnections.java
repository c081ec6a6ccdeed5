package com.emailchannel.outbound;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.function.LongSupplier;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * camel-mail's sender keeping one open SMTP connection per dispatch thread instead of connecting for every
 * message: the relay sees a session carry many transactions, as MTAs do. A connection idle longer than
 * {@code maxIdleMillis} is replaced rather than probed (a NOOP per message would cost a round trip). After any
 * failure the connection is closed, so the next message starts clean; a reused connection that broke before the
 * relay answered (closed by the relay while idle) is replaced and the message tried once more on a fresh one.
 */
public class ReusedSmtpConnections extends DefaultJavaMailSender {

    private final long maxIdleMillis;
    private final LongSupplier clock;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    public ReusedSmtpConnections(long maxIdleMillis) {
        this(maxIdleMillis, System::currentTimeMillis);
    }

    /** {@code clock} in milliseconds: the idle time of a connection is measured on it. */
    public ReusedSmtpConnections(long maxIdleMillis, LongSupplier clock) {
        this.maxIdleMillis = maxIdleMillis;
        this.clock = clock;
    }

    private static final class Connection {
        final Transport transport;
        long lastUsed;

        Connection(Transport transport) {
            this.transport = transport;
        }
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        Connection connection = connections.get();
        // Transport.isConnected() would send a NOOP: the idle time decides instead
        boolean reused = connection != null && clock.getAsLong() - connection.lastUsed < maxIdleMillis;
        if (!reused) {
            discard(connection);
            connection = connect();
        }
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            discard(connection);
            if (!reused || answered(e)) {
                throw e;
            }
            connection = connect();
            try {
                connection.transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException again) {
                discard(connection);
                throw again;
            }
        }
        connection.lastUsed = clock.getAsLong();
    }

    private Connection connect() throws MessagingException {
        Transport transport = getTransport(getSession());
        PasswordAuthentication auth = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), auth.getUserName(), auth.getPassword());
        Connection connection = new Connection(transport);
        connection.lastUsed = clock.getAsLong();
        connections.set(connection);
        return connection;
    }

    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        if (connections.get() == connection) {
            connections.remove();
        }
        try {
            connection.transport.close();
        } catch (MessagingException e) {
            // the connection is gone either way
        }
    }

    /** Whether the relay replied to the failed command (a refusal), as opposed to the connection breaking. */
    private static boolean answered(MessagingException e) {
        return e instanceof SendFailedException;
    }
}
