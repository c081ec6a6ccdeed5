package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.RunningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no db.url, no secrets.key and no admin token the service runs on embedded defaults: a real PostgreSQL with
 * its data in data.dir and local secrets kept there, so a restart keeps the workspaces and their keys.
 */
class EmbeddedDefaultsTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void shouldRunOnAnEmbeddedDatabaseAndKeepItsDataAcrossRestarts() throws Exception {
        Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", "");
        properties.put("secrets.key", "");
        properties.put("platform.admin-token", "");
        properties.put("data.dir", dataDir.toString());

        String apiKey;
        String setupId;
        RunningService first = RunningService.start(properties);
        try {
            String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Api api = first.api();
            apiKey = api.post("/v1/workspaces", adminToken, "{\"name\":\"newcomer\"}").json().get("apiKey").asText();
            setupId = api.post("/v1/email/setups", apiKey, "{\"tenantName\":\"acme\",\"domain\":\"mail.acme.example\"}")
                    .json().get("id").asText();
            assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        } finally {
            first.close();
        }

        properties.put("http.port", String.valueOf(com.emailchannel.testing.FreePorts.next()));
        RunningService second = RunningService.start(properties);
        try {
            Api api = second.api();
            assertThat(api.get("/v1/email/setups", apiKey).json().get("items").get(0).get("id").asText()).isEqualTo(setupId);
            assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        } finally {
            second.close();
        }
    }
}
