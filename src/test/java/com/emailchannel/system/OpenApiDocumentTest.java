package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes exactly the REST routes the YAML defines, and the shapes they answer. */
class OpenApiDocumentTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private final JsonNode document = api.get("/openapi.json", null).json();

    @Test
    void shouldDescribeEveryRestRouteAndNoOther() {
        Set<String> routes = new TreeSet<>();
        Model model = service.camelContext().getCamelContextExtension().getContextPlugin(Model.class);
        for (RestDefinition rest : model.getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() + (verb.getPath() == null ? "" : verb.getPath())).replace("//", "/");
                routes.add(verb.asVerb().toUpperCase() + " " + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
            }
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }));

        assertThat(documented).isEqualTo(routes);
    }

    @Test
    void shouldDescribeTheFieldsTheApiAnswers() {
        String key = api.newWorkspaceKey("openapi");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = api.post("/v1/email/use-cases", key, "{\"setupId\":\"" + setup.get("id").asText()
                + "\",\"senderAddress\":\"a@" + setup.get("domain").asText() + "\",\"emailType\":\"marketing\","
                + "\"entityName\":\"e\",\"useCaseName\":\"u\"}").json();

        assertThat(fields(setup)).isEqualTo(properties("Setup"));
        assertThat(fields(setup.get("records").get(0))).isEqualTo(properties("DnsRecord"));
        assertThat(fields(useCase)).isEqualTo(properties("UseCase"));
        JsonNode accepted = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"p@example.org\",\"subject\":\"s\",\"text\":\"t\"}").json();
        assertThat(fields(accepted)).isEqualTo(properties("Accepted"));
        JsonNode message = api.get("/v1/email/messages/" + accepted.get("id").asText(), key).json();
        assertThat(fields(message)).isEqualTo(properties("Message"));
        assertThat(fields(message.get("events").get(0))).isEqualTo(properties("MessageEvent"));
        assertThat(fields(api.get("/v1/email/messages", key).json().get("items").get(0))).isEqualTo(properties("MessageSummary"));
        com.emailchannel.testing.InboundMail.deliver(service, String.join("\r\n", "From: p@example.org",
                "To: a@" + setup.get("domain").asText(), "Subject: Re: s", "In-Reply-To: " + accepted.get("messageId").asText(),
                "Message-ID: <openapi-" + java.util.UUID.randomUUID() + "@example.org>", "", "yes", ""));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> api.get("/v1/email/inbound", key).json().get("items").size() == 1);
        JsonNode inboundSummary = api.get("/v1/email/inbound", key).json().get("items").get(0);
        assertThat(fields(inboundSummary)).isEqualTo(properties("InboundSummary"));
        assertThat(fields(api.get("/v1/email/inbound/" + inboundSummary.get("id").asText(), key).json()))
                .isEqualTo(properties("Inbound"));
        JsonNode thread = api.get("/v1/email/threads/" + accepted.get("threadId").asText(), key).json();
        assertThat(fields(thread.get("items").get(1))).isEqualTo(properties("ThreadItem"));
        try (java.sql.Connection c = service.dataSource().getConnection();
                java.sql.PreparedStatement insert = c.prepareStatement("insert into suppressions (id, workspace_id, "
                        + "setup_id, address, reason) select gen_random_uuid(), workspace_id, id, 'x@example.org', 'manual' "
                        + "from setups where id = ?")) {
            insert.setObject(1, java.util.UUID.fromString(setup.get("id").asText()));
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(fields(api.get("/v1/email/suppressions", key).json().get("items").get(0))).isEqualTo(properties("Suppression"));
        assertThat(fields(api.get("/v1/email/analytics", key).json())).isEqualTo(properties("Analytics"));
        JsonNode problem = api.get("/v1/email/setups?limit=0", key).json();
        assertThat(properties("Problem")).containsAll(fields(problem));
    }

    private Set<String> properties(String schema) {
        Set<String> names = new TreeSet<>();
        document.get("components").get("schemas").get(schema).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
