package com.emailchannel.outbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished, DKIM-signed message read from its file: its bytes are sent exactly as signed. Jakarta Mail (and
 * camel-mail before sending) calls {@link #saveChanges()}, which would rebuild the MIME structure and break the
 * signature, so it does nothing here. The content of a large message stays in its file ({@link SharedFileInputStream}), not in memory.
 * Carries the SMTP envelope: the VERP return path, DSN NOTIFY and ENVID.
 */
public final class SignedMessage extends SMTPMessage implements AutoCloseable {

    private final File file;
    private final InputStream content;

    public SignedMessage(Session session, File file) throws MessagingException, IOException {
        this(session, file, new SharedFileInputStream(file));
    }

    /** A small message held in memory: nothing to remove afterwards. */
    public SignedMessage(Session session, byte[] bytes) throws MessagingException {
        this(session, null, new SharedByteArrayInputStream(bytes));
    }

    private SignedMessage(Session session, File file, InputStream content) throws MessagingException {
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
        if (file != null) {
            Files.deleteIfExists(file.toPath());
        }
    }
}
