package com.emailchannel.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Opens and clicks of a delivered marketing message, followed as a mail client would. */
class EngagementTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldRecordOpensAndClicksAndRedirectOnlyToTheSentLink() throws Exception {
        String key = api.newWorkspaceKey("engagement");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        assertThat(useCase.get("trackEngagement").asBoolean()).isTrue();
        JsonNode sent = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"reader@example.org\",\"subject\":\"News\",\"text\":\"News\",\"html\":"
                + "\"<p>Read <a href=\\\"https://clinic.example/news?id=1&amp;x=2\\\">the news</a> or "
                + "<a href=\\\"mailto:care@clinic.example\\\">write</a></p>\"}").json();
        String html = html(Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText()));
        List<String> links = paths(html, "href=\"https?://[^/\"]+(/t/c/[^\"]+)\"");
        List<String> pixels = paths(html, "src=\"https?://[^/\"]+(/t/o/[A-Za-z0-9_-]+)\"");
        assertThat(links).hasSize(1);
        assertThat(pixels).hasSize(1);
        assertThat(html).contains("href=\"mailto:care@clinic.example\"");

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + URI.create(api.get("/health/live", null).raw().uri().toString()).getPort();
        HttpResponse<byte[]> pixel = http.send(HttpRequest.newBuilder(URI.create(base + pixels.get(0)))
                .header("User-Agent", "Mozilla/5.0 (Macintosh) AppleWebKit").build(), HttpResponse.BodyHandlers.ofByteArray());
        http.send(HttpRequest.newBuilder(URI.create(base + pixels.get(0))).header("User-Agent", "Barracuda scanner").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String link = links.get(0).replace("&amp;", "&");
        HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(base + link)).build(),
                HttpResponse.BodyHandlers.ofString());
        String forged = link.replace("u=https%3A%2F%2Fclinic.example", "u=https%3A%2F%2Fevil.example");
        HttpResponse<String> openRedirect = http.send(HttpRequest.newBuilder(URI.create(base + forged)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(pixel.statusCode()).isEqualTo(200);
        assertThat(pixel.headers().firstValue("Content-Type")).contains("image/gif");
        assertThat(pixel.body()).startsWith('G', 'I', 'F');
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).contains("https://clinic.example/news?id=1&x=2");
        assertThat(openRedirect.statusCode()).isEqualTo(404);
        assertThat(openRedirect.headers().firstValue("Location")).isEmpty();
        assertThat(api.get("/t/o/forged-token", null).status()).isEqualTo(404);

        JsonNode events = api.get("/v1/email/messages/" + sent.get("id").asText(), key).json().get("events");
        assertThat(events.findValuesAsText("type")).contains("opened", "clicked");
        assertThat(events.toString()).contains("\"machine\":true").contains("\"machine\":false");
        JsonNode stats = api.get("/v1/email/analytics?useCaseId=" + useCase.get("id").asText(), key).json();
        assertThat(stats.get("uniqueOpens").asLong()).isEqualTo(1);
        assertThat(stats.get("uniqueClicks").asLong()).isEqualTo(1);
    }

    @Test
    void shouldNotTrackTransactionalMailByDefault() throws Exception {
        String key = api.newWorkspaceKey("no-tracking");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        JsonNode sent = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"Code\",\"html\":\"<a href=\\\"https://clinic.example/\\\">x</a>\"}").json();

        String html = html(Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText()));

        assertThat(useCase.get("trackEngagement").asBoolean()).isFalse();
        assertThat(html).contains("href=\"https://clinic.example/\"").doesNotContain("/t/o/");
    }

    private static List<String> paths(String html, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(html);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String html(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String text) {
            return text;
        }
        Multipart multipart = (Multipart) content;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("text/html")) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no html part");
    }
}
