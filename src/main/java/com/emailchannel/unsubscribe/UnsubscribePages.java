package com.emailchannel.unsubscribe;

/**
 * The small pages of the unsubscribe link. The GET page only offers a button: link scanners and previews that
 * follow the URL unsubscribe nobody. The button POSTs the same one-click body a mail client would.
 */
public final class UnsubscribePages {

    private UnsubscribePages() {
    }

    public static String confirm(String token) {
        return page("Unsubscribe", "<p>Stop receiving these emails?</p>"
                + "<form method=\"post\" action=\"" + escape(token) + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    public static String done() {
        return page("Unsubscribed", "<p>You are unsubscribed. You will not receive these emails any more.</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}"
                + "button{font-size:1rem;padding:.6rem 1.2rem}</style></head><body><h1>" + title + "</h1>" + body
                + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
