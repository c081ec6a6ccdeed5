package com.emailchannel.outbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.util.SharedFileInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished, DKIM-signed message read from its file: its bytes are sent exactly as signed. Jakarta Mail (and
 * camel-mail before sending) calls {@link #saveChanges()}, which would rebuild the MIME structure and break the
 * signature, so it does nothing here. The content stays in the file ({@link SharedFileInputStream}), not in memory.
 * Carries the SMTP envelope: the VERP return path, DSN NOTIFY and ENVID.
 */
public final class SignedMessage extends SMTPMessage implements AutoCloseable {

    private final File file;
    private final SharedFileInputStream content;

    public SignedMessage(Session session, File file) throws MessagingException, IOException {
        this(session, file, new SharedFileInputStream(file));
    }

    private SignedMessage(Session session, File file, SharedFileInputStream content) throws MessagingException {
        super(session, content);
        this.file = file;
        this.content = content;
    }

    @Override
    public void saveChanges() {
        // signed bytes are final: nothing may be regenerated
    }

    @Override
    protected void updateMessageID() {
        // the Message-ID was chosen at acceptance and is signed
    }

    /** Removes the message file once the message is sent or given up. */
    @Override
    public void close() throws IOException {
        content.close();
        Files.deleteIfExists(file.toPath());
    }
}
