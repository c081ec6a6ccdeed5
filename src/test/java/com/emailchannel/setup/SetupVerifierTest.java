package com.emailchannel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.dns.DnsAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetupVerifierTest {

    private static final ExpectedRecord MX = new ExpectedRecord("mx", "MX", "example.com", "10 mx.inbound.example");

    @Test
    void shouldRateAnswers() {
        assertThat(SetupVerifier.rate(MX, DnsAnswer.found(List.of("10 mx.inbound.example"))).status()).isEqualTo("verified");
        RecordCheck other = SetupVerifier.rate(MX, DnsAnswer.found(List.of("10 mx.elsewhere.example")));
        assertThat(other.status()).isEqualTo("pending");
        assertThat(other.found()).containsExactly("10 mx.elsewhere.example");
        assertThat(SetupVerifier.rate(MX, DnsAnswer.absent("NXDOMAIN")).status()).isEqualTo("pending");
        RecordCheck failed = SetupVerifier.rate(MX, DnsAnswer.failed("the DNS lookup timed out"));
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.detail()).isEqualTo("the DNS lookup timed out");
    }

    @Test
    void shouldVerifyOnlyWhenEveryRecordIsVerified() {
        assertThat(SetupVerifier.nextStatus("pending", checks("verified", "verified", "verified"))).isEqualTo("verified");
        assertThat(SetupVerifier.nextStatus("verified", checks("verified", "pending", "verified"))).isEqualTo("pending");
    }

    @Test
    void shouldKeepThePreviousStatusWhenALookupFailed() {
        assertThat(SetupVerifier.nextStatus("verified", checks("verified", "error", "verified"))).isEqualTo("verified");
        assertThat(SetupVerifier.nextStatus("pending", checks("verified", "error", "verified"))).isEqualTo("pending");
        assertThat(SetupVerifier.nextStatus("verified", checks("pending", "error", "verified"))).isEqualTo("verified");
    }

    private static List<RecordCheck> checks(String... statuses) {
        return List.of(new RecordCheck("dkim", statuses[0], List.of(), null),
                new RecordCheck("mx", statuses[1], List.of(), null),
                new RecordCheck("dmarc", statuses[2], List.of(), null));
    }
}
