package com.emailchannel.send;

import com.emailchannel.api.JsonFields;
import java.util.regex.Pattern;

/**
 * Checks one attachment of a send request without decoding it: the filename is safe to put in a MIME header and
 * on a disk (no path separators, no control characters), the content type is a plain {@code type/subtype}, and the
 * content is valid base64 whose decoded size is computed from its length. The database decodes it when it stores
 * it, so the request's bytes are not copied again here.
 */
public final class Attachments {

    static final int MAX_FILENAME = 255;
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private Attachments() {
    }

    /** The decoded size of a valid attachment, or -1 after recording what is wrong in {@code fields}. */
    public static long check(JsonFields fields) {
        String filename = fields.requiredString("filename", MAX_FILENAME);
        if (filename != null && (filename.contains("/") || filename.contains("\\") || filename.equals(".")
                || filename.equals(".."))) {
            fields.reject("filename", "must be a plain file name without path separators");
        }
        String contentType = fields.optionalString("contentType", 255);
        if (contentType != null && !MEDIA_TYPE.matcher(contentType.toLowerCase(java.util.Locale.ROOT)).matches()) {
            fields.reject("contentType", "must be a media type such as application/pdf");
        }
        com.fasterxml.jackson.databind.JsonNode content = fields.object().get("content");
        if (content == null || content.isNull()) {
            fields.reject("content", "is required");
            return -1;
        }
        if (!content.isTextual()) {
            fields.reject("content", "must be a base64 string");
            return -1;
        }
        long size = decodedSize(content.textValue());
        if (size < 0) {
            fields.reject("content", "must be valid base64 (RFC 4648, line breaks allowed)");
        }
        // an attachment with any field wrong is not usable, whatever its content
        return fields.hasError("filename") || fields.hasError("contentType") ? -1 : size;
    }

    /** The number of bytes {@code base64} decodes to, or -1 when it is not valid base64. */
    static long decodedSize(CharSequence base64) {
        long significant = 0;
        int padding = 0;
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
                continue;
            }
            if (c == '=') {
                padding++;
            } else if (padding > 0 || !isBase64(c)) {
                return -1;
            }
            significant++;
        }
        if (significant % 4 != 0 || padding > 2) {
            return -1;
        }
        return significant / 4 * 3 - padding;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
