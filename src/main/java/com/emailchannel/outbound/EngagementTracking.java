package com.emailchannel.outbound;

import com.emailchannel.crypto.MessageTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Adds open and click tracking to a message's HTML (jsoup): every http(s) link goes through
 * {@code /t/c/<token>?u=<original>}, the token signing the message and that exact URL (so the redirect can only
 * ever lead to a link we sent: never an open redirect), and a 1×1 image {@code /t/o/<token>} records opens.
 */
public final class EngagementTracking {

    public static final String OPEN = "open";

    private final MessageTokens tokens;
    private final String publicBaseUrl;

    public EngagementTracking(MessageTokens tokens, String publicBaseUrl) {
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    public static String clickPurpose(String url) {
        return "click " + url;
    }

    public String rewrite(String html, UUID messageId) {
        Document document = Jsoup.parse(html);
        for (Element link : document.select("a[href]")) {
            String href = link.attr("href").strip();
            String scheme = href.toLowerCase(Locale.ROOT);
            if (scheme.startsWith("http://") || scheme.startsWith("https://")) {
                link.attr("href", publicBaseUrl + "/t/c/" + tokens.issue(clickPurpose(href), messageId) + "?u="
                        + URLEncoder.encode(href, StandardCharsets.UTF_8));
            }
        }
        document.body().appendElement("img")
                .attr("src", publicBaseUrl + "/t/o/" + tokens.issue(OPEN, messageId))
                .attr("width", "1").attr("height", "1").attr("alt", "").attr("style", "display:none");
        document.outputSettings().prettyPrint(false);
        return document.outerHtml();
    }
}
