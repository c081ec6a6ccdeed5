package com.emailchannel.inbound;

import java.util.HashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * First step of a mailbox route: reads the drained message's envelope and raw bytes ({@link ImapEnvelope}) into
 * the body. It is a Processor, not a plain bean, for two reasons. camel-mail fills a message's Camel headers lazily
 * from the IMAP server's parse of the message (its ENVELOPE), which fails for some real mail; a bean step would
 * trigger that and the message would fail at every poll, never stored. Reading the original message directly and
 * starting from empty headers keeps such mail flowing: the MIME walk reads the raw bytes itself. And the message's
 * spool ({@link MessageSpool}: raw bytes, decoded parts) must be deleted when the exchange is done, stored or
 * failed: its deletion is tied to the exchange's completion here.
 */
public final class ImapEnvelopeReader implements Processor {

    private final String mailbox;
    private final Spooler spooler;

    public ImapEnvelopeReader(String mailbox, Spooler spooler) {
        this.mailbox = mailbox;
        this.spooler = spooler;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        MailMessage mail = exchange.getIn(MailMessage.class);
        MessageSpool spool = spooler.open();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                spool.close();
            }
        });
        exchange.getIn().setHeaders(new HashMap<>());
        exchange.getIn().setBody(ImapEnvelope.read(mail.getOriginalMessage(), mailbox, spool));
    }
}
