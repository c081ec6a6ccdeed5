package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A setup's send rate is limited; a marketing batch queued first does not hold back the setup's transactional
 * mail, which is dispatched ahead of it.
 */
class DispatchPriorityTest {

    @Test
    void shouldSendTransactionalMailAheadOfAQueuedMarketingBatch() {
        Map<String, String> properties = RunningService.isolated();
                properties.put("dispatch.rate-per-setup", "10");
        properties.put("dispatch.burst-per-setup", "2");
        RunningService service = RunningService.start(properties);
        try {
            Api api = service.api();
            String key = api.newWorkspaceKey("priority");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "setup");
            JsonNode transactional = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
            ObjectMapper json = new ObjectMapper();
            ObjectNode batch = json.createObjectNode().put("useCaseId", marketing.get("id").asText());
            for (int i = 0; i < 60; i++) {
                batch.withArray("messages").addObject().put("to", "reader" + i + "@example.org")
                        .put("subject", "Newsletter").put("html", "<p>News</p>");
            }
            assertThat(api.post("/v1/email/messages/batch", key, batch.toString()).status()).isEqualTo(207);
            List<String> urgent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                urgent.add(api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + transactional.get("id").asText()
                        + "\",\"to\":\"patient" + i + "@example.org\",\"subject\":\"Code\",\"text\":\"123456\"}")
                        .json().get("id").asText());
            }

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> urgent.stream().allMatch(id ->
                    api.get("/v1/email/messages/" + id, key).json().get("status").asText().equals("sent")));

            long marketingSent = api.get("/v1/email/messages?limit=200&status=sent&useCaseId="
                    + marketing.get("id").asText(), key).json().get("items").size();
            assertThat(marketingSent).as("marketing sent when the transactional mail was out").isLessThan(40);
        } finally {
            service.close();
        }
    }
}
