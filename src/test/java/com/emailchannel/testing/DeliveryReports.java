package com.emailchannel.testing;

import java.util.UUID;

/** Delivery status notifications (RFC 3464) as a receiving MTA would write them, for tests. */
public final class DeliveryReports {

    private DeliveryReports() {
    }

    public static String dsn(String to, String envelopeId, String originalMessageId, String recipient, String action,
            String status, String diagnostic) {
        String boundary = "dsn-" + UUID.randomUUID();
        return String.join("\r\n", "From: MAILER-DAEMON@relay.example", "To: " + to,
                "Subject: Delivery Status Notification", "Auto-Submitted: auto-replied",
                "Message-ID: <dsn-" + UUID.randomUUID() + "@relay.example>", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"", "",
                "--" + boundary, "Content-Type: text/plain", "", "Delivery report.", "",
                "--" + boundary, "Content-Type: message/delivery-status", "",
                "Reporting-MTA: dns; relay.example", envelopeId == null ? "X-No-Envid: yes" : "Original-Envelope-Id: " + envelopeId, "",
                "Final-Recipient: rfc822; " + recipient, "Action: " + action, "Status: " + status,
                "Diagnostic-Code: " + diagnostic, "",
                "--" + boundary, "Content-Type: text/rfc822-headers", "",
                "Message-ID: " + (originalMessageId == null ? "<none@x>" : originalMessageId), "Subject: Reminder", "",
                "--" + boundary + "--", "");
    }

}
