package com.emailchannel.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The isolation matrix, generated from the OpenAPI document the service serves, so a new route is covered the day
 * it is documented: every operation secured by an API key answers 401 without a key, with an unknown key and with
 * the admin token; every operation on a resource answers 404 to another workspace's key, exactly as for an id
 * that does not exist; admin operations answer 401 to a workspace key. A route the document names but the matrix
 * cannot fill fails the test.
 */
class IsolationMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Api API = RunningService.shared().api();
    private static final List<Operation> OPERATIONS = new ArrayList<>();
    private static final Map<String, String> OWNED = new LinkedHashMap<>();
    private static String owner;
    private static String intruder;

    record Operation(String method, String path, boolean workspaceKey, boolean adminToken) {
    }

    @BeforeAll
    static void documentAndResources() throws Exception {
        JsonNode document;
        try (InputStream in = IsolationMatrixTest.class.getResourceAsStream("/openapi.json")) {
            document = JSON.readTree(in);
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    continue;
                }
                JsonNode security = op.getValue().has("security") ? op.getValue().get("security") : document.get("security");
                boolean admin = security.toString().contains("adminToken");
                boolean workspace = security.toString().contains("apiKey");
                OPERATIONS.add(new Operation(op.getKey().toUpperCase(), path.getKey(), workspace, admin));
            }
        }

        owner = API.newWorkspaceKey("matrix-owner");
        intruder = API.newWorkspaceKey("matrix-intruder");
        JsonNode setup = VerifiedSetups.create(API, owner);
        JsonNode useCase = VerifiedSetups.useCase(API, owner, setup, "marketing", "use_case");
        JsonNode message = API.post("/v1/email/messages", owner, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"p@example.org\",\"subject\":\"s\",\"text\":\"t\"}").json();
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        InboundMail.deliver(RunningService.shared(), String.join("\r\n", "From: p@example.org",
                "To: care@" + setup.get("domain").asText(), "Subject: Re: s",
                "In-Reply-To: " + message.get("messageId").asText(), "Message-ID: <matrix-" + UUID.randomUUID() + "@x>",
                "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "", "yes", "--b",
                "Content-Type: image/png; name=scan.png", "Content-Transfer-Encoding: base64", "", png, "--b--", ""));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> API.get("/v1/email/inbound", owner).json().get("items").size() == 1);
        JsonNode inbound = API.get("/v1/email/inbound", owner).json().get("items").get(0);
        String suppressionId = UUID.randomUUID().toString();
        try (Connection c = RunningService.shared().dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("insert into suppressions (id, workspace_id, setup_id,"
                        + " address, reason) select cast(? as uuid), workspace_id, id, 'x@example.org', 'manual'"
                        + " from setups where id = cast(? as uuid)")) {
            insert.setString(1, suppressionId);
            insert.setString(2, setup.get("id").asText());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        OWNED.put("/v1/email/setups/{id}", setup.get("id").asText());
        OWNED.put("/v1/email/use-cases/{id}", useCase.get("id").asText());
        OWNED.put("/v1/email/messages/{id}", message.get("id").asText());
        OWNED.put("/v1/email/inbound/{id}", inbound.get("id").asText());
        OWNED.put("/v1/email/threads/{threadId}", message.get("threadId").asText());
        OWNED.put("/v1/email/suppressions/{id}", suppressionId);
        OWNED.put("{filename}", "scan.png");
    }

    @Test
    void shouldAnswer401ToEveryKeyedOperationWithoutAValidKey() {
        for (Operation op : OPERATIONS) {
            if (!op.workspaceKey()) {
                continue;
            }
            for (String bearer : new String[] {null, "ec_not-a-key", RunningService.ADMIN_TOKEN}) {
                Response response = call(op, fill(op.path(), true), bearer);
                assertThat(response.status()).as(op + " with " + bearer).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).as(op.toString()).isEqualTo("Bearer");
                assertThat(response.contentType()).isEqualTo("application/problem+json");
            }
        }
    }

    @Test
    void shouldAnswer401ToEveryAdminOperationWithAWorkspaceKey() {
        List<Operation> admin = OPERATIONS.stream().filter(Operation::adminToken).toList();
        assertThat(admin).isNotEmpty();
        for (Operation op : admin) {
            for (String bearer : new String[] {null, owner}) {
                assertThat(call(op, op.path(), bearer).status()).as(op + " with " + bearer).isEqualTo(401);
            }
        }
    }

    @Test
    void shouldHideEveryResourceFromAnotherWorkspace() {
        int checked = 0;
        for (Operation op : OPERATIONS) {
            if (!op.workspaceKey() || !op.path().contains("{")) {
                continue;
            }
            Response foreign = call(op, fill(op.path(), false), intruder);
            Response missing = call(op, fill(op.path(), true), intruder);
            assertThat(foreign.status()).as(op + " with another workspace's key").isEqualTo(404);
            assertThat(foreign.contentType()).isEqualTo("application/problem+json");
            assertThat(foreign.json().get("title")).as(op.toString()).isEqualTo(missing.json().get("title"));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(9);
        // and nothing the intruder did changed the owner's resources
        assertThat(API.get("/v1/email/setups/" + OWNED.get("/v1/email/setups/{id}"), owner).json()
                .get("status").asText()).isEqualTo("verified");
        assertThat(API.get("/v1/email/use-cases/" + OWNED.get("/v1/email/use-cases/{id}"), owner).json()
                .get("status").asText()).isEqualTo("active");
        assertThat(API.get("/v1/email/suppressions", owner).json().get("items")).hasSize(1);
    }

    /** The path with the owner's resources in it, or with ids that exist nowhere. */
    private static String fill(String template, boolean nowhere) {
        String path = template;
        for (Map.Entry<String, String> owned : OWNED.entrySet()) {
            String prefix = owned.getKey();
            if (prefix.startsWith("/") && template.startsWith(prefix)) {
                String param = prefix.substring(prefix.lastIndexOf('{'));
                path = path.replace(param, nowhere ? UUID.randomUUID().toString() : owned.getValue());
            }
        }
        path = path.replace("{filename}", OWNED.get("{filename}"));
        assertThat(path).as("the matrix has no resource for " + template + ": add one").doesNotContain("{");
        return path;
    }

    private static Response call(Operation op, String path, String bearer) {
        String body = op.method().equals("POST") ? "{}" : null;
        return API.send(op.method(), path, bearer, body == null ? null : "application/json", body);
    }
}
