package com.emailchannel.inbound;

/**
 * A leaf of the MIME tree that is not body text: an attachment, an inline image, or a forwarded message kept
 * opaque ({@code message/rfc822}).
 *
 * @param mimePath    position in the tree, 1-based: {@code 1.2.1}
 * @param name        the filename as the message gives it (RFC 2231 / RFC 2047 decoded), or null
 * @param contentType lower-case {@code type/subtype}
 * @param disposition the Content-Disposition type ({@code attachment}, {@code inline}) or null
 * @param contentId   the Content-ID without angle brackets, or null
 * @param innerSubject for a forwarded message, its Subject (to name it), else null
 * @param content     the decoded bytes (for message/rfc822: the message as it stands), with their size and SHA-256,
 *                    in the message's spool (memory or a temporary file)
 */
public record WalkedPart(String mimePath, String name, String contentType, String disposition, String contentId,
        String innerSubject, SpooledContent content) {
}
