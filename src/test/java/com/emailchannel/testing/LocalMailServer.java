package com.emailchannel.testing;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A test's own GreenMail (SMTP + IMAP) on loopback, started, any password accepted; the caller stops it. */
public final class LocalMailServer {

    private LocalMailServer() {
    }

    public static GreenMail start() {
        return start(FreePorts.next(), FreePorts.next());
    }

    /** On these ports, e.g. to start it again where a restarted service expects it. */
    public static GreenMail start(int smtpPort, int imapPort) {
        GreenMail mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        return mail;
    }
}
