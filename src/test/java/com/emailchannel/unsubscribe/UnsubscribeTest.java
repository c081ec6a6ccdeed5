package com.emailchannel.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The List-Unsubscribe link of a delivered message, followed as a mail client and a person would. */
class UnsubscribeTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private String key;
    private JsonNode setup;

    @BeforeEach
    void setup() {
        key = api.newWorkspaceKey("unsubscribe");
        setup = VerifiedSetups.create(api, key);
    }

    @Test
    void shouldUnsubscribeWithOneClickOnlyFromThatUseCase() throws Exception {
        JsonNode newsletter = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode offers = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode sent = send(newsletter, "reader@example.org");
        String path = unsubscribePath(sent);

        Response page = api.get(path, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<form method=\"post\"").contains("List-Unsubscribe").doesNotContain("<script");
        assertThat(suppressions("reader@example.org")).isEmpty();

        Response first = api.send("POST", path, null, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        Response again = api.send("POST", path, null, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        JsonNode suppressions = suppressions("reader@example.org");
        assertThat(suppressions).hasSize(1);
        assertThat(suppressions.get(0).get("reason").asText()).isEqualTo("unsubscribe");
        assertThat(suppressions.get(0).get("useCaseId").asText()).isEqualTo(newsletter.get("id").asText());
        assertThat(api.get("/v1/email/messages/" + sent.get("id").asText(), key).json().get("events")
                .findValuesAsText("type")).contains("unsubscribed");
        assertThat(sendStatus(newsletter, "READER@example.org")).isEqualTo(422);
        assertThat(sendStatus(offers, "reader@example.org")).isEqualTo(202);
    }

    @Test
    void shouldUnsubscribeFromTheWholeSetupWhenTheUseCaseSaysSo() throws Exception {
        JsonNode newsletter = VerifiedSetups.useCase(api, key, setup, "marketing", "setup");
        JsonNode offers = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        String path = unsubscribePath(send(newsletter, "all@example.org"));

        api.send("POST", path, null, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");

        assertThat(suppressions("all@example.org").get(0).get("useCaseId").isNull()).isTrue();
        assertThat(sendStatus(offers, "all@example.org")).isEqualTo(422);
    }

    @Test
    void shouldUnsubscribeByMailToTheMailtoAddress() throws Exception {
        JsonNode newsletter = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode sent = send(newsletter, "mailer@example.org");
        MimeMessage delivered = Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText());
        Matcher mailto = Pattern.compile("<mailto:([^>]+)>").matcher(delivered.getHeader("List-Unsubscribe", null));
        assertThat(mailto.find()).isTrue();

        com.emailchannel.testing.InboundMail.deliver(service, String.join("\r\n", "From: mailer@example.org",
                "To: " + mailto.group(1), "Subject: unsubscribe", "Message-ID: <u-" + java.util.UUID.randomUUID()
                        + "@example.org>", "", "unsubscribe", ""));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> suppressions("mailer@example.org").size() == 1);
        assertThat(suppressions("mailer@example.org").get(0).get("reason").asText()).isEqualTo("unsubscribe");
        assertThat(api.get("/v1/email/messages/" + sent.get("id").asText(), key).json().get("events").toString())
                .contains("\"via\":\"mailto\"");
    }

    @Test
    void shouldRefuseForgedTokensAndRequestsThatAreNotOneClick() throws Exception {
        JsonNode newsletter = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        String path = unsubscribePath(send(newsletter, "forged@example.org"));
        char last = path.charAt(path.length() - 1);
        String altered = path.substring(0, path.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(api.get(altered, null).status()).isEqualTo(404);
        assertThat(api.send("POST", altered, null, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
                .status()).isEqualTo(404);
        assertThat(api.get("/u/not-a-token", null).status()).isEqualTo(404);
        assertThat(api.send("POST", path, null, "application/x-www-form-urlencoded", "").status()).isEqualTo(400);
        assertThat(suppressions("forged@example.org")).isEmpty();
    }

    @Test
    void shouldSendAgainOnceASuppressionIsRemoved() throws Exception {
        JsonNode newsletter = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        api.send("POST", unsubscribePath(send(newsletter, "back@example.org")), null,
                "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        String id = suppressions("back@example.org").get(0).get("id").asText();

        assertThat(api.delete("/v1/email/suppressions/" + id, api.newWorkspaceKey("other")).status()).isEqualTo(404);
        assertThat(api.delete("/v1/email/suppressions/" + id, key).status()).isEqualTo(204);
        assertThat(api.delete("/v1/email/suppressions/" + id, key).status()).isEqualTo(404);
        assertThat(sendStatus(newsletter, "back@example.org")).isEqualTo(202);
        assertThat(api.get("/v1/email/suppressions?setupId=" + setup.get("id").asText(), key).json().get("items")).isEmpty();
    }

    private JsonNode suppressions(String address) {
        return api.get("/v1/email/suppressions?address=" + address, key).json().get("items");
    }

    private String unsubscribePath(JsonNode sent) throws Exception {
        MimeMessage delivered = Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText());
        Matcher link = Pattern.compile("<https?://[^/]+(/u/[A-Za-z0-9_-]+)>").matcher(delivered.getHeader("List-Unsubscribe", null));
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private JsonNode send(JsonNode useCase, String to) {
        Response accepted = api.post("/v1/email/messages", key, body(useCase, to));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json();
    }

    private int sendStatus(JsonNode useCase, String to) {
        return api.post("/v1/email/messages", key, body(useCase, to)).status();
    }

    private static String body(JsonNode useCase, String to) {
        return "{\"useCaseId\":\"" + useCase.get("id").asText() + "\",\"to\":\"" + to
                + "\",\"subject\":\"News\",\"html\":\"<p>News</p>\"}";
    }
}
