package com.emailchannel;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.DnsPublisher;
import com.emailchannel.testing.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's newcomer walk-through against the packaged jar started as README says ({@code java -jar
 * target/email-channel.jar} from the repository root), configured only by environment variables: create a
 * workspace, register a domain, publish its records in a DNS server, see them verify, create a use case and be
 * refused deleting the setup.
 */
class StartCommandIT {

    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdef";

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dataDir;

    private Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void shouldWalkTheNewcomerPathOnTheEmbeddedDefaults() throws Exception {
        int httpPort = FreePorts.next();
        int dnsPort = FreePorts.next();
        Path log = dataDir.resolve("service.log");
        ProcessBuilder command = new ProcessBuilder("java", "-jar", System.getProperty("service.jar"))
                .directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = command.environment();
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("PLATFORM_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("DNS_SANDBOX_PORT", String.valueOf(dnsPort));
        env.put("DNS_SERVERS", "127.0.0.1:" + dnsPort);
        env.put("INBOUND_MX_HOST", "mx.newcomer.example");
        int imapPort = FreePorts.next();
        env.put("SMTP_EMBEDDED_PORT", String.valueOf(FreePorts.next()));
        env.put("KAFKA_EMBEDDED_PORT", String.valueOf(FreePorts.next()));
        env.put("IMAP_EMBEDDED_PORT", String.valueOf(imapPort));
        service = command.start();
        Api api = new Api("http://127.0.0.1:" + httpPort);
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> api.get("/health/ready", null).status() == 200);

        String key = api.post("/v1/workspaces", ADMIN_TOKEN, "{\"name\":\"Newcomer\"}").json().get("apiKey").asText();
        JsonNode setup = api.post("/v1/email/setups", key,
                "{\"tenantName\":\"acme-clinic\",\"domain\":\"notifications.acme.example\"}").json();
        assertThat(setup.get("records").get(1).get("value").asText()).isEqualTo("10 mx.newcomer.example");
        assertThat(api.get("/v1/email/setups/" + setup.get("id").asText(), key).json().get("status").asText())
                .isEqualTo("pending");

        new DnsPublisher("127.0.0.1:" + dnsPort).publishAsShown(setup);
        JsonNode verified = api.post("/v1/email/setups/" + setup.get("id").asText() + "/verify", key, "").json();
        assertThat(verified.get("status").asText()).isEqualTo("verified");

        JsonNode useCase = api.post("/v1/email/use-cases", key, "{\"setupId\":\"" + setup.get("id").asText()
                + "\",\"senderAddress\":\"appointments@notifications.acme.example\",\"senderName\":\"Acme Clinic\","
                + "\"emailType\":\"transactional\",\"entityName\":\"Acme Clinic\","
                + "\"useCaseName\":\"Appointment confirmations\"}").json();
        assertThat(useCase.get("status").asText()).isEqualTo("active");
        assertThat(api.delete("/v1/email/setups/" + setup.get("id").asText(), key).status()).isEqualTo(409);

        JsonNode accepted = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"Your appointment\",\"text\":\"Tuesday 10:00\"}").json();
        String path = "/v1/email/messages/" + accepted.get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get(path, key).json().get("status").asText().equals("sent"));
        // Read it as a newcomer would, with a mail client over IMAP from the embedded mailbox.
        jakarta.mail.Store store = jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort, "patient@example.org", "any");
        jakarta.mail.Folder inbox = store.getFolder("INBOX");
        inbox.open(jakarta.mail.Folder.READ_ONLY);
        assertThat(inbox.getMessages()).anySatisfy(m -> {
            assertThat(m.getSubject()).isEqualTo("Your appointment");
            assertThat(m.getHeader("DKIM-Signature")).isNotNull();
        });
        store.close();

        String output = Files.readString(log);
        assertThat(output).contains("started embedded PostgreSQL").contains("Sandbox DNS server")
                .contains("embedded mail server (GreenMail)");
        assertThat(output).doesNotContain(ADMIN_TOKEN).doesNotContain(key);
        assertThat(Files.readString(dataDir.resolve("secrets.key"))).isNotBlank();
    }
}
