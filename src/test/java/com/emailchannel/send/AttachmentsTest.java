package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class AttachmentsTest {

    @Test
    void shouldComputeTheDecodedSizeOfValidBase64() {
        for (int size = 0; size < 10; size++) {
            byte[] bytes = new byte[size];
            assertThat(Attachments.decodedSize(Base64.getEncoder().encodeToString(bytes))).isEqualTo(size);
        }
        assertThat(Attachments.decodedSize(Base64.getMimeEncoder().encodeToString(new byte[1000]))).isEqualTo(1000);
    }

    @Test
    void shouldRefuseInvalidBase64() {
        assertThat(Attachments.decodedSize("abc")).isEqualTo(-1);
        assertThat(Attachments.decodedSize("ab=c")).isEqualTo(-1);
        assertThat(Attachments.decodedSize("a===")).isEqualTo(-1);
        assertThat(Attachments.decodedSize("ab-_")).isEqualTo(-1);
        assertThat(Attachments.decodedSize("%%%%")).isEqualTo(-1);
    }
}
