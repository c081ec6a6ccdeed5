package com.emailchannel.inbound;

import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.stream.Field;
import java.util.Set;

/**
 * What the MIME walk found in one message.
 *
 * @param headers     the top-level header fields as read, in order; {@link #header} and {@link #headers(String)}
 *                    give their values unfolded and decoded (RFC 2047)
 * @param text        the body's text/plain parts joined in order, or null
 * @param html        the body's text/html parts joined in order (Apple Mail splits HTML around inline images)
 * @param parts       every other leaf, depth-first in document order
 * @param referencedContentIds the Content-IDs the HTML references as {@code cid:}
 * @param flags       limits hit or damage found ({@code depth-limit}, {@code part-limit}, {@code size-limit},
 *                    {@code header-limit}, {@code body-limit}, {@code malformed}); the message is kept with what
 *                    could be read
 */
public record WalkedMessage(List<Field> headers, String text, String html, List<WalkedPart> parts,
        Set<String> referencedContentIds, Set<String> flags) {

    /** The first field of that name (any case), decoded, or null. */
    public String header(String name) {
        for (Field field : headers) {
            if (field.getName().equalsIgnoreCase(name)) {
                return MimeWalk.value(field);
            }
        }
        return null;
    }

    /** Every field of that name (any case), decoded, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field field : headers) {
            if (field.getName().equalsIgnoreCase(name)) {
                values.add(MimeWalk.value(field));
            }
        }
        return values;
    }

    /** An inline part: its Content-ID is referenced as cid: by the HTML. */
    public boolean isInline(WalkedPart part) {
        return part.contentId() != null && referencedContentIds.contains(part.contentId());
    }
}
