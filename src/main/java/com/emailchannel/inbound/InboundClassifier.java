package com.emailchannel.inbound;

import java.util.Locale;

/**
 * What kind of inbound mail this is: a delivery report (RFC 3464 {@code multipart/report;
 * report-type=delivery-status}), a complaint (RFC 5965 {@code report-type=feedback-report}), an automatic reply
 * (RFC 3834 {@code Auto-Submitted} other than {@code no}, or the common vacation markers), an Amazon SES JSON
 * notification (bounce, delivery or complaint), a mailto unsubscribe
 * ({@code unsubscribe+<token>@...}), or a reply. Reports and complaints belong to delivery tracking; the rest is
 * threaded as a reply.
 */
public final class InboundClassifier {

    private InboundClassifier() {
    }

    /**
     * Whether the inbound route acts on mail of this classification after storing it (a report applied by delivery
     * tracking, a mailto unsubscribe): such mail is stored unapplied until the route has; the rest is stored applied.
     */
    public static boolean actedOnAfterStoring(String classification) {
        return switch (classification) {
            case "delivery_report", "complaint", "unsubscribe" -> true;
            default -> false;
        };
    }

    public static String classify(WalkedMessage message, String recipients) {
        String type = lower(message.header("content-type"));
        if (type.startsWith("multipart/report")) {
            if (type.contains("feedback-report")) {
                return "complaint";
            }
            if (type.contains("delivery-status")) {
                return "delivery_report";
            }
        }
        // Amazon SES (through SNS) reports as JSON in a plain text mail.
        String text = message.text() == null ? "" : message.text();
        if (text.contains("\"notificationType\"")) {
            if (text.matches("(?s).*\"notificationType\"\\s*:\\s*\"Complaint\".*")) {
                return "complaint";
            }
            if (text.matches("(?s).*\"notificationType\"\\s*:\\s*\"(Bounce|Delivery)\".*")) {
                return "delivery_report";
            }
        }
        if (lower(recipients).contains("unsubscribe+") || lower(message.header("x-apple-unsubscribe")).equals("true")) {
            return "unsubscribe";
        }
        String autoSubmitted = lower(message.header("auto-submitted"));
        if ((!autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no")) || message.header("x-autoreply") != null
                || message.header("x-autorespond") != null
                || lower(message.header("precedence")).equals("auto_reply")
                || lower(message.header("x-auto-response-suppress")).contains("oof")) {
            return "auto_reply";
        }
        return "reply";
    }

    private static String lower(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
