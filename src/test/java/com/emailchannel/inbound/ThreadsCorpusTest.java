package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.DovecotMailbox;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Reply threading against the real mailing-list chains and edge cases of {@code corpora/threads} (notmuch's test
 * corpus): every message of the corpus is also one of workspace A's sent messages, so each reply must be linked to
 * the outbound the manifest names as its parent (In-Reply-To if we have it, else the newest References entry we
 * have; a typo in References, reversed References, an In-Reply-To naming a missing message, a thread joined only
 * through a missing id), in that parent's thread. Replies delivered to workspace B's domain are never linked to A.
 * The corpus files go into a real Dovecot mailbox byte for byte, behind the {@code Delivered-To} line the local
 * delivery agent of our MX would add.
 */
class ThreadsCorpusTest {

    private static final Path CORPUS = Path.of("..", "shared", "corpora", "threads");
    private static final int TO_OTHER_WORKSPACE = 5;

    @Test
    void shouldLinkEveryCorpusReplyToTheParentTheManifestNamesWithinItsSetupOnly() throws Exception {
        List<Map<String, String>> manifest = manifest();
        assertThat(manifest).hasSize(65);
        try (DovecotMailbox dovecot = DovecotMailbox.start()) {
            Map<String, String> properties = RunningService.isolated();
            RunningService.drainMailbox(properties, dovecot.port(), DovecotMailbox.USER, DovecotMailbox.PASSWORD);
            properties.put("imap.poll-delay-ms", "100");
            try (RunningService service = RunningService.start(properties)) {
                Api api = service.api();
                String keyA = api.newWorkspaceKey("threads-a");
                JsonNode setupA = VerifiedSetups.create(api, keyA);
                JsonNode useCaseA = VerifiedSetups.useCase(api, keyA, setupA, "transactional", "use_case");
                String keyB = api.newWorkspaceKey("threads-b");
                JsonNode setupB = VerifiedSetups.create(api, keyB);
                Map<String, UUID> threads = new HashMap<>();
                Map<String, UUID> outbound = sentByA(service, setupA, useCaseA, manifest, threads);

                // B first: the Message-ID dedupe stores each message once, so these copies are not stored for A
                List<Map<String, String>> toB = manifest.stream()
                        .filter(row -> !row.get("expected_parent_message_id").equals("(none)")).limit(TO_OTHER_WORKSPACE)
                        .toList();
                int uid = 0;
                for (Map<String, String> row : toB) {
                    dovecot.put((uid++) + ".threads:2,", delivered(setupB, row));
                }
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> inbound(api, keyB).size() == TO_OTHER_WORKSPACE);
                for (JsonNode stored : inbound(api, keyB).values()) {
                    assertThat(stored.get("parentId").isNull()).as("B's copy of %s", stored.get("messageId")).isTrue();
                    assertThat(stored.get("threadId").isNull()).isTrue();
                    assertThat(stored.get("setupId").asText()).isEqualTo(setupB.get("id").asText());
                }

                for (Map<String, String> row : manifest) {
                    dovecot.put((uid++) + ".threads:2,", delivered(setupA, row));
                }
                // 65 files, 64 Message-IDs: "[3/3(4)] archive" is stored twice upstream and once here
                long distinct = manifest.stream().map(row -> row.get("message_id")).distinct().count();
                assertThat(distinct).isEqualTo(64);
                Awaitility.await().atMost(Duration.ofSeconds(90))
                        .until(() -> inbound(api, keyA).size() == distinct - TO_OTHER_WORKSPACE);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dovecot.unseen() == 0);
                assertThat(inbound(api, keyA)).hasSize((int) distinct - TO_OTHER_WORKSPACE);

                Map<String, JsonNode> storedForA = inbound(api, keyA);
                List<String> toBIds = toB.stream().map(row -> "<" + row.get("message_id") + ">").toList();
                int linked = 0;
                for (Map<String, String> row : manifest) {
                    String messageId = "<" + row.get("message_id") + ">";
                    if (toBIds.contains(messageId)) {
                        assertThat(storedForA).doesNotContainKey(messageId);
                        continue;
                    }
                    JsonNode stored = storedForA.get(messageId);
                    assertThat(stored).as(row.get("file")).isNotNull();
                    String parent = row.get("expected_parent_message_id");
                    if (parent.equals("(none)")) {
                        assertThat(stored.get("parentId").isNull()).as("%s is a root", row.get("file")).isTrue();
                        assertThat(stored.get("threadId").isNull()).as(row.get("file")).isTrue();
                    } else {
                        assertThat(stored.get("parentId").asText()).as("parent of %s", row.get("file"))
                                .isEqualTo(outbound.get("<" + parent + ">").toString());
                        assertThat(stored.get("threadId").asText()).as("thread of %s", row.get("file"))
                                .isEqualTo(threads.get(row.get("expected_thread")).toString());
                        assertThat(stored.get("useCaseId").asText()).isEqualTo(useCaseA.get("id").asText());
                        linked++;
                    }
                }
                assertThat(linked).as("replies linked").isGreaterThan(30);
            }
        }
    }

    /**
     * Every Message-ID of the corpus as one of A's sent messages (inserted as the dispatcher leaves them), each in
     * the thread of its manifest label; answers the row id by Message-ID and fills {@code threads} (label → id).
     */
    private static Map<String, UUID> sentByA(RunningService service, JsonNode setup, JsonNode useCase,
            List<Map<String, String>> manifest, Map<String, UUID> threads) throws Exception {
        Map<String, UUID> ids = new LinkedHashMap<>();
        try (Connection c = service.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("insert into messages (id, workspace_id, use_case_id,"
                        + " setup_id, message_id, thread_id, email_type, from_address, to_address, subject, status,"
                        + " sent_at) select ?, workspace_id, ?, id, ?, ?, 'transactional', ?, 'list@example.org', ?,"
                        + " 'sent', now() from setups where id = ?")) {
            for (Map<String, String> row : manifest) {
                String messageId = "<" + row.get("message_id") + ">";
                if (ids.containsKey(messageId)) {
                    continue;
                }
                UUID id = UUID.randomUUID();
                ids.put(messageId, id);
                insert.setObject(1, id);
                insert.setObject(2, UUID.fromString(useCase.get("id").asText()));
                insert.setString(3, messageId);
                insert.setObject(4, threads.computeIfAbsent(row.get("expected_thread"), label -> UUID.randomUUID()));
                insert.setString(5, "care@" + setup.get("domain").asText());
                insert.setString(6, row.get("thread_subject"));
                insert.setObject(7, UUID.fromString(setup.get("id").asText()));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
        return ids;
    }

    /** The corpus file as our MX hands it to the mailbox: a Delivered-To line for the setup, then the file's bytes. */
    private static byte[] delivered(JsonNode setup, Map<String, String> row) throws Exception {
        byte[] raw = Files.readAllBytes(CORPUS.resolve(row.get("file")));
        String newline = new String(raw, StandardCharsets.ISO_8859_1).contains("\r\n") ? "\r\n" : "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("Delivered-To: replies@" + setup.get("domain").asText() + newline)
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(raw);
        return out.toByteArray();
    }

    /** The workspace's inbound messages by Message-ID. */
    private static Map<String, JsonNode> inbound(Api api, String key) {
        Map<String, JsonNode> byMessageId = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/email/inbound?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), key)
                    .json();
            page.get("items").forEach(item -> byMessageId.put(item.get("messageId").asText(), item));
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return byMessageId;
    }

    private static List<Map<String, String>> manifest() throws Exception {
        List<String> lines = Files.readAllLines(CORPUS.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        String[] columns = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
