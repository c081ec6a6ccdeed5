package com.emailchannel.inbound;

/**
 * An attachment as it is stored: its name within the message ({@link AttachmentNames}), type, whether the HTML
 * shows it inline, Content-ID, and its decoded bytes (with their size and SHA-256) in the message's spool.
 */
public record InboundAttachment(String filename, String contentType, boolean inline, String contentId,
        SpooledContent content) {
}
