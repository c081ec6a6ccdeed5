package com.emailchannel.inbound;

import jakarta.mail.Message;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;

/**
 * The key camel-mail gives each message of a poll: its message number in the open folder. camel-mail uses the key
 * only for an idempotent repository (the mailbox routes have none: dedupe is the database's, on mailbox +
 * UIDVALIDITY + UID and Message-ID) and to find a POP3 message again; its default reads the Message-ID header, or
 * for mail without one every header, which is an IMAP round trip per message before the route sees it.
 */
public final class MessageNumberUids implements MailUidGenerator {

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        return Integer.toString(message.getMessageNumber());
    }
}
