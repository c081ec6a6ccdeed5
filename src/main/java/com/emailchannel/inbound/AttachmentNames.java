package com.emailchannel.inbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names attachments are stored and served under: safe (no path, no control characters, at most 200
 * characters), unique within the message ({@code scan.pdf}, {@code scan (2).pdf}), and meaningful:
 * <ul>
 * <li>an inline image is named by its Content-ID, which is how the HTML refers to it;</li>
 * <li>a forwarded message is {@code <its subject>.eml}, or {@code forwarded.eml};</li>
 * <li>a part without a name gets {@code attachment-<n>.<extension of its type>}.</li>
 * </ul>
 */
public final class AttachmentNames {

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"), Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("text/plain", "txt"), Map.entry("text/html", "html"),
            Map.entry("text/calendar", "ics"), Map.entry("application/zip", "zip"),
            Map.entry("message/rfc822", "eml"), Map.entry("application/ms-tnef", "dat"));

    private AttachmentNames() {
    }

    public static List<String> assign(WalkedMessage message) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        int unnamed = 0;
        for (WalkedPart part : message.parts()) {
            String name;
            if (message.isInline(part)) {
                name = safe(part.contentId());
            } else if (part.contentType().equals("message/rfc822") && part.name() == null) {
                name = part.innerSubject() == null ? "forwarded.eml" : safe(part.innerSubject()) + ".eml";
            } else {
                name = safe(part.name());
            }
            if (name == null || name.isEmpty()) {
                unnamed++;
                name = "attachment-" + unnamed + "." + EXTENSIONS.getOrDefault(part.contentType(), "bin");
            }
            names.add(unique(name, taken));
        }
        return names;
    }

    /** The last path segment, without control characters or characters that are unsafe in a file or URL path. */
    static String safe(String name) {
        if (name == null) {
            return null;
        }
        String last = name.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        last.codePoints().filter(c -> c >= 0x20 && c != 0x7f && c != ':' && c != '*' && c != '?' && c != '"'
                && c != '<' && c != '>' && c != '|').forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        return result.length() > 200 ? result.substring(0, 200) : result;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = stem + " (" + n + ")" + extension;
        }
        return candidate;
    }
}
