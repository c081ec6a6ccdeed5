package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import org.junit.jupiter.api.Test;

/** Every error the API or its HTTP server gives is RFC 9457 problem+json, never HTML or a stack trace. */
class HttpErrorsTest {

    private final Api api = RunningService.shared().api();
    private final String key = api.newWorkspaceKey("errors");

    @Test
    void shouldAnswerUnknownPathsWithProblemJson() {
        assertProblem(api.get("/v1/nothing-here", key), 404, "not-found");
        assertProblem(api.get("/", null), 404, "not-found");
    }

    @Test
    void shouldAnswerWrongMethodsWithProblemJson() {
        assertProblem(api.send("PUT", "/v1/email/setups", key, "application/json", "{}"), 405, "method-not-allowed");
        assertProblem(api.send("PATCH", "/v1/workspaces", key, "application/json", "{}"), 405, "method-not-allowed");
    }

    @Test
    void shouldAnswerMalformedJsonWithProblemJson() {
        Response response = api.post("/v1/email/setups", key, "{\"tenantName\": \"a\",");
        assertProblem(response, 400, "bad-request");
        assertThat(response.json().get("detail").asText()).contains("not valid JSON");
        assertProblem(api.post("/v1/email/setups", key, "[1,2]"), 400, "bad-request");
        assertProblem(api.post("/v1/email/setups", key, ""), 400, "bad-request");
    }

    @Test
    void shouldAnswerAWrongMediaTypeWithProblemJson() {
        assertProblem(api.send("POST", "/v1/email/setups", key, "text/plain", "{}"), 415, "unsupported-media-type");
        assertProblem(api.send("POST", "/v1/email/setups", key, null, "{}"), 415, "unsupported-media-type");
        assertProblem(api.send("POST", "/v1/workspaces", RunningService.ADMIN_TOKEN, "application/xml", "<a/>"), 415,
                "unsupported-media-type");
    }

    @Test
    void shouldAnswerOversizedBodiesWithProblemJson() {
        String huge = "{\"tenantName\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}";
        assertProblem(api.post("/v1/email/setups", key, huge), 413, "too-large");
    }

    private static void assertProblem(Response response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("https://email-channel.dev/problems/" + slug);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
