package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpOutcomeTest {

    @Test
    void shouldBounceA5xxForTheRecipient() throws Exception {
        SMTPAddressFailedException rcpt = new SMTPAddressFailedException(new InternetAddress("a@example.org"),
                "RCPT TO:<a@example.org>", 550, "550 5.1.1 <a@example.org>: User unknown");
        SendFailedException failed = new SendFailedException("Invalid Addresses", rcpt);

        SmtpOutcome outcome = SmtpOutcome.of(new RuntimeException(failed));

        assertThat(outcome.kind()).isEqualTo(SmtpOutcome.Kind.BOUNCE);
        assertThat(outcome.code()).isEqualTo(550);
        assertThat(outcome.enhancedCode()).isEqualTo("5.1.1");
        assertThat(outcome.diagnostic()).contains("User unknown");
    }

    @Test
    void shouldBounceA5xxAtData() {
        SMTPSendFailedException data = new SMTPSendFailedException("DATA", 554, "554 5.6.0 Message rejected", null,
                null, null, null);

        assertThat(SmtpOutcome.of(data).kind()).isEqualTo(SmtpOutcome.Kind.BOUNCE);
    }

    @Test
    void shouldFailWithoutBouncingWhenTheRelayRefusesOurSender() {
        SMTPSendFailedException mailFrom = new SMTPSendFailedException("MAIL FROM:<b@example.com>", 553,
                "553 5.7.1 Sender address rejected: not owned by user", null, null, null, null);

        assertThat(SmtpOutcome.of(mailFrom).kind()).isEqualTo(SmtpOutcome.Kind.REJECT);
    }

    @Test
    void shouldRetryTemporaryReplies() throws Exception {
        SMTPAddressFailedException busy = new SMTPAddressFailedException(new InternetAddress("a@example.org"),
                "RCPT TO:<a@example.org>", 450, "450 4.2.1 Mailbox busy");

        SmtpOutcome outcome = SmtpOutcome.of(new SendFailedException("x", busy));

        assertThat(outcome.retry()).isTrue();
        assertThat(outcome.code()).isEqualTo(450);
        assertThat(outcome.enhancedCode()).isEqualTo("4.2.1");
    }

    @Test
    void shouldRetryConnectionFailuresAndTimeouts() {
        assertThat(SmtpOutcome.of(new MessagingException("Couldn't connect", new ConnectException("refused"))).kind())
                .isEqualTo(SmtpOutcome.Kind.RETRY);
        SmtpOutcome timeout = SmtpOutcome.of(new MessagingException("read", new SocketTimeoutException("Read timed out")));
        assertThat(timeout.retry()).isTrue();
        assertThat(timeout.code()).isZero();
        assertThat(timeout.diagnostic()).isEqualTo("SocketTimeoutException: Read timed out");
    }
}
