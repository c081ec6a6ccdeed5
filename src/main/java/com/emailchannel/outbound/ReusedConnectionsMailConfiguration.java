package com.emailchannel.outbound;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConfiguration;

/**
 * camel-mail configuration whose endpoints send through {@link ReusedSmtpConnections}: everything else (host, port,
 * credentials, the mail.* properties of the endpoint URI) is configured by camel-mail as usual and carried over.
 */
public class ReusedConnectionsMailConfiguration extends MailConfiguration {

    private final long maxIdleMillis;

    public ReusedConnectionsMailConfiguration(long maxIdleMillis) {
        this.maxIdleMillis = maxIdleMillis;
    }

    @Override
    protected JavaMailSender createJavaMailSender(CamelContext context) {
        JavaMailSender configured = super.createJavaMailSender(context);
        ReusedSmtpConnections sender = new ReusedSmtpConnections(maxIdleMillis);
        sender.setJavaMailProperties(configured.getJavaMailProperties());
        sender.setHost(configured.getHost());
        sender.setPort(configured.getPort());
        sender.setUsername(configured.getUsername());
        sender.setPassword(configured.getPassword());
        sender.setProtocol(configured.getProtocol());
        sender.setAuthenticator(configured.getAuthenticator());
        if (getSession() != null) {
            sender.setSession(getSession());
        }
        return sender;
    }
}
