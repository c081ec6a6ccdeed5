package com.emailchannel.outbound;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay and the inbound mailbox of the default run when no {@code smtp.host} is configured: a real SMTP and
 * IMAP server in the JVM (GreenMail) on 127.0.0.1. Mail sent to any address lands in that address's mailbox;
 * any mail client can read it over IMAP with the address as user name and any password.
 */
public final class EmbeddedMailServer implements AutoCloseable {

    /** The mailbox the embedded default drains, as an MX would deliver every setup's mail into one mailbox. */
    private static final long STARTUP_MS = 15_000;

    public static final String INBOUND_MAILBOX = "inbound@email-channel.localhost";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailServer.class);

    private final GreenMail greenMail;

    private EmbeddedMailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static EmbeddedMailServer start(int smtpPort, int imapPort) {
        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        // GreenMail's 2 s startup wait was seen to run out on a loaded machine
        smtp.setServerStartupTimeout(STARTUP_MS);
        imap.setServerStartupTimeout(STARTUP_MS);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {smtp, imap})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        EmbeddedMailServer server = new EmbeddedMailServer(greenMail);
        LOG.info("No smtp.host or imap.host configured: embedded mail server (GreenMail) relays SMTP on 127.0.0.1:{} and"
                + " serves IMAP on 127.0.0.1:{} (user = the recipient address, any password); inbound mail is drained"
                + " from the mailbox {}", server.smtpPort(), server.imapPort(), INBOUND_MAILBOX);
        return server;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
