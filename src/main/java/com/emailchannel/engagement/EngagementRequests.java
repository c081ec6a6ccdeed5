package com.emailchannel.engagement;

import com.emailchannel.api.NotFound;
import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.outbound.EngagementTracking;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the tracking links of sent messages: an open pixel token names the message; a click token names the
 * message and exactly the URL in {@code u}, so a link can only redirect to where our message pointed (an altered
 * URL or token is 404, never a redirect). Opens fetched by known prefetching proxies and scanners are flagged as
 * machine opens.
 */
public final class EngagementRequests {

    /** A transparent 1×1 GIF. */
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final Pattern MACHINES = Pattern.compile("(?i)bot|crawler|spider|preview|prefetch|scanner|"
            + "barracuda|mimecast|proofpoint|yahoomailproxy|microsoft office|ms-office|python|curl|java/|go-http");

    private final MessageTokens tokens;

    public EngagementRequests(MessageTokens tokens) {
        this.tokens = tokens;
    }

    public UUID opened(String token) {
        return tokens.verify(EngagementTracking.OPEN, token == null ? "" : token)
                .orElseThrow(() -> new NotFound("tracking link"));
    }

    public UUID clicked(String token, String url) {
        if (url == null || url.isBlank()) {
            throw new NotFound("tracking link");
        }
        return tokens.verify(EngagementTracking.clickPurpose(url), token == null ? "" : token)
                .orElseThrow(() -> new NotFound("tracking link"));
    }

    public boolean machine(String userAgent) {
        return userAgent == null || userAgent.isBlank() || MACHINES.matcher(userAgent).find();
    }

    /** The detail of an open event: whether a machine fetched the image, as JSON. */
    public String openDetail(String userAgent) {
        return "{\"machine\":" + machine(userAgent) + "}";
    }

    public byte[] pixel() {
        return PIXEL.clone();
    }
}
