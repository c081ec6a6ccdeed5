package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.DkimVerifier;
import com.emailchannel.testing.DnsPublisher;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The send API end to end: HTTP, the YAML routes, PostgreSQL, the dispatcher, DKIM, and a real SMTP server
 * (GreenMail) receiving the message; signatures checked by python3-dkim against the key in a real DNS server.
 */
class SendApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private String key;
    private JsonNode setup;
    private JsonNode useCase;

    @BeforeEach
    void useCase() {
        key = api.newWorkspaceKey("send");
        setup = VerifiedSetups.create(api, key);
        useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
    }

    @Test
    void shouldDeliverADkimSignedMessageWithOneClickUnsubscribeAndAVerpReturnPath() throws Exception {
        byte[] pdf = new byte[300_000];
        new Random(7).nextBytes(pdf);
        ObjectNode request = message("patient@example.org")
                .put("subject", "Your appointment — Tuesday")
                .put("text", "See you on Tuesday at 10:00.")
                .put("html", "<p>See you on <b>Tuesday</b> at 10:00.</p>");
        request.putObject("metadata").put("appointmentId", "A-42");
        request.putArray("attachments").addObject().put("filename", "Überweisung März.pdf")
                .put("contentType", "application/pdf").put("content", Base64.getMimeEncoder().encodeToString(pdf));

        Response accepted = api.post("/v1/email/messages", key, request.toString());

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode answer = accepted.json();
        assertThat(answer.get("status").asText()).isEqualTo("queued");
        String domain = setup.get("domain").asText();
        assertThat(answer.get("messageId").asText()).isEqualTo("<" + answer.get("id").asText() + "@" + domain + ">");
        MimeMessage received = Mailboxes.awaitOne(service.mailServer(), answer.get("messageId").asText());

        assertThat(received.getHeader("From", null)).isEqualTo("Acme Clinic <care@" + domain + ">");
        assertThat(received.getHeader("To", null)).isEqualTo("patient@example.org");
        assertThat(received.getSubject()).isEqualTo("Your appointment — Tuesday");
        assertThat(received.getSentDate()).isNotNull();
        assertThat(received.getHeader("List-Unsubscribe", null))
                .matches("<http://localhost:8080/u/[A-Za-z0-9_-]{43}>, <mailto:unsubscribe\\+[A-Za-z0-9_-]{43}@"
                        + domain.replace(".", "\\.") + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(received.getHeader("Return-Path", null)).matches("<bounce\\+[A-Za-z0-9_-]{43}@" + domain.replace(".", "\\.") + ">");
        String dkim = received.getHeader("DKIM-Signature", null);
        assertThat(dkim).contains("a=rsa-sha256").contains("c=relaxed/relaxed").contains("d=" + domain)
                .contains("h=from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-unsubscribe-post");
        assertThat(DkimVerifier.verify(Mailboxes.raw(received), RunningService.sharedDns().address())).isEqualTo("pass");

        Multipart mixed = (Multipart) received.getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("See you on Tuesday at 10:00.");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        Part attachment = mixed.getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("Überweisung März.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attachment.getDataHandler().writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(pdf);

        JsonNode sent = awaitStatus(answer.get("id").asText(), "sent");
        assertThat(sent.get("events").findValuesAsText("type")).containsExactly("queued", "sent");
        assertThat(sent.get("metadata").get("appointmentId").asText()).isEqualTo("A-42");
        assertThat(sent.get("useCaseId").asText()).isEqualTo(useCase.get("id").asText());
        assertThat(sent.get("setupId").asText()).isEqualTo(setup.get("id").asText());
        assertThat(sent.get("threadId").asText()).isEqualTo(answer.get("threadId").asText());
        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select type, data ->> 'recipient', data ->> 'useCaseId' from event_outbox where subject = ?")) {
            query.setObject(1, UUID.fromString(answer.get("id").asText()));
            ResultSet event = query.executeQuery();
            assertThat(event.next()).as("email.sent waits in the event outbox").isTrue();
            assertThat(event.getString(1)).isEqualTo("email.sent");
            assertThat(event.getString(2)).isEqualTo("patient@example.org");
            assertThat(event.getString(3)).isEqualTo(useCase.get("id").asText());
        }
    }

    @Test
    void shouldDeliverA10MbAttachmentByteIdentical() throws Exception {
        byte[] scan = new byte[10 * 1024 * 1024];
        new Random(11).nextBytes(scan);
        ObjectNode request = message("patient@example.org");
        request.putArray("attachments").addObject().put("filename", "scan.tiff").put("contentType", "image/tiff")
                .put("content", Base64.getEncoder().encodeToString(scan));

        Response accepted = api.post("/v1/email/messages", key, request.toString());

        assertThat(accepted.status()).isEqualTo(202);
        MimeMessage received = Mailboxes.awaitOne(service.mailServer(), accepted.json().get("messageId").asText());
        Part attachment = ((Multipart) received.getContent()).getBodyPart(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attachment.getDataHandler().writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(scan);
        assertThat(DkimVerifier.verify(Mailboxes.raw(received), RunningService.sharedDns().address())).isEqualTo("pass");
    }

    @Test
    void shouldFailTheIndependentDkimCheckWhenTheMessageIsAltered() {
        String messageId = api.post("/v1/email/messages", key, message("patient@example.org").toString())
                .json().get("messageId").asText();
        byte[] raw = Mailboxes.raw(Mailboxes.awaitOne(service.mailServer(), messageId));

        String altered = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).replace("Hello there", "Hello thera");

        assertThat(DkimVerifier.verify(altered.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                RunningService.sharedDns().address())).isEqualTo("fail");
    }

    @Test
    void shouldSendToInternationalDomainsInALabelForm() throws Exception {
        Response accepted = api.post("/v1/email/messages", key, message("patient@bücher.example").toString());

        assertThat(accepted.status()).isEqualTo(202);
        MimeMessage received = Mailboxes.awaitOne(service.mailServer(), accepted.json().get("messageId").asText());
        assertThat(received.getHeader("To", null)).isEqualTo("patient@xn--bcher-kva.example");
    }

    @Test
    void shouldRejectInvalidMessagesWithEveryFieldError() {
        ObjectNode invalid = JSON.createObjectNode().put("useCaseId", useCase.get("id").asText())
                .put("to", "not-an-address").put("subject", "Hi\r\nBcc: victim@example.org");
        invalid.putArray("attachments").addObject().put("filename", "../../etc/passwd").put("content", "%%%not base64");

        Response refused = api.post("/v1/email/messages", key, invalid.toString());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "to", "subject", "text", "attachments[0].filename", "attachments[0].content");
        assertThat(count("select count(*) from messages where workspace_id = (select workspace_id from use_cases where id = ?)",
                UUID.fromString(useCase.get("id").asText()))).isZero();
    }

    @Test
    void shouldAnswer413WhenAttachmentsExceedTheLimit() {
        ObjectNode request = message("patient@example.org");
        request.putArray("attachments").addObject().put("filename", "big.bin")
                .put("content", Base64.getEncoder().encodeToString(new byte[12 * 1024 * 1024 + 1]));

        Response refused = api.post("/v1/email/messages", key, request.toString());

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void shouldAnswerTheFirstResultForARepeatedIdempotencyKeyAndSendOnce() {
        String body = message("patient@example.org").toString();

        Response first = api.send("POST", "/v1/email/messages", key, "application/json", body, "Idempotency-Key", "order-1");
        Response again = api.send("POST", "/v1/email/messages", key, "application/json", body, "Idempotency-Key", "order-1");
        Response other = api.send("POST", "/v1/email/messages", key, "application/json",
                message("someone-else@example.org").toString(), "Idempotency-Key", "order-1");
        String otherKey = api.newWorkspaceKey("other");
        JsonNode otherSetup = VerifiedSetups.create(api, otherKey);
        JsonNode otherUseCase = VerifiedSetups.useCase(api, otherKey, otherSetup, "marketing", "use_case");
        Response otherWorkspace = api.send("POST", "/v1/email/messages", otherKey, "application/json",
                message("patient@example.org").put("useCaseId", otherUseCase.get("id").asText()).toString(),
                "Idempotency-Key", "order-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(other.status()).isEqualTo(409);
        assertThat(otherWorkspace.status()).isEqualTo(202);
        assertThat(otherWorkspace.json().get("id")).isNotEqualTo(first.json().get("id"));
        Mailboxes.awaitOne(service.mailServer(), first.json().get("messageId").asText());
        awaitStatus(first.json().get("id").asText(), "sent");
        assertThat(Mailboxes.withMessageId(service.mailServer(), first.json().get("messageId").asText())).hasSize(1);
    }

    @Test
    void shouldRefuseAnInactiveUseCaseOrASetupThatIsNoLongerVerified() {
        api.delete("/v1/email/use-cases/" + useCase.get("id").asText(), key);
        Response inactive = api.post("/v1/email/messages", key, message("patient@example.org").toString());
        assertThat(inactive.status()).isEqualTo(409);
        assertThat(inactive.json().get("detail").asText()).contains("inactive");

        JsonNode active = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        new DnsPublisher(RunningService.sharedDns().address()).remove("_dmarc." + setup.get("domain").asText(), Type.TXT);
        assertThat(api.get("/v1/email/setups/" + setup.get("id").asText(), key).json().get("status").asText()).isEqualTo("pending");
        Response unverified = api.post("/v1/email/messages", key,
                message("patient@example.org").put("useCaseId", active.get("id").asText()).toString());

        assertThat(unverified.status()).isEqualTo(409);
        assertThat(unverified.json().get("detail").asText()).contains("not verified");
    }

    @Test
    void shouldAnswer404ForAUseCaseOfAnotherWorkspace() {
        String otherKey = api.newWorkspaceKey("intruder");

        assertThat(api.post("/v1/email/messages", otherKey, message("patient@example.org").toString()).status()).isEqualTo(404);
        assertThat(api.post("/v1/email/messages", key, message("patient@example.org").put("useCaseId", "x").toString()).status())
                .isEqualTo(404);
    }

    @Test
    void shouldHonourSuppressionsByEmailTypeAndScope() throws Exception {
        JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode otherMarketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        suppress("soft@example.org", "soft_bounce", null);
        suppress("hard@example.org", "hard_bounce", null);
        suppress("unsub@example.org", "unsubscribe", marketing.get("id").asText());

        Response softTransactional = api.post("/v1/email/messages", key, message("soft@example.org").toString());
        Response softMarketing = send(marketing, "soft@example.org");
        Response hardTransactional = api.post("/v1/email/messages", key, message("HARD@example.org").toString());
        Response unsubscribedHere = send(marketing, "unsub@example.org");
        Response unsubscribedElsewhere = send(otherMarketing, "unsub@example.org");

        assertThat(softTransactional.status()).isEqualTo(202);
        assertThat(softMarketing.status()).isEqualTo(422);
        assertThat(softMarketing.json().get("type").asText()).endsWith("/suppressed");
        assertThat(softMarketing.json().get("detail").asText()).contains("soft_bounce");
        assertThat(hardTransactional.status()).isEqualTo(422);
        assertThat(unsubscribedHere.status()).isEqualTo(422);
        assertThat(unsubscribedElsewhere.status()).isEqualTo(202);
    }

    @Test
    void shouldAcceptABatchItemByItem() {
        ObjectNode batch = JSON.createObjectNode().put("useCaseId", useCase.get("id").asText());
        batch.putArray("messages")
                .add(message("one@example.org").without("useCaseId"))
                .add(JSON.createObjectNode().put("to", "broken").put("subject", "x"))
                .add(message("three@example.org").without("useCaseId"));

        Response answer = api.send("POST", "/v1/email/messages/batch", key, "application/json", batch.toString(),
                "Idempotency-Key", "batch-1");
        Response repeated = api.send("POST", "/v1/email/messages/batch", key, "application/json", batch.toString(),
                "Idempotency-Key", "batch-1");

        assertThat(answer.status()).isEqualTo(207);
        JsonNode items = answer.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("status").asInt()).isEqualTo(202);
        assertThat(items.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(items.get(2).get("status").asInt()).isEqualTo(202);
        assertThat(items.get(0).get("id").asText()).isNotBlank();
        assertThat(items.get(1).get("error").get("errors").findValuesAsText("field")).contains("to", "text");
        assertThat(repeated.json()).isEqualTo(answer.json());
        Mailboxes.awaitOne(service.mailServer(), items.get(0).get("messageId").asText());
        Mailboxes.awaitOne(service.mailServer(), items.get(2).get("messageId").asText());
    }

    @Test
    void shouldHonourSuppressionsPerBatchItemByEmailTypeAndScope() throws Exception {
        JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        suppress("soft@example.org", "soft_bounce", null);
        suppress("hard@example.org", "hard_bounce", null);
        suppress("unsub@example.org", "unsubscribe", marketing.get("id").asText());

        JsonNode transactional = batch(useCase, "soft@example.org", "HARD@example.org", "unsub@example.org");
        JsonNode marketed = batch(marketing, "soft@example.org", "ok@example.org", "Unsub@example.org");

        assertThat(statuses(transactional)).containsExactly(202, 422, 202);
        assertThat(transactional.get(1).get("error").get("type").asText()).endsWith("/suppressed");
        assertThat(transactional.get(1).get("error").get("detail").asText()).contains("hard_bounce");
        assertThat(statuses(marketed)).containsExactly(422, 202, 422);
        assertThat(marketed.get(0).get("error").get("detail").asText()).contains("soft_bounce");
        assertThat(marketed.get(2).get("error").get("detail").asText()).contains("unsubscribe");
        awaitStatus(transactional.get(0).get("id").asText(), "sent");
        awaitStatus(marketed.get(1).get("id").asText(), "sent");
    }

    @Test
    void shouldRefuseEveryBatchItemForAnInactiveUnknownOrForeignUseCase() {
        String foreignKey = api.newWorkspaceKey("foreign");
        JsonNode foreign = VerifiedSetups.useCase(api, foreignKey, VerifiedSetups.create(api, foreignKey),
                "transactional", "use_case");
        api.delete("/v1/email/use-cases/" + useCase.get("id").asText(), key);

        JsonNode inactive = batch(useCase, "a@example.org", "b@example.org");
        JsonNode unknown = batch(JSON.createObjectNode().put("id", UUID.randomUUID().toString()), "a@example.org");

        assertThat(statuses(inactive)).containsExactly(409, 409);
        assertThat(inactive.get(0).get("error").get("detail").asText()).contains("inactive");
        assertThat(statuses(unknown)).containsExactly(404);
        assertThat(statuses(batch(foreign, "a@example.org"))).containsExactly(404);
        assertThat(count("select count(*) from messages where workspace_id = (select workspace_id from use_cases "
                + "where id = ?)", UUID.fromString(useCase.get("id").asText()))).isZero();
    }

    @Test
    void shouldReplayARepeatedBatchItemByItemAndRefuseAChangedItem() {
        ObjectNode first = batchBody(useCase, "one@example.org", "two@example.org", "three@example.org");
        ObjectNode changed = first.deepCopy();
        ((ObjectNode) changed.get("messages").get(1)).put("subject", "Another subject");

        JsonNode answer = api.send("POST", "/v1/email/messages/batch", key, "application/json", first.toString(),
                "Idempotency-Key", "nightly-1").json().get("items");
        JsonNode repeated = api.send("POST", "/v1/email/messages/batch", key, "application/json", changed.toString(),
                "Idempotency-Key", "nightly-1").json().get("items");

        assertThat(statuses(answer)).containsExactly(202, 202, 202);
        assertThat(repeated.get(0)).isEqualTo(answer.get(0));
        assertThat(repeated.get(1).get("status").asInt()).isEqualTo(409);
        assertThat(repeated.get(1).get("error").get("detail").asText()).contains("nightly-1:1");
        assertThat(repeated.get(2)).isEqualTo(answer.get(2));
        assertThat(count("select count(*) from messages where use_case_id = ?",
                UUID.fromString(useCase.get("id").asText()))).isEqualTo(3);
        for (JsonNode item : answer) {
            awaitStatus(item.get("id").asText(), "sent");
            assertThat(Mailboxes.withMessageId(service.mailServer(), item.get("messageId").asText())).hasSize(1);
        }
    }

    @Test
    void shouldStoreBatchItemsOneByOneWhenTheBatchStatementFails() throws Exception {
        ObjectNode body = batchBody(useCase, "one@example.org", "two@example.org", "three@example.org");
        UUID workspace = workspaceOf(useCase);
        try (Connection concurrent = service.dataSource().getConnection()) {
            // a concurrent request holding item 1's Idempotency-Key, not committed yet: the batch's lookup cannot
            // see it, its statement waits on the key and then fails with a unique violation
            concurrent.setAutoCommit(false);
            try (PreparedStatement insert = concurrent.prepareStatement("insert into idempotency_keys "
                    + "(workspace_id, key, request_hash, response_status, response) values (?, 'race-1:1', ?, 202, "
                    + "'{\"id\":\"concurrent\"}')")) {
                insert.setObject(1, workspace);
                insert.setBytes(2, new byte[32]);
                insert.executeUpdate();
            }
            var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> api.send("POST",
                    "/v1/email/messages/batch", key, "application/json", body.toString(), "Idempotency-Key", "race-1"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and query like ?", "%as r(id uuid, workspace_id uuid%") == 1);
            concurrent.commit();

            JsonNode items = pending.get(10, java.util.concurrent.TimeUnit.SECONDS).json().get("items");

            assertThat(statuses(items)).containsExactly(202, 409, 202);
            assertThat(items.get(1).get("error").get("detail").asText()).contains("race-1:1");
            assertThat(count("select count(*) from messages where use_case_id = ?",
                    UUID.fromString(useCase.get("id").asText()))).isEqualTo(2);
            Mailboxes.awaitOne(service.mailServer(), items.get(0).get("messageId").asText());
            Mailboxes.awaitOne(service.mailServer(), items.get(2).get("messageId").asText());
        }
    }

    @Test
    void shouldRefuseBatchesOverTheLimitOrWithoutMessages() {
        ObjectNode batch = JSON.createObjectNode().put("useCaseId", useCase.get("id").asText());
        var messages = batch.putArray("messages");
        for (int i = 0; i < 501; i++) {
            messages.add(JSON.createObjectNode().put("to", "x@example.org"));
        }

        assertThat(api.post("/v1/email/messages/batch", key, batch.toString()).status()).isEqualTo(400);
        assertThat(api.post("/v1/email/messages/batch", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"messages\":[]}").status()).isEqualTo(400);
    }

    @Test
    void shouldListMessagesFilteredByUseCaseAndStatus() {
        JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        String first = api.post("/v1/email/messages", key, message("a@example.org").toString()).json().get("id").asText();
        send(marketing, "b@example.org");
        awaitStatus(first, "sent");

        JsonNode all = api.get("/v1/email/messages", key).json();
        JsonNode byUseCase = api.get("/v1/email/messages?useCaseId=" + useCase.get("id").asText(), key).json();
        JsonNode sent = api.get("/v1/email/messages?status=sent&useCaseId=" + useCase.get("id").asText(), key).json();

        assertThat(all.get("items")).hasSize(2);
        assertThat(byUseCase.get("items").findValuesAsText("to")).containsExactly("a@example.org");
        assertThat(sent.get("items")).hasSize(1);
        assertThat(api.get("/v1/email/messages?status=lost", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/email/messages/" + first, api.newWorkspaceKey("other")).status()).isEqualTo(404);
    }

    private JsonNode batch(JsonNode onUseCase, String... recipients) {
        Response answer = api.post("/v1/email/messages/batch", key, batchBody(onUseCase, recipients).toString());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(207);
        return answer.json().get("items");
    }

    private static java.util.List<Integer> statuses(JsonNode items) {
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asInt()));
        return statuses;
    }

    private ObjectNode batchBody(JsonNode onUseCase, String... recipients) {
        ObjectNode batch = JSON.createObjectNode().put("useCaseId", onUseCase.get("id").asText());
        var messages = batch.putArray("messages");
        for (String to : recipients) {
            messages.add(message(to).without("useCaseId"));
        }
        return batch;
    }

    private UUID workspaceOf(JsonNode onUseCase) throws Exception {
        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("select workspace_id from use_cases where id = ?")) {
            query.setObject(1, UUID.fromString(onUseCase.get("id").asText()));
            ResultSet rows = query.executeQuery();
            rows.next();
            return rows.getObject(1, UUID.class);
        }
    }

    private Response send(JsonNode onUseCase, String to) {
        return api.post("/v1/email/messages", key, message(to).put("useCaseId", onUseCase.get("id").asText()).toString());
    }

    private ObjectNode message(String to) {
        return JSON.createObjectNode().put("useCaseId", useCase.get("id").asText()).put("to", to)
                .put("subject", "Reminder").put("text", "Hello there, this is your reminder.");
    }

    private JsonNode awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/v1/email/messages/" + id, key).json().get("status").asText().equals(status));
        return api.get("/v1/email/messages/" + id, key).json();
    }

    private void suppress(String address, String reason, String useCaseId) throws Exception {
        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into suppressions "
                        + "(id, workspace_id, setup_id, use_case_id, address, reason) select gen_random_uuid(), "
                        + "workspace_id, id, ?, ?, ? from setups where id = ?")) {
            insert.setObject(1, useCaseId == null ? null : UUID.fromString(useCaseId));
            insert.setString(2, address);
            insert.setString(3, reason);
            insert.setObject(4, UUID.fromString(setup.get("id").asText()));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private long count(String sql, Object parameter) {
        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            ResultSet rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
