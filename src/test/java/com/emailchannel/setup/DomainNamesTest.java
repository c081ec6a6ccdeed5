package com.emailchannel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNamesTest {

    @Test
    void shouldLowerCaseAndDropTheTrailingDot() {
        assertThat(DomainNames.normalise(" Notifications.Example.COM. ")).isEqualTo("notifications.example.com");
    }

    @Test
    void shouldTurnInternationalNamesIntoALabels() {
        assertThat(DomainNames.normalise("Bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(DomainNames.normalise("mail.xn--bcher-kva.example")).isEqualTo("mail.xn--bcher-kva.example");
        assertThat(DomainNames.normalise("почта.рф")).isEqualTo("xn--80a1acny.xn--p1ai");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "-bad.example", "bad-.example", "a..b.example", "under_score.example",
            "spa ce.example", "1.2.3.4", "example.", ".example.com", "bad\r\n.example"})
    void shouldRejectWhatCannotBeASendingDomain(String input) {
        assertThat(DomainNames.normalise(input)).isNull();
    }

    @Test
    void shouldRejectLabelsAndNamesThatAreTooLong() {
        assertThat(DomainNames.normalise("a".repeat(64) + ".example")).isNull();
        assertThat(DomainNames.normalise("a".repeat(63) + ".example")).isNotNull();
        String longName = ("a".repeat(63) + ".").repeat(4) + "example";
        assertThat(DomainNames.normalise(longName)).isNull();
    }
}
