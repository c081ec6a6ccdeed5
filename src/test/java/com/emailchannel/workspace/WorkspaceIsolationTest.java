package com.emailchannel.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Walks every workspace route with another workspace's key: each answers 404 exactly as for an id that does not
 * exist, lists show nothing of the other workspace, and nothing is changed. Without a key every route is 401.
 */
class WorkspaceIsolationTest {

    private final Api api = RunningService.shared().api();

    @Test
    void shouldHideEveryResourceOfAnotherWorkspace() {
        String owner = api.newWorkspaceKey("owner");
        String intruder = api.newWorkspaceKey("intruder");
        JsonNode setup = VerifiedSetups.create(api, owner);
        String setupId = setup.get("id").asText();
        JsonNode useCase = api.post("/v1/email/use-cases", owner, "{\"setupId\":\"" + setupId
                + "\",\"senderAddress\":\"a@" + setup.get("domain").asText() + "\",\"emailType\":\"marketing\","
                + "\"entityName\":\"e\",\"useCaseName\":\"u\"}").json();
        String useCaseId = useCase.get("id").asText();
        JsonNode message = api.post("/v1/email/messages", owner, "{\"useCaseId\":\"" + useCaseId
                + "\",\"to\":\"p@example.org\",\"subject\":\"s\",\"text\":\"t\"}").json();
        String messageId = message.get("id").asText();

        List<Response> foreign = List.of(
                api.get("/v1/email/setups/" + setupId, intruder),
                api.post("/v1/email/setups/" + setupId + "/verify", intruder, ""),
                api.delete("/v1/email/setups/" + setupId, intruder),
                api.get("/v1/email/use-cases/" + useCaseId, intruder),
                api.delete("/v1/email/use-cases/" + useCaseId, intruder),
                api.post("/v1/email/use-cases", intruder, "{\"setupId\":\"" + setupId + "\",\"senderAddress\":\"b@"
                        + setup.get("domain").asText() + "\",\"emailType\":\"marketing\",\"entityName\":\"e\","
                        + "\"useCaseName\":\"u\"}"),
                api.get("/v1/email/messages/" + messageId, intruder),
                api.get("/v1/email/threads/" + message.get("threadId").asText(), intruder),
                api.post("/v1/email/messages", intruder, "{\"useCaseId\":\"" + useCaseId
                        + "\",\"to\":\"p@example.org\",\"subject\":\"s\",\"text\":\"t\"}"));
        Response batch = api.post("/v1/email/messages/batch", intruder, "{\"useCaseId\":\"" + useCaseId
                + "\",\"messages\":[{\"to\":\"p@example.org\",\"subject\":\"s\",\"text\":\"t\"}]}");
        assertThat(batch.json().get("items").get(0).get("status").asInt()).isEqualTo(404);
        Response unknown = api.get("/v1/email/setups/00000000-0000-0000-0000-000000000009", intruder);

        for (Response response : foreign) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.json().get("title")).isEqualTo(unknown.json().get("title"));
        }
        assertThat(api.get("/v1/email/setups", intruder).json().get("items")).isEmpty();
        assertThat(api.get("/v1/email/use-cases", intruder).json().get("items")).isEmpty();
        assertThat(api.get("/v1/email/use-cases?setupId=" + setupId, intruder).json().get("items")).isEmpty();
        assertThat(api.get("/v1/email/messages", intruder).json().get("items")).isEmpty();
        assertThat(api.get("/v1/email/suppressions?setupId=" + setupId, intruder).json().get("items")).isEmpty();
        assertThat(api.get("/v1/email/messages?useCaseId=" + useCaseId, intruder).json().get("items")).isEmpty();
        // Nothing the intruder did changed the owner's resources.
        assertThat(api.get("/v1/email/setups/" + setupId, owner).json().get("status").asText()).isEqualTo("verified");
        assertThat(api.get("/v1/email/use-cases/" + useCaseId, owner).json().get("status").asText()).isEqualTo("active");
    }

    @Test
    void shouldAnswer401OnEveryRouteWithoutAValidKey() {
        String id = "00000000-0000-0000-0000-000000000009";
        for (String bearer : new String[] {null, "ec_not-a-key", RunningService.ADMIN_TOKEN}) {
            List<Response> responses = List.of(
                    api.get("/v1/email/setups", bearer),
                    api.post("/v1/email/setups", bearer, "{}"),
                    api.get("/v1/email/setups/" + id, bearer),
                    api.post("/v1/email/setups/" + id + "/verify", bearer, ""),
                    api.delete("/v1/email/setups/" + id, bearer),
                    api.get("/v1/email/use-cases", bearer),
                    api.post("/v1/email/use-cases", bearer, "{}"),
                    api.get("/v1/email/use-cases/" + id, bearer),
                    api.delete("/v1/email/use-cases/" + id, bearer),
                    api.post("/v1/email/messages", bearer, "{}"),
                    api.post("/v1/email/messages/batch", bearer, "{}"),
                    api.get("/v1/email/messages", bearer),
                    api.get("/v1/email/messages/" + id, bearer),
                    api.get("/v1/email/inbound", bearer),
                    api.get("/v1/email/inbound/" + id, bearer),
                    api.get("/v1/email/inbound/" + id + "/attachments/a.pdf", bearer),
                    api.get("/v1/email/threads/" + id, bearer),
                    api.get("/v1/email/suppressions", bearer),
                    api.get("/v1/email/analytics", bearer),
                    api.delete("/v1/email/suppressions/" + id, bearer));
            for (Response response : responses) {
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(response.contentType()).isEqualTo("application/problem+json");
            }
        }
    }
}
