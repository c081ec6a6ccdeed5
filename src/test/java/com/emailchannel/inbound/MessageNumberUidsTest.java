package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageNumberUidsTest {

    @Test
    void shouldKeyAMessageByItsNumberWithoutReadingItsHeaders() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            {
                setMessageNumber(42);
            }

            @Override
            public String[] getHeader(String name) {
                throw new AssertionError("read header " + name);
            }
        };

        assertThat(new MessageNumberUids().generateUuid(null, message)).isEqualTo("42");
    }
}
