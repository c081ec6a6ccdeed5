package com.emailchannel.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.DnsPublisher;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer console in a real browser (Debian's headless Chromium, driven by Playwright) against the real
 * service and the sandbox DNS server: everything is done by clicking, as a person would, and checked on the page.
 * Screenshots (wide and 375 px narrow) go to target/console-screenshots/.
 */
class ConsoleBrowserTest {

    private static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");
    private static final int IMAGE_WIDTH = 48;
    private static final int IMAGE_HEIGHT = 20;

    private static Playwright playwright;
    private static Browser browser;

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private BrowserContext context;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void browser() throws IOException {
        System.setProperty("java.awt.headless", "true");
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void newPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setBaseURL(service.baseUrl()));
        context.setDefaultTimeout(15_000);
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"),
                new BrowserContext.GrantPermissionsOptions().setOrigin(service.baseUrl()));
        page = context.newPage();
        page.onPageError(error -> pageErrors.add(error));
    }

    @AfterEach
    void closePage() {
        context.close();
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    @Test
    void shouldTakeADomainFromRegisteredToVerifiedAndBackAUseCase() {
        signIn(api.newWorkspaceKey("console"));
        String domain = "c" + UUID.randomUUID().toString().substring(0, 8) + ".clinic.example";

        page.getByLabel("Tenant name").fill("tenant-" + domain.substring(1, 9));
        page.getByLabel("Domain", new Page.GetByLabelOptions().setExact(true)).fill(domain);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register domain")).click();

        Locator rows = page.locator("table.records tbody tr");
        assertThat(rows).hasCount(3);
        assertThat(page.locator("#setup-status")).hasText("pending");
        assertThat(page.locator("table.records .record-status")).hasText(new String[] {"pending", "pending", "pending"});
        // publish what the page shows, as a customer copying the values into their DNS provider would
        DnsPublisher dns = new DnsPublisher(RunningService.sharedDns().address());
        String dkimValue = null;
        for (int i = 0; i < 3; i++) {
            Locator row = rows.nth(i);
            String type = row.locator(".record-type").innerText().strip();
            String name = row.locator("td[data-label=Name] code").innerText().strip();
            String value = row.locator("td[data-label=Value] code").innerText().strip();
            if (type.equals("MX")) {
                String[] parts = value.split(" ");
                dns.mx(name, Integer.parseInt(parts[0]), parts[1]);
            } else {
                dns.txt(name, value);
            }
            if ("dkim".equals(row.getAttribute("data-purpose"))) {
                dkimValue = value;
            }
        }
        assertThat(dkimValue).startsWith("v=DKIM1; k=rsa; p=").hasSizeGreaterThan(300);
        screenshot("setup-pending", 1280);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy dkim record value")).click();
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(dkimValue);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify")).click();

        assertThat(page.locator("table.records .record-status")).hasText(new String[] {"verified", "verified", "verified"});
        assertThat(page.locator("#setup-status")).hasText("verified");
        assertThat(page.locator("table.records td[data-label='Found in DNS']").first()).containsText("v=DKIM1");
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("3 of 3 records verified");
        screenshot("setup-verified", 1280);
        screenshot("setup-verified-narrow", 375);
        page.setViewportSize(1280, 900);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Use cases")).click();
        page.getByLabel("Setup", new Page.GetByLabelOptions().setExact(true)).selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(domain));
        page.getByLabel("Sender address").fill("appointments@" + domain);
        page.getByLabel("Sender name (optional)").fill("Acme Clinic");
        page.getByLabel("Type", new Page.GetByLabelOptions().setExact(true)).selectOption("transactional");
        page.getByLabel("Entity name").fill("Acme Clinic");
        page.getByLabel("Use-case name").fill("Appointment confirmations");
        page.getByLabel("Unsubscribe scope").selectOption("setup");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create use case")).click();

        Locator created = page.locator("tbody tr", new Page.LocatorOptions().setHasText("Appointment confirmations"));
        assertThat(created).hasCount(1);
        assertThat(created.locator("td[data-label=Status]")).hasText("active");
        assertThat(created.locator("td[data-label='Unsubscribe scope']")).hasText("whole setup");
        assertThat(created.locator("td[data-label=Sender]")).containsText("appointments@" + domain);
        screenshot("use-cases", 1280);
        screenshot("use-cases-narrow", 375);
        page.setViewportSize(1280, 900);

        // a sender outside the setup's domain: the API's message next to the field
        page.getByLabel("Sender address").fill("appointments@elsewhere.example");
        page.getByLabel("Entity name").fill("Acme Clinic");
        page.getByLabel("Use-case name").fill("Wrong sender");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create use case")).click();
        assertThat(page.locator("#uc-sender-error")).containsText("must be an address at the setup's domain");
        assertThat(page.getByLabel("Sender address")).hasAttribute("aria-invalid", "true");

        // the setup cannot go while the use case is active: the 409's reason is shown by the button
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Setups")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(domain)).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete setup")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, delete " + domain)).click();
        assertThat(page.locator("#delete-error")).isVisible();
        assertThat(page.locator("#delete-error")).containsText("Conflict (409)");
        assertThat(page.locator("#delete-error")).containsText("referenced by active use cases");
        screenshot("setup-delete-409", 1280);

        // retired, the use case no longer holds the setup back
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Use cases")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retire Appointment confirmations")).click();
        assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("Appointment confirmations"))
                .locator("td[data-label=Status]")).hasText("inactive");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Setups")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(domain)).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete setup")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, delete " + domain)).click();
        assertThat(page.locator("#view h1")).hasText("Setups");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(domain))).hasCount(0);
    }

    @Test
    void shouldShowTheApisValidationMessagesNextToTheFields() {
        signIn(api.newWorkspaceKey("console-validation"));
        page.setViewportSize(375, 800);

        page.getByLabel("Tenant name").fill("Not A Tenant!");
        page.getByLabel("Domain", new Page.GetByLabelOptions().setExact(true)).fill("not a domain");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register domain")).click();

        Locator tenantError = page.locator("#register-tenant-error");
        Locator domainError = page.locator("#register-domain-error");
        assertThat(tenantError).isVisible();
        assertThat(domainError).isVisible();
        String expected = api.post("/v1/email/setups", api.newWorkspaceKey("console-validation-api"),
                "{\"tenantName\":\"Not A Tenant!\",\"domain\":\"not a domain\"}").json().get("errors").toString();
        assertThat(expected).contains(tenantError.innerText().strip()).contains(domainError.innerText().strip());
        assertThat(page.getByLabel("Tenant name")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Tenant name")).isFocused();
        assertThat(page.getByLabel("Domain", new Page.GetByLabelOptions().setExact(true)))
                .hasAttribute("aria-describedby", "register-domain-hint register-domain-error");
        screenshot("register-validation-narrow", 375);

        page.getByLabel("Tenant name").fill("fixed-tenant");
        page.getByLabel("Domain", new Page.GetByLabelOptions().setExact(true)).fill("v" + UUID.randomUUID().toString().substring(0, 6) + ".clinic.example");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register domain")).click();
        assertThat(page.locator("table.records tbody tr")).hasCount(3);
        screenshot("setup-pending-narrow", 375);
    }

    @Test
    void shouldShowAThreadWithItsInlineImageInPlaceAndNeverRunItsScripts() throws Exception {
        String key = api.newWorkspaceKey("console-thread");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
        String domain = setup.get("domain").asText();
        JsonNode outbound = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"patient@example.org\",\"subject\":\"Your appointment\",\"text\":\"Tuesday 10:00\","
                + "\"html\":\"<p>Tuesday <b>10:00</b></p>\"}").json();
        String boundary = "b-" + UUID.randomUUID();
        InboundMail.deliver(service, String.join("\r\n",
                "From: Patient <patient@example.org>", "To: care@" + domain, "Subject: Re: Your appointment",
                "Message-ID: <console-" + UUID.randomUUID() + "@example.org>",
                "In-Reply-To: " + outbound.get("messageId").asText(),
                "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"", "",
                "--" + boundary, "Content-Type: multipart/related; boundary=\"r" + boundary + "\"", "",
                "--r" + boundary, "Content-Type: text/html; charset=utf-8", "",
                "<html><head><style>p.note { color: rgb(0, 90, 0); }</style></head><body>",
                "<p class=\"note\">Tuesday works. <img id=\"logo\" alt=\"Clinic logo\" src=\"cid:logo@example.org\"></p>",
                "<img id=\"remote\" alt=\"remote\" src=\"http://127.0.0.1:9/track.png\">",
                "<a id=\"link\" href=\"http://127.0.0.1:9/phish\">see this</a>",
                "<script>document.title = 'script ran'; document.body.setAttribute('data-ran', 'yes');"
                        + " parent.postMessage('script ran', '*');</script>",
                "<img src=\"x\" onerror=\"document.body.setAttribute('data-ran', 'handler')\">",
                "</body></html>",
                "--r" + boundary, "Content-Type: image/png", "Content-ID: <logo@example.org>",
                "Content-Transfer-Encoding: base64", "", Base64.getMimeEncoder().encodeToString(png()),
                "--r" + boundary + "--",
                "--" + boundary, "Content-Type: application/pdf; name=\"card.pdf\"",
                "Content-Disposition: attachment; filename=\"card.pdf\"", "Content-Transfer-Encoding: base64", "",
                "JVBERi0xLjQ=", "--" + boundary + "--", ""));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.get("/v1/email/inbound", key).json().get("items");
            return items.size() == 1 && !items.get(0).get("threadId").isNull();
        });

        signIn(key);
        page.evaluate("() => { window.messagesFromFrames = []; "
                + "window.addEventListener('message', e => window.messagesFromFrames.push(String(e.data))); }");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Inbound")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Re: Your appointment")).click();

        Locator articles = page.locator("article.message");
        assertThat(articles).hasCount(2);
        assertThat(articles.nth(0)).hasAttribute("data-direction", "outbound");
        assertThat(articles.nth(1)).hasAttribute("data-direction", "inbound");
        Locator frameElement = articles.nth(1).locator("iframe.mail-frame");
        assertThat(frameElement).hasAttribute("sandbox", "");
        assertThat((String) frameElement.evaluate("f => f.srcdoc")).startsWith(
                "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "img-src data:; style-src 'unsafe-inline'\">");
        Frame mail = frameElement.elementHandle().contentFrame();
        page.waitForCondition(() -> ((Number) mail.locator("#logo").evaluate("i => i.complete ? i.naturalWidth : 0")).intValue() > 0);

        assertThat(((Number) mail.locator("#logo").evaluate("i => i.naturalWidth")).intValue()).isEqualTo(IMAGE_WIDTH);
        assertThat(((Number) mail.locator("#logo").evaluate("i => i.naturalHeight")).intValue()).isEqualTo(IMAGE_HEIGHT);
        assertThat(mail.locator("#logo").getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(((Number) mail.locator("#remote").evaluate("i => i.naturalWidth")).intValue())
                .as("nothing remote loads").isZero();
        assertThat(mail.locator("p.note").evaluate("p => getComputedStyle(p).color")).isEqualTo("rgb(0, 90, 0)");
        assertThat(mail.locator("#link").getAttribute("target")).as("a new window, refused by the sandbox").isEqualTo("_blank");
        assertThat(mail.title()).isNotEqualTo("script ran");
        assertThat(mail.locator("body").getAttribute("data-ran")).as("no script or handler ran").isNull();
        assertThat(page.evaluate("() => window.messagesFromFrames.length")).isEqualTo(0);
        assertThat(page.title()).isEqualTo("Email channel · Developer Console");
        // full-page captures leave out frames below the first screen: the reply is scrolled into view instead
        frameElement.screenshot(new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("thread-reply-frame.png")));
        screenshot("thread", 1280, articles.nth(1));
        screenshot("thread-narrow", 375, articles.nth(1));
        page.setViewportSize(1280, 900);

        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("Download card\\.pdf"))).click());
        assertThat(download.suggestedFilename()).isEqualTo("card.pdf");
        assertThat(Files.readString(download.path())).isEqualTo("%PDF-1.4");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName(java.util.regex.Pattern.compile("Download logo@example.org")))).hasCount(0);

        articles.nth(0).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Events")).click();
        assertThat(page.locator("#view h1")).hasText("Your appointment");
        assertThat(page.locator("ol.timeline li .badge").first()).hasText("queued");
        assertThat(page.locator("ol.timeline")).containsText("sent");
        screenshot("message-events", 1280);
    }

    @Test
    void shouldListASuppressionAndRemoveIt() {
        String key = api.newWorkspaceKey("console-suppressions");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "marketing", "setup");
        String recipient = "leaver-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
        JsonNode sent = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"" + recipient + "\",\"subject\":\"News\",\"text\":\"Hello\"}").json();
        String unsubscribe;
        try {
            unsubscribe = Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText())
                    .getHeader("List-Unsubscribe", null).replaceAll("(?s)^<https?://[^/]+(/u/[^>]+)>.*", "$1");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        assertThat(api.send("POST", unsubscribe, null, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click").status()).isEqualTo(200);

        signIn(key);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Suppressions")).click();
        Locator row = page.locator("tbody tr", new Page.LocatorOptions().setHasText(recipient));
        assertThat(row).hasCount(1);
        assertThat(row.locator("td[data-label=Reason]")).hasText("unsubscribe");
        assertThat(row.locator("td[data-label=Setup]")).hasText(setup.get("domain").asText());
        assertThat(row.locator("td[data-label=Scope]")).hasText("whole setup");
        screenshot("suppressions", 1280);
        screenshot("suppressions-narrow", 375);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove suppression of " + recipient)).click();

        assertThat(row).hasCount(0);
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("removed");
        assertThat(api.get("/v1/email/suppressions", key).json().get("items")).isEmpty();
    }

    @Test
    void shouldSayWhenTheKeyIsRefusedOrSomethingCannotLoad() {
        page.navigate("/console");
        assertThat(page).hasURL(service.baseUrl() + "/console/");
        page.getByLabel("Workspace API key").fill("ec_not-a-key");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        assertThat(page.locator("#api-key-error")).isVisible();
        assertThat(page.locator("#api-key-error")).containsText("not accepted");
        assertThat(page.locator("#api-key-error")).containsText("Unauthorized (401)");
        assertThat(page.locator("#nav")).isHidden();
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
        screenshot("sign-in-refused", 1280);
        screenshot("sign-in-refused-narrow", 375);
        page.setViewportSize(1280, 900);

        String key = api.newWorkspaceKey("console-errors");
        signIn(key);
        assertThat(page.url()).doesNotContain(key);
        page.navigate("/console/#/setups/" + UUID.randomUUID());
        Locator error = page.locator(".inline-error");
        assertThat(error).containsText("Not found (404)");
        assertThat(error.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Try again"))).isVisible();
        screenshot("setup-not-found", 1280);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page.getByLabel("Workspace API key")).isVisible();
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
    }

    /** Signs in by keyboard: the key typed into its field, Enter submits. */
    private void signIn(String key) {
        page.navigate("/console/");
        assertThat(page.getByLabel("Workspace API key")).isFocused();
        page.keyboard().type(key);
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Sections"))).isVisible();
        assertThat(page.locator("#view h1")).hasText("Setups");
    }

    private void screenshot(String name, int width) {
        page.setViewportSize(width, width < 600 ? 800 : 900);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** The screen at {@code width} with {@code target} scrolled into view. */
    private void screenshot(String name, int width, Locator target) {
        page.setViewportSize(width, width < 600 ? 800 : 900);
        target.scrollIntoViewIfNeeded();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    /** A small real PNG: a green bar, IMAGE_WIDTH × IMAGE_HEIGHT. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(IMAGE_WIDTH, IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new Color(4, 120, 87));
        g.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
        g.setColor(Color.WHITE);
        g.fillRect(4, 4, IMAGE_WIDTH - 8, 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
