package com.emailchannel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hard or soft from the text of a bounce: codes first, then phrases. */
class DeliveryReportParserTest {

    @Test
    void shouldReadTheEnhancedStatusCodeFirst() {
        assertThat(DeliveryReportParser.fromText("host said: 550 5.1.1 <a@b>... User Unknown")).isEqualTo("hard");
        assertThat(DeliveryReportParser.fromText("452 4.2.2 Mailbox full")).isEqualTo("soft");
        assertThat(DeliveryReportParser.fromText("554 5.7.1 Service unavailable; client host blocked")).isEqualTo("soft");
        assertThat(DeliveryReportParser.fromText("version 15.2.1.1 of the server")).isNull();
    }

    @Test
    void shouldTakeAReplyCodeOnlyWhereAReplyStands() {
        assertThat(DeliveryReportParser.replyCode("Remote host said:550 no")).isEqualTo('5');
        assertThat(DeliveryReportParser.replyCode("(reason: 450 try again)")).isEqualTo('4');
        assertThat(DeliveryReportParser.replyCode("550-first line")).isEqualTo('5');
        assertThat(DeliveryReportParser.replyCode("size 12550 bytes, id A450 ")).isEqualTo((char) 0);
    }

    @Test
    void shouldLetPhrasesAboutTheAddressOutweighPhrasesAboutDelay() {
        assertThat(DeliveryReportParser.fromText("The account or domain may not exist, they may be blacklisted"))
                .isEqualTo("hard");
        assertThat(DeliveryReportParser.fromText("Message delayed: MAILBOX IS FULL")).isEqualTo("soft");
        assertThat(DeliveryReportParser.fromText("nothing to see")).isNull();
    }
}
