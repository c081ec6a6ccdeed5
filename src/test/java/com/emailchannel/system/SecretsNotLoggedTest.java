package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * Every log line the service writes while it starts, takes workspaces and keys, refuses bad keys, creates a DKIM
 * key, sends and drains mail is captured (our own code at DEBUG), and none carries a secret: the admin token, the
 * secrets key, the database and mailbox passwords, an API key, a DKIM private key.
 */
class SecretsNotLoggedTest {

    @Test
    void shouldNeverLogASecret() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("secrets-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                lines.add(line.toString());
            }
        };
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        Configurator.setLevel("com.emailchannel", Level.DEBUG);
        context.updateLoggers();

        String adminToken = "admin-SECRET-7f3a9c1e55d2";
        String secretsKey = "secrets-SECRET-0b8e4d2a91c7f6e3";
        String dbPassword = "db-SECRET-5c1d9e7b";
        String imapPassword = "imap-SECRET-3e8a6f0c";
        Map<String, String> properties = RunningService.isolated();
                properties.put("db.password", dbPassword);
        properties.put("platform.admin-token", adminToken);
        properties.put("secrets.key", secretsKey);
        properties.put("imap.password", imapPassword);
        properties.put("dns.servers", RunningService.sharedDns().address());
        RunningService service = RunningService.start(properties);
        String apiKey;
        String privateKey;
        JsonNode setup;
        try {
            Api api = service.api();
            apiKey = api.post("/v1/workspaces", adminToken, "{\"name\":\"quiet\"}").json().get("apiKey").asText();
            api.post("/v1/workspaces", "wrong-" + adminToken, "{\"name\":\"x\"}");
            api.get("/v1/email/setups", apiKey + "x");
            setup = api.post("/v1/email/setups", apiKey,
                    "{\"tenantName\":\"quiet\",\"domain\":\"quiet.clinic.example\"}").json();
            api.get("/v1/email/setups/" + setup.get("id").asText(), apiKey);
            InboundMail.deliver(service, "From: a@example.org\r\nTo: b@quiet.clinic.example\r\nSubject: hi\r\n"
                    + "Message-ID: <quiet@example.org>\r\n\r\nhello\r\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    lines.stream().anyMatch(l -> l.contains("inbound")) || Queries.count(service.dataSource(), "select count(*) from inbound_messages") > 0);
            privateKey = Base64.getEncoder().encodeToString(service.camelContext().getRegistry()
                    .lookupByNameAndType("secretBox", com.emailchannel.crypto.SecretBox.class)
                    .open(privateKeyBytes(service), com.emailchannel.setup.NewSetups.dkimKeyAssociatedData(
                            java.util.UUID.fromString(setup.get("id").asText()))));
        } finally {
            service.close();
            context.getConfiguration().getRootLogger().removeAppender("secrets-capture");
            Configurator.setLevel("com.emailchannel", Level.INFO);
            context.updateLoggers();
        }

        assertThat(lines).as("something was logged").isNotEmpty();
        for (String secret : List.of(adminToken, secretsKey, dbPassword, imapPassword, apiKey,
                privateKey.substring(100, 160))) {
            assertThat(lines).as("no log line carries " + secret.substring(0, 6) + "…")
                    .noneMatch(line -> line.contains(secret));
        }
    }

    /** The stored, sealed DKIM key of the one setup. */
    private static byte[] privateKeyBytes(RunningService service) throws Exception {
        try (Connection c = service.dataSource().getConnection();
                ResultSet rows = c.createStatement().executeQuery("select dkim_private_key_enc from setups")) {
            rows.next();
            return rows.getBytes(1);
        }
    }
}
