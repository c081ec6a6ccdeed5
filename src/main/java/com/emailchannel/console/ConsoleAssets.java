package com.emailchannel.console;

import com.emailchannel.api.NotFound;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The developer console's static files, served from the jar. A request path maps to a classpath resource only
 * through a fixed list of names, so nothing else on the class path can be reached, whatever the path holds
 * ({@code ..}, encoded slashes, absolute names). For example {@code /console/} → {@code console/index.html}
 * as {@code text/html; charset=utf-8}; {@code /console/app.js} → {@code console/app.js} as JavaScript;
 * {@code /console/../openapi.json} → 404.
 */
public final class ConsoleAssets {

    /** Where the console lives; {@code /console} itself redirects here. */
    public static final String BASE = "/console/";

    /**
     * The policy of the console page: its own scripts only (no inline script, no eval), its own styles, images and
     * API calls, not frameable, no form posts anywhere. Inline styles are allowed because the inbound mail the page
     * shows lives in {@code srcdoc} frames, which inherit this policy, and mail HTML is styled inline; the frames
     * are sandboxed without scripts and add their own stricter policy (see mail-frame.js). The page itself never
     * inserts markup from data, so the allowance gives untrusted text no way in.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final String JS = "text/javascript; charset=utf-8";

    /** Every file the console is made of: name under {@code /console/} → media type. */
    static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("console.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"),
            Map.entry("app.js", JS),
            Map.entry("api.js", JS),
            Map.entry("dom.js", JS),
            Map.entry("mail-frame.js", JS),
            Map.entry("setups.js", JS),
            Map.entry("use-cases.js", JS),
            Map.entry("messages.js", JS),
            Map.entry("suppressions.js", JS));

    /** A file to answer with: its bytes and media type. */
    public record Asset(String name, String contentType, byte[] content) {
    }

    public String contentSecurityPolicy() {
        return CONTENT_SECURITY_POLICY;
    }

    /** {@code /console/} when {@code path} is the console's bare path (a relative module URL needs the slash), else null. */
    public String redirect(String path) {
        return "/console".equals(path) ? BASE : null;
    }

    /** The file at {@code path} (a request path under {@code /console/}), or {@link NotFound}. */
    public Asset asset(String path) {
        String name = path == null || !path.startsWith(BASE) ? null : path.substring(BASE.length());
        if (name != null && name.isEmpty()) {
            name = "index.html";
        }
        String contentType = name == null ? null : FILES.get(name);
        if (contentType == null) {
            throw new NotFound("console file " + path);
        }
        return new Asset(name, contentType, read("console/" + name));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console resource missing from the build: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
