package com.emailchannel.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkspacesApiTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldCreateAWorkspaceWithAKeyShownOnceAndStoredOnlyAsAHash() throws Exception {
        Response created = api.post("/v1/workspaces", RunningService.ADMIN_TOKEN, "{\"name\":\"Acme Health\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("Acme Health");
        String apiKey = created.json().get("apiKey").asText();
        assertThat(apiKey).startsWith("ec_").hasSizeGreaterThan(40);
        assertThat(api.get("/v1/email/setups", apiKey).status()).isEqualTo(200);

        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select k.key_hash, k.key_prefix, w.name from api_keys k join workspaces w on w.id = k.workspace_id"
                                + " where w.id = ?")) {
            query.setObject(1, UUID.fromString(created.json().get("id").asText()));
            ResultSet row = query.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes("key_hash")).isEqualTo(ApiKeys.hash(apiKey));
            assertThat(apiKey).startsWith(row.getString("key_prefix"));
            assertThat(row.getString("key_prefix")).hasSizeLessThan(12);
        }
    }

    @Test
    void shouldRequireTheAdminToken() {
        String body = "{\"name\":\"x\"}";
        Response missing = api.post("/v1/workspaces", null, body);
        Response wrong = api.post("/v1/workspaces", RunningService.ADMIN_TOKEN + "x", body);
        Response workspaceKey = api.post("/v1/workspaces", api.newWorkspaceKey("not-admin"), body);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(workspaceKey.status()).isEqualTo(401);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void shouldValidateTheName() {
        Response blank = api.post("/v1/workspaces", RunningService.ADMIN_TOKEN, "{\"name\":\"  \"}");
        Response wrongType = api.post("/v1/workspaces", RunningService.ADMIN_TOKEN, "{\"name\":42}");

        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(wrongType.json().get("errors").get(0).get("message").asText()).isEqualTo("must be a string");
    }
}
