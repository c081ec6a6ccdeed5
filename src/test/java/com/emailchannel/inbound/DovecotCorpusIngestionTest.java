package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.DovecotMailbox;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every real-world message of the corpora (MIME, threads, bounces) put into a real Dovecot mailbox and drained by
 * the service: each is stored, whatever its damage; messages that share a Message-ID are stored once (the dedupe
 * that also covers a UIDVALIDITY change, tested here by rebuilding the mailbox under the service).
 */
class DovecotCorpusIngestionTest {

    @Test
    void shouldStoreEveryCorpusMessageDrainedFromDovecot() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.walk(Path.of("..", "shared", "corpora"))) {
            corpus = files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        java.util.Set<String> messageIds = new java.util.HashSet<>();
        int withoutMessageId = 0;
        for (Path file : corpus) {
            try (java.io.InputStream in = Files.newInputStream(file)) {
                List<String> ids = InboundParser.messageIds(new MimeWalk(MimeWalk.Limits.DEFAULT).walk(in).header("message-id"));
                if (ids.isEmpty()) {
                    withoutMessageId++;
                } else {
                    messageIds.add(ids.get(0));
                }
            }
        }
        long expected = messageIds.size() + withoutMessageId;
        assertThat(expected).as("distinct messages in the corpora").isGreaterThan(150);
        try (DovecotMailbox dovecot = DovecotMailbox.start()) {
            for (int i = 0; i < corpus.size(); i++) {
                byte[] raw = Files.readAllBytes(corpus.get(i));
                dovecot.put(i + ".corpus:2,", raw);
            }
            Map<String, String> properties = RunningService.defaults();
            String dbUrl = TestPostgres.newDatabase();
            properties.put("db.url", dbUrl);
            properties.put("db.user", "postgres");
            properties.put("dns.servers", RunningService.sharedDns().address());
            RunningService.drainMailbox(properties, dovecot.port(), DovecotMailbox.USER, DovecotMailbox.PASSWORD);
            properties.put("imap.poll-delay-ms", "100");
            RunningService service = RunningService.start(properties);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> stored(service) == expected);
                try (Connection c = service.dataSource().getConnection();
                        ResultSet rows = c.createStatement().executeQuery(
                                "select count(*) filter (where classification = 'delivery_report'),"
                                        + " count(*) filter (where quarantined) from inbound_messages")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("delivery reports among the bounces").isGreaterThan(30);
                    assertThat(rows.getLong(2)).as("no corpus domain is a setup").isEqualTo(expected);
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dovecot.unseen() == 0);

                // counted before Dovecot is back: the service's 100 ms polls flag messages as soon as it is
                assertThat(dovecot.resetUidValidity()).isEqualTo(corpus.size());
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dovecot.unseen() == 0);
                assertThat(stored(service)).as("nothing stored twice after the UIDVALIDITY change").isEqualTo(expected);
            } finally {
                service.close();
            }
        }
    }

    private static long stored(RunningService service) throws Exception {
        try (Connection c = service.dataSource().getConnection();
                ResultSet rows = c.createStatement().executeQuery("select count(*) from inbound_messages")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
