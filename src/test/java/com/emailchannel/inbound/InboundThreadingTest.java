package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies drained from a real IMAP mailbox (GreenMail) and threaded to the outbound they answer; replies sent
 * back carry In-Reply-To and the full References chain, whatever the client kept.
 */
class InboundThreadingTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private String key;
    private JsonNode setup;
    private JsonNode useCase;
    private String domain;

    @BeforeEach
    void useCase() {
        key = api.newWorkspaceKey("inbound");
        setup = VerifiedSetups.create(api, key);
        useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        domain = setup.get("domain").asText();
    }

    @Test
    void shouldThreadARepliesWithItsAttachmentsAndServeThem() throws Exception {
        JsonNode outbound = send("Appointment", null);
        String boundary = "b-" + UUID.randomUUID();
        InboundMail.deliver(service, String.join("\r\n",
                "From: Patient <patient@example.org>", "To: care@" + domain, "Subject: Re: Appointment",
                "Message-ID: <r1-" + UUID.randomUUID() + "@example.org>",
                "In-Reply-To: " + outbound.get("messageId").asText(),
                "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"", "",
                "--" + boundary, "Content-Type: multipart/related; boundary=\"r" + boundary + "\"", "",
                "--r" + boundary, "Content-Type: text/html; charset=utf-8", "",
                "<p>Yes <img src=\"cid:sig@example.org\"></p>",
                "--r" + boundary, "Content-Type: image/png", "Content-ID: <sig@example.org>",
                "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=", "--r" + boundary + "--",
                "--" + boundary, "Content-Type: application/pdf; name=\"card.pdf\"",
                "Content-Disposition: attachment; filename=\"../../card.pdf\"", "Content-Transfer-Encoding: base64", "",
                "JVBERi0xLjQ=", "--" + boundary + "--", ""));

        JsonNode inbound = awaitInbound(1).get(0);
        JsonNode detail = api.get("/v1/email/inbound/" + inbound.get("id").asText(), key).json();

        assertThat(detail.get("parentId").asText()).isEqualTo(outbound.get("id").asText());
        assertThat(detail.get("useCaseId").asText()).isEqualTo(useCase.get("id").asText());
        assertThat(detail.get("threadId").asText()).isEqualTo(outbound.get("threadId").asText());
        assertThat(detail.get("html").asText()).contains("cid:sig@example.org");
        JsonNode attachments = detail.get("attachments");
        assertThat(attachments.get(0).get("filename").asText()).isEqualTo("sig@example.org");
        assertThat(attachments.get(0).get("inline").asBoolean()).isTrue();
        assertThat(attachments.get(1).get("filename").asText()).isEqualTo("card.pdf");
        assertThat(attachments.get(1).get("inline").asBoolean()).isFalse();
        Response download = api.get(attachments.get(1).get("path").asText(), key);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("%PDF-1.4");
        assertThat(download.contentType()).isEqualTo("application/pdf");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(api.get(attachments.get(1).get("path").asText(), api.newWorkspaceKey("other")).status()).isEqualTo(404);
        assertThat(api.get("/v1/email/inbound/" + inbound.get("id").asText() + "/attachments/nope.pdf", key).status())
                .isEqualTo(404);

        JsonNode thread = api.get("/v1/email/threads/" + outbound.get("threadId").asText(), key).json();
        assertThat(thread.get("items").findValuesAsText("direction")).containsExactly("outbound", "inbound");
        try (java.sql.Connection c = service.dataSource().getConnection();
                java.sql.PreparedStatement q = c.prepareStatement(
                        "select type, data ->> 'parentId', data ->> 'threadId' from event_outbox where subject = ?")) {
            q.setObject(1, UUID.fromString(inbound.get("id").asText()));
            java.sql.ResultSet event = q.executeQuery();
            assertThat(event.next()).as("email.received waits in the event outbox").isTrue();
            assertThat(event.getString(1)).isEqualTo("email.received");
            assertThat(event.getString(2)).isEqualTo(outbound.get("id").asText());
            assertThat(event.getString(3)).isEqualTo(outbound.get("threadId").asText());
        }
    }

    @Test
    void shouldKeepTheFullReferencesChainOverRoundsWhateverTheClientKept() throws Exception {
        JsonNode o1 = send("Lab results", null);
        String r1 = "<r1-" + UUID.randomUUID() + "@example.org>";
        deliverReply(r1, o1.get("messageId").asText(), o1.get("messageId").asText());
        JsonNode i1 = awaitInbound(1).get(0);

        JsonNode o2 = send("Re: Lab results", i1.get("id").asText());
        String r2 = "<r2-" + UUID.randomUUID() + "@example.org>";
        deliverReply(r2, o2.get("messageId").asText(), null);
        JsonNode i2 = awaitInbound(2).get(0);

        JsonNode o3 = send("Re: Lab results", i2.get("id").asText());
        String r3 = "<r3-" + UUID.randomUUID() + "@example.org>";
        deliverReply(r3, o3.get("messageId").asText(), o3.get("messageId").asText());
        JsonNode i3 = awaitInbound(3).get(0);
        JsonNode o4 = send("Re: Lab results", i3.get("id").asText());

        MimeMessage third = Mailboxes.awaitOne(service.mailServer(), o3.get("messageId").asText());
        assertThat(third.getHeader("In-Reply-To", null)).isEqualTo(r2);
        assertThat(third.getHeader("References", " ")).isEqualTo(String.join(" ", o1.get("messageId").asText(), r1,
                o2.get("messageId").asText(), r2));
        MimeMessage fourth = Mailboxes.awaitOne(service.mailServer(), o4.get("messageId").asText());
        assertThat(fourth.getHeader("References", " ")).isEqualTo(String.join(" ", o1.get("messageId").asText(), r1,
                o2.get("messageId").asText(), r2, o3.get("messageId").asText(), r3));
        JsonNode thread = api.get("/v1/email/threads/" + o1.get("threadId").asText(), key).json().get("items");
        assertThat(thread.findValuesAsText("messageId")).containsExactly(o1.get("messageId").asText(), r1,
                o2.get("messageId").asText(), r2, o3.get("messageId").asText(), r3, o4.get("messageId").asText());
    }

    @Test
    void shouldStoreMailCarryingNulCharacters() {
        InboundMail.deliver(service, String.join("\r\n", "From: patient@example.org", "To: care@" + domain,
                "Subject: Hello\u0000there", "Message-ID: <nul-" + UUID.randomUUID() + "@example.org>", "",
                "body with a \u0000 NUL", ""));

        JsonNode inbound = awaitInbound(1).get(0);

        assertThat(inbound.get("subject").asText()).isEqualTo("Hellothere");
    }

    @Test
    void shouldThreadAReplyWithoutHeadersByTheReplyTokenOfOurReplyTo() throws Exception {
        JsonNode outbound = send("Appointment", null);
        String replyTo = Mailboxes.awaitOne(service.mailServer(), outbound.get("messageId").asText())
                .getHeader("Reply-To", null).replaceAll("(?s).*<([^>]+)>.*", "$1");
        assertThat(replyTo).startsWith("reply+").endsWith("@" + domain);

        // A client that drops In-Reply-To and References entirely.
        InboundMail.deliver(service, String.join("\r\n", "From: patient@example.org", "To: " + replyTo,
                "Subject: about that", "Message-ID: <t-" + UUID.randomUUID() + "@example.org>", "", "Yes.", ""));

        JsonNode inbound = awaitInbound(1).get(0);
        assertThat(inbound.get("parentId").asText()).isEqualTo(outbound.get("id").asText());
        assertThat(inbound.get("threadId").asText()).isEqualTo(outbound.get("threadId").asText());
    }

    @Test
    void shouldKeepSubjectOnlyRepliesUnthreaded() {
        send("Appointment", null);
        InboundMail.deliver(service, String.join("\r\n", "From: patient@example.org", "To: care@" + domain,
                "Subject: Re: Appointment", "Message-ID: <s-" + UUID.randomUUID() + "@example.org>", "", "Which one?", ""));

        JsonNode inbound = awaitInbound(1).get(0);

        assertThat(inbound.get("parentId").isNull()).isTrue();
        assertThat(inbound.get("threadId").isNull()).isTrue();
        assertThat(inbound.get("setupId").asText()).isEqualTo(setup.get("id").asText());
    }

    @Test
    void shouldNeverLinkAReplyToAnotherWorkspacesMessage() {
        JsonNode outbound = send("Appointment", null);
        String otherKey = api.newWorkspaceKey("other");
        JsonNode otherSetup = VerifiedSetups.create(api, otherKey);
        InboundMail.deliver(service, String.join("\r\n", "From: patient@example.org",
                "To: care@" + otherSetup.get("domain").asText(), "Subject: Re: Appointment",
                "Message-ID: <x-" + UUID.randomUUID() + "@example.org>",
                "In-Reply-To: " + outbound.get("messageId").asText(), "", "wrong address", ""));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                api.get("/v1/email/inbound", otherKey).json().get("items").size() == 1);
        JsonNode stored = api.get("/v1/email/inbound", otherKey).json().get("items").get(0);

        assertThat(stored.get("parentId").isNull()).isTrue();
        assertThat(stored.get("setupId").asText()).isEqualTo(otherSetup.get("id").asText());
        assertThat(api.get("/v1/email/inbound", key).json().get("items")).isEmpty();
    }

    @Test
    void shouldRefuseRepliesAcrossUseCasesAndUnknownInbound() {
        JsonNode outbound = send("Appointment", null);
        deliverReply("<c-" + UUID.randomUUID() + "@example.org>", outbound.get("messageId").asText(), null);
        JsonNode inbound = awaitInbound(1).get(0);
        JsonNode otherUseCase = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");

        Response crossUseCase = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + otherUseCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"Re\",\"text\":\"x\",\"inReplyTo\":\""
                + inbound.get("id").asText() + "\"}");
        Response unknown = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"Re\",\"text\":\"x\",\"inReplyTo\":\""
                + UUID.randomUUID() + "\"}");

        assertThat(crossUseCase.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void shouldThreadRepliesSentInABatchAsSingleSendsAre() throws Exception {
        JsonNode outbound = send("Appointment", null);
        deliverReply("<b-" + UUID.randomUUID() + "@example.org>", outbound.get("messageId").asText(), null);
        JsonNode inbound = awaitInbound(1).get(0);

        Response batch = api.post("/v1/email/messages/batch", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"messages\":[{\"to\":\"patient@example.org\",\"subject\":\"Re\",\"text\":\"x\","
                + "\"inReplyTo\":\"" + inbound.get("id").asText() + "\"},"
                + "{\"to\":\"patient@example.org\",\"subject\":\"New\",\"text\":\"x\"},"
                + "{\"to\":\"patient@example.org\",\"subject\":\"Re\",\"text\":\"x\",\"inReplyTo\":\""
                + UUID.randomUUID() + "\"}]}");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(207);
        JsonNode items = batch.json().get("items");
        assertThat(items.get(0).get("status").asInt()).isEqualTo(202);
        assertThat(items.get(0).get("threadId").asText()).isEqualTo(outbound.get("threadId").asText());
        assertThat(items.get(1).get("status").asInt()).isEqualTo(202);
        assertThat(items.get(1).get("threadId").asText()).isNotEqualTo(outbound.get("threadId").asText());
        assertThat(items.get(2).get("status").asInt()).isEqualTo(404);
        MimeMessage reply = Mailboxes.awaitOne(service.mailServer(), items.get(0).get("messageId").asText());
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(inbound.get("messageId").asText());
        assertThat(reply.getHeader("References", " ")).isEqualTo(outbound.get("messageId").asText() + " "
                + inbound.get("messageId").asText());
    }

    @Test
    void shouldQuarantineMailForUnknownDomainsAndStoreEachMessageOnce() {
        String messageId = "<q-" + UUID.randomUUID() + "@example.org>";
        String raw = String.join("\r\n", "From: someone@example.org", "To: nobody@unknown-" + UUID.randomUUID() + ".example",
                "Subject: Hello", "Message-ID: " + messageId, "", "Is anyone there?", "");
        InboundMail.deliver(service, raw);
        InboundMail.deliver(service, raw);

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> quarantined(messageId) == 1);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> quarantined(messageId) == 1);
        assertThat(api.get("/v1/inbound/quarantine", key).status()).isEqualTo(401);
    }

    private long quarantined(String messageId) {
        JsonNode items = api.get("/v1/inbound/quarantine?limit=200", RunningService.ADMIN_TOKEN).json().get("items");
        long count = 0;
        for (JsonNode item : items) {
            if (messageId.equals(item.get("messageId").asText())) {
                count++;
            }
        }
        return count;
    }

    private void deliverReply(String messageId, String inReplyTo, String references) {
        InboundMail.deliver(service, String.join("\r\n", "From: patient@example.org", "To: care@" + domain,
                "Subject: Re: Lab results", "Message-ID: " + messageId, "In-Reply-To: " + inReplyTo,
                references == null ? "X-Client: strips references" : "References: " + references, "", "Thanks", ""));
    }

    private JsonNode send(String subject, String inReplyTo) {
        Response accepted = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"" + subject + "\",\"text\":\"Hello\""
                + (inReplyTo == null ? "" : ",\"inReplyTo\":\"" + inReplyTo + "\"") + "}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json();
    }

    private List<JsonNode> awaitInbound(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                api.get("/v1/email/inbound", key).json().get("items").size() >= count);
        List<JsonNode> items = new java.util.ArrayList<>();
        api.get("/v1/email/inbound", key).json().get("items").forEach(items::add);
        return items;
    }
}
