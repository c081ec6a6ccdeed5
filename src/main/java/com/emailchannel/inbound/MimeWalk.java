package com.emailchannel.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Walks a message's MIME tree depth-first with mime4j's streaming parser ({@link MimeTokenStream}), in document
 * order, into body text/html and the other leaves:
 * <ul>
 * <li>a leaf is body text when it is text/plain, text/html or text/watch-html, has no filename and is not
 * {@code Content-Disposition: attachment}; every other leaf is a part (attachment or inline image);</li>
 * <li>{@code message/rfc822} is one opaque part: the walk does not enter it, so nothing inside a forwarded message
 * is attributed to the outer one;</li>
 * <li>limits on nesting depth, part count, total size and header size end the walk early with a flag; what was
 * read is kept;</li>
 * <li>body text beyond {@code maxBodyBytes} (text and HTML each, decoded) is cut there, flagged {@code body-limit}:
 * the raw message keeps all of it;</li>
 * <li>a part's decoded bytes stream into the message's {@link MessageSpool} (memory or a temporary file), so a
 * large attachment is never held in the heap.</li>
 * </ul>
 * Example: Apple Mail's {@code alternative > [plain, mixed > [html, jpeg, html]]} gives text = the plain part,
 * html = both HTML fragments joined, parts = the jpeg.
 */
public final class MimeWalk {

    /** Charset names as written in mail: a few dozen in practice; a flood of invented ones is not cached. */
    private static final int MAX_CHARSET_NAMES = 256;
    private static final Map<String, Charset> CHARSETS = new java.util.concurrent.ConcurrentHashMap<>();


    /** Walk limits; a message beyond one is kept with what was read before it, flagged. */
    public record Limits(int maxDepth, int maxParts, long maxBytes, int maxHeaderBytes, int maxBodyBytes) {
        public static final Limits DEFAULT = new Limits(50, 1000, 50L * 1024 * 1024, 256 * 1024, 1024 * 1024);

        public Limits(int maxDepth, int maxParts, long maxBytes, int maxHeaderBytes) {
            this(maxDepth, maxParts, maxBytes, maxHeaderBytes, DEFAULT.maxBodyBytes());
        }
    }

    /** An RFC 2047 encoded-word given as an unquoted parameter value, which mime4j's parameter parser drops. */
    private static final Pattern UNQUOTED_ENCODED_NAME =
            Pattern.compile("(?i)(?:^|;)\\s*(?:file)?name\\s*=\\s*\"?(=\\?[^\";\\s]+\\?=)");
    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");
    private static final Pattern CID = Pattern.compile("cid:([^\"'\\s>)]+)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> BODY_TYPES = Set.of("text/plain", "text/html", "text/watch-html");

    /** A read buffer per thread, kept between messages up to this size (a larger one is left to the collector). */
    private static final int MAX_KEPT_SCRATCH = 1 << 20;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final Limits limits;

    public MimeWalk(Limits limits) {
        this.limits = limits;
    }

    /** Walks a message whose parts are kept in memory, whatever their size: for tests and tools. */
    public WalkedMessage walk(InputStream raw) throws IOException {
        return walk(raw, MessageSpool.inMemory());
    }

    /** Walks a message, its parts' decoded bytes written to {@code spool}. */
    public WalkedMessage walk(InputStream raw, MessageSpool spool) throws IOException {
        Walk walk = new Walk(spool);
        CountingInputStream counted = new CountingInputStream(raw, limits.maxBytes());
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.custom()
                .setMaxHeaderLen(limits.maxHeaderBytes())
                .setMaxHeaderCount(10_000)
                .setMaxLineLen(-1)
                .setMaxContentLen(-1)
                .setStrictParsing(false)
                .build());
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(counted);
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (!walk.on(state, stream)) {
                    break;
                }
            }
        } catch (SizeLimitReached e) {
            walk.flags.add("size-limit");
        } catch (MaxHeaderLimitException | MaxLineLimitException e) {
            walk.flags.add("header-limit");
        } catch (MimeException e) {
            // mime4j reports its header length and count limits as MimeExceptions of their own
            walk.flags.add(e.getClass().getSimpleName().startsWith("MaxHeader") ? "header-limit" : "malformed");
        }
        return walk.result();
    }

    private final class Walk {
        private final List<Field> headers = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<WalkedPart> parts = new ArrayList<>();
        private final Set<String> flags = new LinkedHashSet<>();
        private final Deque<int[]> children = new ArrayDeque<>();
        private final Deque<String> paths = new ArrayDeque<>();
        private final Map<String, String> entityFields = new java.util.HashMap<>();
        private final MessageSpool spool;
        /** Where body text is read into and parts pass through: one buffer per thread, grown as body text needs. */
        private byte[] scratch = SCRATCH.get();
        private boolean hasText;
        private boolean hasHtml;
        private int leaves;

        Walk(MessageSpool spool) {
            this.spool = spool;
        }

        boolean on(EntityState state, MimeTokenStream stream) throws IOException, MimeException {
            switch (state) {
                case T_START_MESSAGE -> {
                    paths.push("1");
                    children.push(new int[1]);
                }
                case T_START_HEADER -> entityFields.clear();
                case T_FIELD -> {
                    Field field = stream.getField();
                    String name = field.getName();
                    // only Content-* fields are lower-cased for the entity: most fields are not
                    if (name.regionMatches(true, 0, "content-", 0, 8)) {
                        String lower = name.toLowerCase(Locale.ROOT);
                        if (lower.equals("content-disposition") || lower.equals("content-type")
                                || lower.equals("content-id")) {
                            entityFields.put(lower, unfold(field.getBody()));
                        }
                    }
                    if (paths.size() == 1) {
                        // kept as read (mime4j's field holds its own copy of the bytes) and decoded only when asked
                        // for: most top-level fields (Received, DKIM-Signature, ARC-*) never are
                        headers.add(field);
                    }
                }
                case T_START_BODYPART -> {
                    int[] count = children.peek();
                    count[0]++;
                    paths.push(paths.peek() + "." + count[0]);
                    children.push(new int[1]);
                    if (paths.size() > limits.maxDepth()) {
                        flags.add("depth-limit");
                        return false;
                    }
                }
                case T_END_BODYPART, T_END_MESSAGE -> {
                    paths.pop();
                    children.pop();
                }
                case T_BODY -> {
                    if (++leaves > limits.maxParts()) {
                        flags.add("part-limit");
                        return false;
                    }
                    leaf(stream.getBodyDescriptor(), stream);
                }
                default -> {
                    // multipart boundaries, preamble and epilogue carry nothing we keep
                }
            }
            return true;
        }

        private void leaf(BodyDescriptor descriptor, MimeTokenStream stream) throws IOException {
            String type = descriptor.getMimeType() == null ? "text/plain" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
            // Only a leaf's Content-Disposition and Content-Type are parsed in full (RFC 2231 by mime4j's fields),
            // not every header field of every entity.
            ContentDispositionField dispositionField = parsed(entityFields.get("content-disposition"),
                    "Content-Disposition", ContentDispositionField.class);
            String disposition = dispositionField == null || dispositionField.getDispositionType() == null
                    || dispositionField.getDispositionType().isEmpty() ? null
                    : dispositionField.getDispositionType().toLowerCase(Locale.ROOT);
            String name = filename(dispositionField, entityFields.get("content-type"));
            if (name == null) {
                name = encodedWordName(entityFields.get("content-disposition"));
            }
            if (name == null) {
                name = encodedWordName(entityFields.get("content-type"));
            }
            if (BODY_TYPES.contains(type) && name == null && !"attachment".equals(disposition)) {
                StringBuilder into = type.equals("text/plain") ? text : html;
                // what is left of the body limit, in bytes (a char of text is at least one byte of its encoding)
                int room = Math.max(0, limits.maxBodyBytes() - into.length());
                InputStream in = stream.getDecodedInputStream();
                int length = readUpTo(in, room);
                boolean cut = length == room && in.read() >= 0;
                String decoded = decode(scratch, length, descriptor.getCharset());
                if (cut) {
                    flags.add("body-limit");
                    drain(in);
                    // the cut may split the last character: no replacement character for it
                    if (decoded.endsWith("\uFFFD")) {
                        decoded = decoded.substring(0, decoded.length() - 1);
                    }
                }
                into.append(decoded);
                if (type.equals("text/plain")) {
                    hasText = true;
                } else {
                    hasHtml = true;
                }
                return;
            }
            boolean forwarded = type.equals("message/rfc822");
            SpooledContent content = spool.newContent();
            copy(forwarded ? stream.getInputStream() : stream.getDecodedInputStream(), content);
            parts.add(new WalkedPart(paths.peek(), name, type, disposition, contentId(entityFields.get("content-id")),
                    forwarded ? innerSubject(content, limits.maxHeaderBytes()) : null, content));
        }

        /** Reads at most {@code max} bytes into {@link #scratch} (growing it); answers the number read. */
        private int readUpTo(InputStream in, int max) throws IOException {
            int length = 0;
            while (length < max) {
                if (length == scratch.length) {
                    scratch = java.util.Arrays.copyOf(scratch, (int) Math.min(max, Math.max(scratch.length * 2L, 8192)));
                }
                int n = in.read(scratch, length, Math.min(scratch.length, max) - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            return length;
        }

        private void drain(InputStream in) throws IOException {
            while (in.read(scratch, 0, scratch.length) >= 0) {
                // the rest of a body past the limit: read through, not kept
            }
        }

        /** A part's bytes through {@link #scratch} into its spooled content. */
        private void copy(InputStream in, SpooledContent content) throws IOException {
            for (int n; (n = in.read(scratch, 0, scratch.length)) >= 0; ) {
                content.write(scratch, 0, n);
            }
            content.close();
        }

        WalkedMessage result() {
            if (scratch.length <= MAX_KEPT_SCRATCH) {
                SCRATCH.set(scratch);
            }
            Set<String> referenced = new LinkedHashSet<>();
            if (mentionsCid(html)) {
                Matcher cid = CID.matcher(html);
                while (cid.find()) {
                    referenced.add(percentDecoded(cid.group(1)));
                }
            }
            return new WalkedMessage(headers, hasText ? text.toString() : null, hasHtml ? html.toString() : null,
                    List.copyOf(parts), referenced, flags);
        }
    }

    /** A cid: URL's Content-ID (RFC 2392: %hh escapes); taken as written when its escapes are broken. */
    private static String percentDecoded(String cid) {
        try {
            return URLDecoder.decode(cid.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return cid;
        }
    }

    /** Whether "cid:" appears in any letter case: most HTML has none, and then the regex scan is skipped. */
    static boolean mentionsCid(CharSequence html) {
        for (int i = 3; i < html.length(); i++) {
            if (html.charAt(i) == ':' && (html.charAt(i - 1) | 0x20) == 'd' && (html.charAt(i - 2) | 0x20) == 'i'
                    && (html.charAt(i - 3) | 0x20) == 'c') {
                return true;
            }
        }
        return false;
    }

    /** Content-Disposition filename (RFC 2231 handled by mime4j), else Content-Type name; RFC 2047 decoded. */
    private static String filename(ContentDispositionField disposition, String contentType) {
        String name = disposition == null ? null : disposition.getFilename();
        if (name == null || name.isBlank()) {
            ContentTypeField type = parsed(contentType, "Content-Type", ContentTypeField.class);
            name = type == null ? null : type.getParameter("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.contains("=?") ? DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT) : name;
    }

    private static <T> T parsed(String body, String name, Class<T> type) {
        if (body == null) {
            return null;
        }
        try {
            Object field = LenientFieldParser.parse(name + ": " + body, DecodeMonitor.SILENT);
            return type.isInstance(field) ? type.cast(field) : null;
        } catch (MimeException | RuntimeException e) {
            return null;
        }
    }

    private static String encodedWordName(String fieldBody) {
        if (fieldBody == null) {
            return null;
        }
        Matcher matcher = UNQUOTED_ENCODED_NAME.matcher(fieldBody);
        return matcher.find() ? DecoderUtil.decodeEncodedWords(matcher.group(1), DecodeMonitor.SILENT) : null;
    }

    private static String contentId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isBlank() ? null : id;
    }

    private static String decode(byte[] bytes, int length, String charset) {
        return new String(bytes, 0, length, charset == null ? StandardCharsets.UTF_8 : charset(charset));
    }

    /**
     * The Java charset of a MIME charset name, UTF-8 when unknown. Looked up once per name: mime4j's lookup tries
     * the name several ways each time, and took an eighth of the walk.
     */
    private static Charset charset(String name) {
        Charset known = CHARSETS.get(name);
        if (known == null) {
            Charset found = CharsetUtil.lookup(name);
            known = found == null ? StandardCharsets.UTF_8 : found;
            if (CHARSETS.size() < MAX_CHARSET_NAMES) {
                CHARSETS.put(name, known);
            }
        }
        return known;
    }

    /** A header field's value as the walk reports it: unfolded, RFC 2047 encoded words decoded. */
    static String value(Field field) {
        return decodeWords(unfold(field.getBody()));
    }

    private static String unfold(String value) {
        return value.indexOf('\n') < 0 ? value.strip() : FOLD.matcher(value).replaceAll("").strip();
    }

    private static String decodeWords(String value) {
        return value.contains("=?") ? DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT) : value;
    }

    /** The Subject of a forwarded message, read from its header only (at most {@code maxHeaderBytes} of it). */
    private static String innerSubject(SpooledContent message, int maxHeaderBytes) throws IOException {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.parse(new java.io.ByteArrayInputStream(message.head(maxHeaderBytes)));
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_HEADER
                    && state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD && stream.getField().getName().equalsIgnoreCase("Subject")) {
                    String subject = decodeWords(unfold(stream.getField().getBody()));
                    return subject.isBlank() ? null : subject;
                }
            }
        } catch (IOException | MimeException e) {
            return null;
        }
        return null;
    }

    /** Thrown by the counting stream when a message is larger than the walk may read. */
    static final class SizeLimitReached extends IOException {
        SizeLimitReached() {
            super("message larger than the walk limit");
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final long max;
        private long count;

        CountingInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws SizeLimitReached {
            count += n;
            if (count > max) {
                throw new SizeLimitReached();
            }
        }
    }

}
