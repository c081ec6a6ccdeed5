package com.emailchannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldAnswerASendWithItsJsonAndLengthAndNoRequestOrWorkingHeader() throws Exception {
        String key = api.newWorkspaceKey("headers");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        String body = "{\"useCaseId\":\"" + useCase.get("id").asText() + "\",\"to\":\"patient@example.org\","
                + "\"subject\":\"Reminder\",\"text\":\"Tuesday at 10:00\"}";

        HttpResponse<String> accepted = overHttp11(post("/v1/email/messages", key, body)
                .header("Idempotency-Key", "headers-1").header("X-Trace", "client-side"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"status\":\"queued\"");
        assertThat(names(accepted)).containsExactlyInAnyOrder("content-type", "content-length");
        assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(accepted.headers().firstValue("Content-Length").map(Integer::parseInt))
                .hasValue(accepted.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldKeepTheHeadersARouteSetsOnPurpose() throws Exception {
        String key = api.newWorkspaceKey("headers-created");
        HttpResponse<String> created = overHttp11(post("/v1/email/setups", key,
                "{\"tenantName\":\"headers-clinic\",\"domain\":\"headers.clinic.example\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(names(created)).containsExactlyInAnyOrder("content-type", "content-length", "location");
        String id = new ObjectMapper().readTree(created.body()).get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/v1/email/setups/" + id));

        HttpResponse<String> refused = overHttp11(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/v1/email/setups")).header("Authorization", "Bearer not-a-key"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(names(refused)).containsExactlyInAnyOrder("content-type", "content-length", "www-authenticate");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue(ProblemJson.MEDIA_TYPE);
        assertThat(refused.body()).contains("\"status\":401");
    }

    private HttpRequest.Builder post(String path, String key, String json) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** HTTP/1.1, as most REST clients speak it: there an answer without a Content-Length goes out chunked. */
    private static HttpResponse<String> overHttp11(HttpRequest.Builder request) throws Exception {
        return HTTP_1_1.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> names(HttpResponse<String> response) {
        Set<String> names = new TreeSet<>();
        // ":status" is the Java client's pseudo-header for the status line, not a header the server sent
        response.headers().map().keySet().stream().filter(name -> !name.startsWith(":"))
                .forEach(name -> names.add(name.toLowerCase()));
        return names;
    }
}
