package com.emailchannel.inbound;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.protocol.BODY;

/**
 * A message's raw bytes as the IMAP server stores them, read in partial fetches ({@code BODY.PEEK[]<start.size>},
 * RFC 3501 §6.4.5): never flagged \Seen by reading, and never held whole. The first fetch asks for 256 KB (most
 * mail is smaller, so it takes one round trip, as a whole fetch would); each following one asks for twice as much,
 * up to 1 MB. The fetch buffer is kept per thread between messages (a mailbox is drained by one thread): at most
 * 1 MB each, grown only when a message needs it.
 *
 * <p>Jakarta Mail's own {@code writeTo} fetches the whole message into one array, and its IMAPInputStream reads
 * with one fixed block size (16 KB by default: many round trips for a large message; a large block: a large buffer
 * for every small one).
 */
final class ImapRawStream extends InputStream {

    static final int FIRST_FETCH = 256 * 1024;
    static final int LARGEST_FETCH = 1024 * 1024;
    /** Room in the response buffer for the FETCH response around the literal. */
    private static final int SLOP = 256;

    private static final ThreadLocal<ByteArray> BUFFER = new ThreadLocal<>();

    private final IMAPMessage message;
    private int position;
    private int nextFetch = FIRST_FETCH;
    private boolean last;
    private byte[] bytes;
    private int offset;
    private int end;

    ImapRawStream(IMAPMessage message) {
        this.message = message;
    }

    @Override
    public int read() throws IOException {
        if (offset >= end && !fill()) {
            return -1;
        }
        return bytes[offset++] & 0xff;
    }

    @Override
    public int read(byte[] into, int at, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (offset >= end && !fill()) {
            return -1;
        }
        int n = Math.min(length, end - offset);
        System.arraycopy(bytes, offset, into, at, n);
        offset += n;
        return n;
    }

    private boolean fill() throws IOException {
        if (last) {
            return false;
        }
        int asked = nextFetch;
        ByteArray buffer = BUFFER.get();
        if (buffer == null || buffer.getBytes().length < asked + SLOP) {
            buffer = new ByteArray(asked + SLOP);
            BUFFER.set(buffer);
        }
        BODY body;
        try {
            IMAPFolder folder = (IMAPFolder) message.getFolder();
            int number = message.getMessageNumber();
            ByteArray into = buffer;
            body = (BODY) folder.doCommand(protocol -> protocol.peekBody(number, null, position, asked, into));
        } catch (MessagingException e) {
            throw new IOException("IMAP fetch of message bytes failed: " + e.getMessage(), e);
        }
        ByteArray fetched = body == null ? null : body.getByteArray();
        if (fetched == null) {
            // NIL past the end of the message: nothing more to read
            last = true;
            return false;
        }
        int count = fetched.getCount();
        if (body.getOrigin() == position) {
            last = count < asked;
        } else if (body.getOrigin() < 0 && position == 0) {
            // A server that leaves the origin out (some Exchange versions send the whole message whatever the
            // range): what came is all there is unless it is exactly what was asked for.
            last = count != asked;
        } else {
            throw new IOException("the IMAP server answered a partial fetch at " + position + " with bytes from "
                    + body.getOrigin());
        }
        bytes = fetched.getBytes();
        offset = fetched.getStart();
        end = offset + count;
        position += count;
        nextFetch = Math.min(nextFetch * 2, LARGEST_FETCH);
        return count > 0;
    }
}
