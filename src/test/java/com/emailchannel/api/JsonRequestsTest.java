package com.emailchannel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonRequestsTest {

    private final JsonRequests requests = new JsonRequests(new ObjectMapper());

    @Test
    void shouldAcceptJsonMediaTypesWithParameters() {
        assertThat(requests.read("application/json; charset=utf-8", "{\"a\":\"b\"}").requiredString("a", 5)).isEqualTo("b");
        assertThat(requests.read("application/merge-patch+json", "{}")).isNotNull();
    }

    @Test
    void shouldAnswer415ForOtherMediaTypes() {
        assertThatThrownBy(() -> requests.read("text/json", "{}")).extracting(e -> ((ApiProblem) e).status()).isEqualTo(415);
        assertThatThrownBy(() -> requests.read(null, "{}")).extracting(e -> ((ApiProblem) e).status()).isEqualTo(415);
    }

    @Test
    void shouldCollectEveryFieldError() {
        JsonFields fields = requests.read("application/json",
                "{\"long\":\"abcdef\",\"number\":1,\"choice\":\"x\",\"control\":\"a\\u0000b\"}");
        fields.requiredString("missing", 10);
        fields.requiredString("long", 5);
        fields.requiredString("number", 5);
        fields.optionalChoice("choice", Set.of("a", "b"), "a");
        fields.optionalString("control", 10);

        assertThatThrownBy(fields::validate).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(ApiProblem.FieldError::field)
                    .containsExactly("missing", "long", "number", "choice", "control");
        });
    }

    @Test
    void shouldUseTheFallbackForAnAbsentChoice() {
        assertThat(requests.read("application/json", "{}").optionalChoice("scope", Set.of("a"), "a")).isEqualTo("a");
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8AsABadRequest() {
        byte[] latin1 = "{\"subject\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> requests.read("application/json", latin1))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.detail()).startsWith("The request body is not valid JSON");
                });
    }

    @Test
    void shouldReadUtf8BytesAsTheSameTextAsAString() {
        byte[] utf8 = "{\"subject\":\"caf\u00e9 \ud83d\ude00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(requests.read("application/json", utf8).requiredString("subject", 20)).isEqualTo("caf\u00e9 \ud83d\ude00");
    }

    @Test
    void shouldAnswerAnEmptyBodyOfWhitespaceAsEmpty() {
        assertThatThrownBy(() -> requests.read("application/json", " \r\n\t".getBytes()))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.detail()).contains("empty"));
    }
}
