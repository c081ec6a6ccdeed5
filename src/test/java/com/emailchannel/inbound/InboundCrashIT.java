package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.LocalMailServer;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.TestPostgres;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service while it drains a mailbox, then a restart: every message is stored exactly once and
 * every message ends flagged \Seen on the server. The service is the packaged jar in its own process, the mailbox
 * a real IMAP server (GreenMail) and the database a real PostgreSQL, both outliving the killed process.
 */
class InboundCrashIT {

    private static final int MESSAGES = 60;
    private static final String MAILBOX = "drain@mx.test";

    @TempDir
    Path dataDir;

    @Test
    void shouldStoreEveryMessageExactlyOnceAcrossAKill() throws Exception {
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        GreenMail mail = LocalMailServer.start(smtpPort, imapPort);
        String dbUrl = TestPostgres.newDatabase();
        try {
            long t0 = System.nanoTime();
            deliver(smtpPort);
            System.out.printf("delivered %d in %d ms%n", MESSAGES, (System.nanoTime() - t0) / 1_000_000);
            Process first = start(dbUrl, smtpPort, imapPort);
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Queries.count(dbUrl, "select count(*) from inbound_messages") >= 10);
            first.destroyForcibly().waitFor();
            long atKill = Queries.count(dbUrl, "select count(*) from inbound_messages");
            System.out.printf("killed with %d stored at %d ms%n", atKill, (System.nanoTime() - t0) / 1_000_000);
            assertThat(atKill).as("killed mid-drain").isLessThan(MESSAGES);

            Process second = start(dbUrl, smtpPort, imapPort);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Queries.count(dbUrl, "select count(*) from inbound_messages") == MESSAGES);
                System.out.printf("all stored at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> com.emailchannel.testing.Mailboxes.unseen(imapPort, MAILBOX) == 0);
            } finally {
                second.destroy();
                second.waitFor();
            }
            try (Connection c = java.sql.DriverManager.getConnection(dbUrl, "postgres", "");
                    ResultSet rows = c.createStatement().executeQuery(
                            "select count(*), count(distinct message_id) from inbound_messages")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(MESSAGES);
                assertThat(rows.getLong(2)).isEqualTo(MESSAGES);
            }
        } finally {
            mail.stop();
        }
    }

    private Process start(String dbUrl, int smtpPort, int imapPort) throws Exception {
        ProcessBuilder command = new ProcessBuilder("java", "-jar", System.getProperty("service.jar"))
                .directory(new File(".").getAbsoluteFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()));
        Map<String, String> env = command.environment();
        env.put("HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("DB_URL", dbUrl);
        env.put("DB_USER", "postgres");
        env.put("PLATFORM_ADMIN_TOKEN", "crash-admin-token-0123456789");
        env.put("SECRETS_KEY", "crash-secrets-key-0123456789abcdef");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(smtpPort));
        env.put("IMAP_HOST", "127.0.0.1");
        env.put("IMAP_PORT", String.valueOf(imapPort));
        env.put("IMAP_SSL", "false");
        env.put("IMAP_USERNAME", MAILBOX);
        env.put("IMAP_PASSWORD", "secret");
        env.put("IMAP_POLL_DELAY_MS", "100");
        env.put("KAFKA_BROKERS", com.emailchannel.testing.TestKafka.bootstrapServers());
        return command.start();
    }

    private static void deliver(int smtpPort) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtpPort));
        Session session = Session.getInstance(properties);
        Transport transport = session.getTransport("smtp");
        transport.connect();
        for (int i = 0; i < MESSAGES; i++) {
            String raw = String.join("\r\n", "From: patient" + i + "@example.org", "To: care@clinic" + (i % 7) + ".example",
                    "Subject: Message " + i, "Message-ID: <crash-" + i + "@example.org>", "MIME-Version: 1.0",
                    "Content-Type: multipart/mixed; boundary=B", "", "--B", "Content-Type: text/plain", "", "Body " + i,
                    "--B", "Content-Type: application/pdf; name=\"doc" + i + ".pdf\"", "Content-Transfer-Encoding: base64", "",
                    "JVBERi0xLjQK" + "A".repeat(2000), "--B--", "");
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
            transport.sendMessage(message, new Address[] {new InternetAddress(MAILBOX)});
        }
        transport.close();
    }
}
