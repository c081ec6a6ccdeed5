package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The relay is down: messages stay queued with their retries recorded, and go out once when it is back. */
class RelayOutageTest {

    @Test
    void shouldKeepMessagesQueuedWhileTheRelayIsDownAndSendThemOnceWhenItIsBack() {
        int relayPort = FreePorts.next();
        RunningService service = RunningService.start(withRelay(relayPort, 20));
        GreenMail relay = null;
        try {
            Api api = service.api();
            String key = api.newWorkspaceKey("outage");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
            JsonNode accepted = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                    + "\",\"to\":\"patient@example.org\",\"subject\":\"Lab results\",\"text\":\"Ready.\"}").json();
            String path = "/v1/email/messages/" + accepted.get("id").asText();

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.get(path, key).json().get("events").findValuesAsText("type").stream()
                            .filter("deferred"::equals).count() >= 2);
            JsonNode waiting = api.get(path, key).json();
            assertThat(waiting.get("status").asText()).isEqualTo("queued");
            JsonNode deferred = waiting.get("events").get(1);
            assertThat(deferred.get("detail").get("diagnostic").asText()).containsIgnoringCase("connect");
            assertThat(deferred.get("detail").get("nextAttemptAt").asText()).isNotBlank();

            relay = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            relay.start();
            GreenMail running = relay;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.get(path, key).json().get("status").asText().equals("sent"));

            Mailboxes.awaitOne(relay, accepted.get("messageId").asText());
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    Mailboxes.withMessageId(running, accepted.get("messageId").asText()).size() == 1);
            assertThat(api.get(path, key).json().get("events").findValuesAsText("type")).last().isEqualTo("sent");
        } finally {
            if (relay != null) {
                relay.stop();
            }
            service.close();
        }
    }

    @Test
    void shouldFailAMessageOnceItsRetriesAreExhausted() {
        RunningService service = RunningService.start(withRelay(FreePorts.next(), 3));
        try {
            Api api = service.api();
            String key = api.newWorkspaceKey("exhausted");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
            String id = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                    + "\",\"to\":\"patient@example.org\",\"subject\":\"News\",\"html\":\"<p>News</p>\"}").json()
                    .get("id").asText();

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.get("/v1/email/messages/" + id, key).json().get("status").asText().equals("failed"));

            JsonNode failed = api.get("/v1/email/messages/" + id, key).json();
            assertThat(failed.get("events").findValuesAsText("type")).containsExactly("queued", "deferred", "deferred", "failed");
            assertThat(failed.get("events").get(3).get("detail").get("reason").asText()).isEqualTo("gave up after 3 attempts");
        } finally {
            service.close();
        }
    }

    private static Map<String, String> withRelay(int relayPort, int maxAttempts) {
        Map<String, String> properties = RunningService.isolated();
                properties.put("smtp.host", "127.0.0.1");
        properties.put("smtp.port", String.valueOf(relayPort));
        properties.put("smtp.timeout-ms", "2000");
        properties.put("smtp.retry.initial-delay-ms", "100");
        properties.put("smtp.retry.max-delay-ms", "300");
        properties.put("smtp.retry.max-attempts", String.valueOf(maxAttempts));
        return properties;
    }
}
