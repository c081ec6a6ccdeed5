package com.emailchannel.unsubscribe;

import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.NotFound;
import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.outbound.OutboundMime;
import java.util.UUID;

/**
 * Reads RFC 8058 one-click unsubscribe requests: the token in the path must be one we signed for this purpose
 * (a forged or altered one is 404, exactly like an unknown page), and a POST must carry
 * {@code List-Unsubscribe=One-Click}.
 */
public final class UnsubscribeRequests {

    private final MessageTokens tokens;

    public UnsubscribeRequests(MessageTokens tokens) {
        this.tokens = tokens;
    }

    /** The outbound message the token names, or 404. */
    public UUID message(String token) {
        return tokens.verify(OutboundMime.UNSUBSCRIBE, token == null ? "" : token)
                .orElseThrow(() -> new NotFound("unsubscribe link"));
    }

    /** The message named by an {@code unsubscribe+<token>@domain} recipient, or null when none is ours. */
    public UUID fromRecipients(String recipients) {
        return tokens.inAddresses(OutboundMime.UNSUBSCRIBE, recipients).orElse(null);
    }

    /**
     * 400 unless the request is the RFC 8058 one-click POST. The HTTP server may already have parsed the form into
     * a parameter ({@code formField}), or left it as the body.
     */
    public void requireOneClick(String body, String formField) {
        if ("One-Click".equalsIgnoreCase(formField == null ? "" : formField.strip())) {
            return;
        }
        String form = body == null ? "" : body;
        for (String pair : form.split("&")) {
            if (pair.strip().equalsIgnoreCase("List-Unsubscribe=One-Click")) {
                return;
            }
        }
        throw ApiProblem.badRequest("a one-click unsubscribe is a POST of List-Unsubscribe=One-Click (RFC 8058)");
    }
}
