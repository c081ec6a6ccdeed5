package com.emailchannel.inbound;

import java.util.HashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailMessage;

/**
 * First step of a mailbox route: reads the drained message's envelope and raw bytes ({@link ImapEnvelope}) into
 * the body. It is a Processor, not a plain bean, for one reason: camel-mail fills a message's Camel headers lazily
 * from the IMAP server's parse of the message (its ENVELOPE), which fails for some real mail; a bean step would
 * trigger that and the message would fail at every poll, never stored. Reading the original message directly and
 * starting from empty headers keeps such mail flowing: the MIME walk reads the raw bytes itself.
 */
public final class ImapEnvelopeReader implements Processor {

    private final String mailbox;

    public ImapEnvelopeReader(String mailbox) {
        this.mailbox = mailbox;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        MailMessage mail = exchange.getIn(MailMessage.class);
        exchange.getIn().setHeaders(new HashMap<>());
        exchange.getIn().setBody(ImapEnvelope.read(mail.getOriginalMessage(), mailbox));
    }
}
