package com.emailchannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What an answer of the API carries, end to end over HTTP: the headers the route meant to send and a
 * Content-Length, never the client's own request headers or the routes' working headers (SQL results, the
 * authenticated workspace).
 */
class ResponseHeadersTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldAnswerASendWithItsJsonAndLengthAndNoRequestOrWorkingHeader() {
        String key = api.newWorkspaceKey("headers");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        String body = "{\"useCaseId\":\"" + useCase.get("id").asText() + "\",\"to\":\"patient@example.org\","
                + "\"subject\":\"Reminder\",\"text\":\"Tuesday at 10:00\"}";

        Response accepted = api.send("POST", "/v1/email/messages", key, "application/json", body,
                "Idempotency-Key", "headers-1");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asText()).isEqualTo("queued");
        assertThat(names(accepted)).containsExactlyInAnyOrder("content-type", "content-length");
        assertThat(accepted.contentType()).isEqualTo("application/json");
        assertThat(Integer.parseInt(accepted.header("Content-Length")))
                .isEqualTo(accepted.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldKeepTheHeadersARouteSetsOnPurpose() {
        String key = api.newWorkspaceKey("headers-created");
        Response created = api.post("/v1/email/setups", key,
                "{\"tenantName\":\"headers-clinic\",\"domain\":\"headers.clinic.example\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(names(created)).containsExactlyInAnyOrder("content-type", "content-length", "location");
        assertThat(created.header("Location")).endsWith("/v1/email/setups/" + created.json().get("id").asText());

        Response refused = api.get("/v1/email/setups", "not-a-key");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(names(refused)).containsExactlyInAnyOrder("content-type", "content-length", "www-authenticate");
        assertThat(refused.contentType()).isEqualTo(ProblemJson.MEDIA_TYPE);
    }

    private static Set<String> names(Response response) {
        Set<String> names = new TreeSet<>();
        // ":status" is the Java client's pseudo-header for the status line, not a header the server sent
        response.raw().headers().map().keySet().stream().filter(name -> !name.startsWith(":"))
                .forEach(name -> names.add(name.toLowerCase()));
        return names;
    }
}
