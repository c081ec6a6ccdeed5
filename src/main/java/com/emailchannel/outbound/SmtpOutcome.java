package com.emailchannel.outbound;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What a failed hand-over to the relay means for the message:
 * <ul>
 * <li>{@code BOUNCE}: a 5xx for the recipient or the content (RCPT, DATA): a hard bounce, at once;</li>
 * <li>{@code REJECT}: a 5xx to MAIL FROM: the relay refuses us, not the recipient: failed, no suppression;</li>
 * <li>{@code RETRY}: a 4xx, a timeout, a refused or dropped connection: try again later.</li>
 * </ul>
 *
 * @param code         the SMTP reply code, 0 when there was no reply
 * @param enhancedCode the RFC 3463 status (e.g. {@code 5.1.1}) when the reply had one
 * @param diagnostic   the reply text or what failed
 */
public record SmtpOutcome(Kind kind, int code, String enhancedCode, String diagnostic) {

    public enum Kind { BOUNCE, REJECT, RETRY }

    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    public static SmtpOutcome of(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException address) {
                return fromReply(address.getReturnCode(), address.getMessage(), false);
            }
            if (t instanceof SMTPSendFailedException send) {
                String command = send.getCommand() == null ? "" : send.getCommand().toUpperCase(java.util.Locale.ROOT);
                return fromReply(send.getReturnCode(), send.getMessage(), command.startsWith("MAIL"));
            }
        }
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new SmtpOutcome(Kind.RETRY, 0, null, what);
    }

    public boolean retry() {
        return kind == Kind.RETRY;
    }

    private static SmtpOutcome fromReply(int code, String text, boolean atMailFrom) {
        String diagnostic = text == null ? "" : text.strip();
        Matcher enhanced = ENHANCED.matcher(diagnostic);
        String enhancedCode = enhanced.find() ? enhanced.group(1) : null;
        if (code >= 500) {
            return new SmtpOutcome(atMailFrom ? Kind.REJECT : Kind.BOUNCE, code, enhancedCode, diagnostic);
        }
        return new SmtpOutcome(Kind.RETRY, code, enhancedCode, diagnostic);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SendFailedException send && send.getNextException() != null) {
            return send.getNextException();
        }
        if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
