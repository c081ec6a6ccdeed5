package com.emailchannel.inbound;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a message sits on the IMAP server and its raw bytes: the mailbox ({@code user@host:port/folder}), the
 * folder's UIDVALIDITY and the message's UID, which together name it for good (RFC 3501 §2.3.1.1).
 */
public final class ImapEnvelope {

    private ImapEnvelope() {
    }

    public static Map<String, Object> read(Message message, String mailbox) throws MessagingException, IOException {
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
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        envelope.put("raw", raw.toByteArray());
        return envelope;
    }
}
