package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundClassifierTest {

    @Test
    void shouldLeaveOnlyReportsAndUnsubscribesToBeActedOnAfterStoring() {
        assertThat(InboundClassifier.actedOnAfterStoring("delivery_report")).isTrue();
        assertThat(InboundClassifier.actedOnAfterStoring("complaint")).isTrue();
        assertThat(InboundClassifier.actedOnAfterStoring("unsubscribe")).isTrue();
        assertThat(InboundClassifier.actedOnAfterStoring("reply")).isFalse();
        assertThat(InboundClassifier.actedOnAfterStoring("auto_reply")).isFalse();
    }
}
