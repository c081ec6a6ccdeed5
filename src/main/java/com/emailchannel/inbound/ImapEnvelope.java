package com.emailchannel.inbound;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * Where a message sits on the IMAP server and its raw bytes: the mailbox ({@code user@host:port/folder}), the
 * folder's UIDVALIDITY and the message's UID, which together name it for good (RFC 3501 §2.3.1.1). The raw bytes
 * ({@code raw}, a {@link SpooledContent}) are streamed from the server into the message's spool, never held whole.
 */
public final class ImapEnvelope {

    private ImapEnvelope() {
    }

    public static Map<String, Object> read(Message message, String mailbox, MessageSpool spool)
            throws MessagingException, IOException {
        Folder folder = message.getFolder();
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("mailbox", mailbox + "/" + folder.getFullName());
        if (folder instanceof UIDFolder uids) {
            envelope.put("uidValidity", uids.getUIDValidity());
            envelope.put("uid", uids.getUID(message));
        } else {
            envelope.put("uidValidity", 0L);
            envelope.put("uid", (long) message.getMessageNumber());
        }
        SpooledContent raw = spool.newContent();
        if (message instanceof IMAPMessage imap) {
            try (InputStream in = new ImapRawStream(imap)) {
                raw.writeAll(in);
            }
        } else {
            message.writeTo(raw);
            raw.close();
        }
        envelope.put("raw", raw);
        envelope.put("spool", spool);
        return envelope;
    }
}
