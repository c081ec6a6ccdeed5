package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Batches;
import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A tarpitting relay (Postfix's smtp-sink answering each DATA after a second) and one setup with a backlog of 40
 * claimed at once: another setup's message, accepted after that claim, goes out while most of the backlog is still
 * queued (the scheduler claims again while a claim's messages are being sent, and the dispatch threads take the new
 * claim's messages in turn), and the backlog itself still goes out, every message of it.
 */
class TarpitRelayTest {

    @Test
    void shouldNotHoldOneSetupsMailBehindAnotherSetupsBacklogOnASlowRelay() throws Exception {
        Path dump = Files.createTempDirectory("tarpit");
        new ProcessBuilder("chown", "nobody", dump.toString()).inheritIO().start().waitFor();
        int port = FreePorts.next();
        Process sink = new ProcessBuilder("smtp-sink", "-u", "nobody", "-w", "1", "127.0.0.1:" + port, "64")
                .redirectErrorStream(true).redirectOutput(dump.resolve("smtp-sink.log").toFile()).start();
        Map<String, String> properties = RunningService.isolated();
        properties.put("smtp.host", "127.0.0.1");
        properties.put("smtp.port", String.valueOf(port));
        properties.put("dispatch.concurrency", "4");
        // the first claim comes after the whole backlog is queued, and claims are far apart
        properties.put("dispatch.initial-delay-ms", "8000");
        properties.put("dispatch.poll-ms", "3000");
        RunningService service = RunningService.start(properties);
        try {
            Api api = service.api();
            String busyKey = api.newWorkspaceKey("backlog");
            JsonNode busy = VerifiedSetups.useCase(api, busyKey, VerifiedSetups.create(api, busyKey), "marketing", "use_case");
            String quietKey = api.newWorkspaceKey("quiet");
            JsonNode quiet = VerifiedSetups.useCase(api, quietKey, VerifiedSetups.create(api, quietKey), "marketing", "use_case");
            assertThat(api.post("/v1/email/messages/batch", busyKey, Batches.newsletters(busy.get("id").asText(), 40))
                    .status()).isEqualTo(207);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(api, busyKey, "sent") >= 1);

            String id = api.post("/v1/email/messages", quietKey, "{\"useCaseId\":\"" + quiet.get("id").asText()
                    + "\",\"to\":\"patient@example.org\",\"subject\":\"Hello\",\"text\":\"Hi\"}").json().get("id").asText();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.get("/v1/email/messages/" + id, quietKey).json().get("status").asText().equals("sent"));

            assertThat(count(api, busyKey, "queued")).as("the other setup's backlog is still going out")
                    .isGreaterThanOrEqualTo(10);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(api, busyKey, "sent") == 40);
        } finally {
            service.close();
            sink.destroy();
            sink.waitFor();
        }
    }

    private static int count(Api api, String key, String status) {
        return api.get("/v1/email/messages?status=" + status + "&limit=200", key).json().get("items").size();
    }
}
