package com.emailchannel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @Test
    void shouldNormaliseTheDomainAndKeepTheLocalPart() {
        assertThat(EmailAddresses.normalise("Appointments@Notifications.Bücher.example"))
                .isEqualTo("Appointments@notifications.xn--bcher-kva.example");
        assertThat(EmailAddresses.normalise("first.last+tag@example.com")).isEqualTo("first.last+tag@example.com");
        assertThat(EmailAddresses.domainOf("a@b.example")).isEqualTo("b.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "@example.com", "a@", "a@@example.com", "a..b@example.com", ".a@example.com",
            "\"quoted\"@example.com", "a b@example.com", "a@localhost", "a\r\nBcc: x@example.com"})
    void shouldRejectWhatIsNotAPlainAddress(String address) {
        assertThat(EmailAddresses.normalise(address)).isNull();
    }
}
