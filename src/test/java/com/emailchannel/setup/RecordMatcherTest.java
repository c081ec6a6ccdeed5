package com.emailchannel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordMatcherTest {

    private static final ExpectedRecord DKIM = new ExpectedRecord("dkim", "TXT", "s._domainkey.example.com",
            "v=DKIM1; k=rsa; p=MIIBKEY+/=");
    private static final ExpectedRecord MX = new ExpectedRecord("mx", "MX", "example.com", "10 mx.inbound.example");
    private static final ExpectedRecord DMARC = new ExpectedRecord("dmarc", "TXT", "_dmarc.example.com",
            SetupRecords.DMARC_VALUE);

    @Test
    void shouldMatchOurDkimKeyWhateverTheSpacingAndTagOrder() {
        assertThat(RecordMatcher.matches(DKIM, List.of("v=DKIM1; k=rsa; p=MIIBKEY+/="))).isTrue();
        assertThat(RecordMatcher.matches(DKIM, List.of("k=rsa;v=DKIM1;p=MIIB KEY+/="))).isTrue();
        assertThat(RecordMatcher.matches(DKIM, List.of("p=MIIBKEY+/="))).isTrue();
        assertThat(RecordMatcher.matches(DKIM, List.of("other", "v=DKIM1; k=rsa; p=MIIBKEY+/="))).isTrue();
    }

    @Test
    void shouldNotMatchAnotherDkimKeyOrAnotherKeyType() {
        assertThat(RecordMatcher.matches(DKIM, List.of("v=DKIM1; k=rsa; p=MIIBOTHER"))).isFalse();
        assertThat(RecordMatcher.matches(DKIM, List.of("v=DKIM1; k=ed25519; p=MIIBKEY+/="))).isFalse();
        assertThat(RecordMatcher.matches(DKIM, List.of("v=DKIM2; p=MIIBKEY+/="))).isFalse();
        assertThat(RecordMatcher.matches(DKIM, List.of("v=DKIM1; k=rsa; p="))).isFalse();
        assertThat(RecordMatcher.matches(DKIM, List.of())).isFalse();
    }

    @Test
    void shouldMatchTheMxHostCaseInsensitivelyWithoutTheTrailingDot() {
        assertThat(RecordMatcher.matches(MX, List.of("10 MX.Inbound.Example."))).isTrue();
        assertThat(RecordMatcher.matches(MX, List.of("5 backup.example", "20 mx.inbound.example"))).isTrue();
        assertThat(RecordMatcher.matches(MX, List.of("10 mx.other.example"))).isFalse();
    }

    @Test
    void shouldAcceptAnyValidDmarcPolicy() {
        assertThat(RecordMatcher.matches(DMARC, List.of("v=DMARC1; p=reject; rua=mailto:d@example.com"))).isTrue();
        assertThat(RecordMatcher.matches(DMARC, List.of("v=DMARC1;p=Quarantine"))).isTrue();
        assertThat(RecordMatcher.matches(DMARC, List.of("some-verification=abc", "v=DMARC1; p=none"))).isTrue();
    }

    @Test
    void shouldRejectInvalidOrAmbiguousDmarcRecords() {
        assertThat(RecordMatcher.matches(DMARC, List.of("v=DMARC1; p=maybe"))).isFalse();
        assertThat(RecordMatcher.matches(DMARC, List.of("v=DMARC1"))).isFalse();
        assertThat(RecordMatcher.matches(DMARC, List.of("p=none; v=DMARC1"))).isFalse();
        // RFC 7489 §6.6.3: more than one policy record means none applies.
        assertThat(RecordMatcher.matches(DMARC, List.of("v=DMARC1; p=none", "v=DMARC1; p=reject"))).isFalse();
    }
}
