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

    @Test
    void shouldRefuseAnAttachmentWithoutAFilenameEvenWithValidContent() {
        // found by Jazzer (ParsersFuzzTest): a valid content used to make the request a 500 instead of a 400
        SendRequests requests = new SendRequests(new com.emailchannel.api.JsonRequests(
                new com.fasterxml.jackson.databind.ObjectMapper()), new com.fasterxml.jackson.databind.ObjectMapper(),
                1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> requests.message("application/json", (
                "{\"useCaseId\":\"00000000-0000-0000-0000-000000000001\",\"to\":\"a@b.example\",\"subject\":\"s\","
                        + "\"text\":\"t\",\"attachments\":[{\"content\":\"QUJD\"}]}").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(com.emailchannel.api.ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.errors()).extracting(e -> e.field()).contains("attachments[0].filename");
                });
    }
}
