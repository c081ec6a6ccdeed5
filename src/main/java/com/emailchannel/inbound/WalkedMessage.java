package com.emailchannel.inbound;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the MIME walk found in one message.
 *
 * @param headers     top-level header fields by lower-case name, values decoded (RFC 2047), in order
 * @param text        the body's text/plain parts joined in order, or null
 * @param html        the body's text/html parts joined in order (Apple Mail splits HTML around inline images)
 * @param parts       every other leaf, depth-first in document order
 * @param referencedContentIds the Content-IDs the HTML references as {@code cid:}
 * @param flags       limits hit or damage found ({@code depth-limit}, {@code part-limit}, {@code size-limit},
 *                    {@code header-limit}, {@code body-limit}, {@code malformed}); the message is kept with what
 *                    could be read
 */
public record WalkedMessage(Map<String, List<String>> headers, String text, String html, List<WalkedPart> parts,
        Set<String> referencedContentIds, Set<String> flags) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }

    /** An inline part: its Content-ID is referenced as cid: by the HTML. */
    public boolean isInline(WalkedPart part) {
        return part.contentId() != null && referencedContentIds.contains(part.contentId());
    }
}
