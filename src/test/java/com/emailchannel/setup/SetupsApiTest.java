package com.emailchannel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.crypto.SecretBox;
import com.emailchannel.dns.sandbox.SandboxDnsServer;
import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.DnsPublisher;
import com.emailchannel.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The setup routes end to end: real HTTP, the YAML routes, PostgreSQL, and a real DNS server over the wire. */
class SetupsApiTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private final DnsPublisher dns = new DnsPublisher(RunningService.sharedDns().address());
    private String key;
    private String domain;

    @BeforeEach
    void newWorkspace() {
        key = api.newWorkspaceKey("setups");
        domain = "n" + UUID.randomUUID().toString().substring(0, 8) + ".clinic.example";
    }

    @Test
    void shouldAnswerTheRecordsToPublishWhenASetupIsCreated() {
        Response created = create("acme-clinic", domain);

        assertThat(created.status()).isEqualTo(201);
        JsonNode setup = created.json();
        assertThat(created.header("Location")).isEqualTo("/v1/email/setups/" + setup.get("id").asText());
        assertThat(setup.get("tenantName").asText()).isEqualTo("acme-clinic");
        assertThat(setup.get("domain").asText()).isEqualTo(domain);
        assertThat(setup.get("status").asText()).isEqualTo("pending");
        assertThat(setup.get("verifiedAt").isNull()).isTrue();
        assertThat(setup.get("checkedAt").isNull()).isTrue();
        JsonNode records = setup.get("records");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).get("purpose").asText()).isEqualTo("dkim");
        assertThat(records.get(0).get("type").asText()).isEqualTo("TXT");
        assertThat(records.get(0).get("address").asText()).matches("ec[0-9a-f]{10}\\._domainkey\\." + domain.replace(".", "\\."));
        assertThat(records.get(0).get("value").asText()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(records.get(1).get("type").asText()).isEqualTo("MX");
        assertThat(records.get(1).get("address").asText()).isEqualTo(domain);
        assertThat(records.get(1).get("value").asText()).isEqualTo("10 " + RunningService.MX_HOST);
        assertThat(records.get(2).get("address").asText()).isEqualTo("_dmarc." + domain);
        assertThat(records.get(2).get("value").asText()).startsWith("v=DMARC1; p=none");
        records.forEach(r -> assertThat(r.get("status").asText()).isEqualTo("pending"));
        assertThat(created.body()).doesNotContainIgnoringCase("private");
    }

    @Test
    void shouldStoreInternationalDomainsAsLowerCaseALabels() {
        Response created = create("buecher", "Post.BÜCHER-" + domain.substring(0, 9) + ".Example.");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("domain").asText())
                .isEqualTo("post." + java.net.IDN.toASCII("bücher-" + domain.substring(0, 9)) + ".example");
    }

    @Test
    void shouldRejectInvalidTenantNamesAndDomainsWithEveryFieldError() {
        Response invalid = api.post("/v1/email/setups", key, "{\"tenantName\":\"Acme Clinic\",\"domain\":\"not a domain\"}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).isEqualTo("application/problem+json");
        assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("tenantName", "domain");
        assertThat(api.post("/v1/email/setups", key, "{\"domain\":\"" + domain + "\"}").json().get("errors").get(0)
                .get("message").asText()).isEqualTo("is required");
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":\"" + "a".repeat(65) + "\",\"domain\":\"" + domain + "\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":\"ok\",\"domain\":\"localhost\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":\"ok\",\"domain\":\"-bad.example\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":\"ok\",\"domain\":\"a..b.example\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":\"ok\",\"domain\":\"bad\\r\\nX-Injected: 1.example\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/email/setups", key, "{\"tenantName\":7,\"domain\":[\"x\"]}").json().get("errors")).hasSize(2);
        assertThat(list().get("items")).isEmpty();
    }

    @Test
    void shouldRefuseATenantNameOrDomainAlreadyUsedInTheWorkspace() {
        assertThat(create("acme", domain).status()).isEqualTo(201);

        Response sameTenant = create("acme", "other-" + domain);
        Response sameDomain = create("other", domain);

        assertThat(sameTenant.status()).isEqualTo(409);
        assertThat(sameTenant.json().get("detail").asText()).contains("tenantName");
        assertThat(sameDomain.status()).isEqualTo(409);
        assertThat(sameDomain.json().get("detail").asText()).contains("domain");
    }

    @Test
    void shouldRefuseADomainThatAnotherWorkspaceVerified() {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        JsonNode verified = verify(setup);
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("verified");

        String otherKey = api.newWorkspaceKey("squatter");
        Response squat = api.post("/v1/email/setups", otherKey, "{\"tenantName\":\"x\",\"domain\":\"" + domain + "\"}");

        assertThat(squat.status()).isEqualTo(409);
        assertThat(squat.json().get("detail").asText()).contains("already verified");
    }

    @Test
    void shouldKeepTheDkimPrivateKeyEncryptedAtRest() throws Exception {
        JsonNode setup = create("acme", domain).json();
        UUID id = UUID.fromString(setup.get("id").asText());

        byte[] stored;
        try (Connection connection = service.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("select dkim_private_key_enc from setups where id = ?")) {
            query.setObject(1, id);
            ResultSet row = query.executeQuery();
            row.next();
            stored = row.getBytes(1);
        }

        // Not a PKCS#8 key as stored: DER starts with 0x30 0x82, ours with the box version byte.
        assertThat(stored[0]).isEqualTo((byte) 1);
        byte[] opened = new SecretBox(RunningService.SECRETS_KEY).open(stored, NewSetups.dkimKeyAssociatedData(id));
        assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(opened)).getAlgorithm()).isEqualTo("RSA");
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("MII");
    }

    @Test
    void shouldReportMissingRecordsAsPendingWithWhatWasFound() {
        JsonNode setup = create("acme", domain).json();

        JsonNode checked = get(setup);

        assertThat(checked.get("status").asText()).isEqualTo("pending");
        assertThat(checked.get("checkedAt").isNull()).isFalse();
        for (JsonNode record : checked.get("records")) {
            assertThat(record.get("status").asText()).isEqualTo("pending");
            assertThat(record.get("found")).isEmpty();
            assertThat(record.get("detail").asText()).contains("no " + record.get("type").asText() + " record");
        }
    }

    @Test
    void shouldVerifyOnceEveryRecordIsPublishedEvenWhenTheDkimKeyIsSplitIntoSeveralStrings() {
        JsonNode setup = create("acme", domain).json();
        JsonNode dkim = setup.get("records").get(0);
        dns.txt(dkim.get("address").asText(), dkim.get("value").asText(), 100);
        // MX host in another case and with the trailing dot, another preference: still our host.
        dns.mx(domain, 20, RunningService.MX_HOST.toUpperCase() + ".");
        // Any valid DMARC policy passes, not only the text we suggested.
        dns.txt("_dmarc." + domain, "v=DMARC1; p=reject; rua=mailto:dmarc@" + domain);
        assertThat(RunningService.sharedDns().recordsAt(org.xbill.DNS.Name.fromConstantString(dkim.get("address").asText() + "."))
                .get(0).rdataToString()).contains("\" \"");

        JsonNode verified = verify(setup);

        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("verified");
        assertThat(verified.get("verifiedAt").isNull()).isFalse();
        verified.get("records").forEach(r -> assertThat(r.get("status").asText()).isEqualTo("verified"));
        assertThat(verified.get("records").get(0).get("found").get(0).asText()).isEqualTo(dkim.get("value").asText());
        assertThat(verified.get("records").get(1).get("found").get(0).asText()).isEqualTo("20 " + RunningService.MX_HOST.toUpperCase());
        assertThat(list().get("items").get(0).get("status").asText()).isEqualTo("verified");
    }

    @Test
    void shouldKeepAWrongDkimValuePendingAndShowWhatWasFound() {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        String dkimAddress = setup.get("records").get(0).get("address").asText();
        dns.remove(dkimAddress, Type.TXT);
        dns.txt(dkimAddress, "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrong");

        JsonNode checked = get(setup);

        assertThat(checked.get("status").asText()).isEqualTo("pending");
        JsonNode record = checked.get("records").get(0);
        assertThat(record.get("status").asText()).isEqualTo("pending");
        assertThat(record.get("found").get(0).asText()).endsWith("AQEAwrong");
        assertThat(record.get("detail").asText()).contains("does not hold the expected value");
        assertThat(checked.get("records").get(1).get("status").asText()).isEqualTo("verified");
    }

    @Test
    void shouldRejectAnInvalidDmarcPolicy() {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        dns.remove("_dmarc." + domain, Type.TXT);
        dns.txt("_dmarc." + domain, "v=DMARC1; p=maybe");

        assertThat(get(setup).get("records").get(2).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void shouldSeeARecordRemovedAfterVerificationOnTheNextGet() {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        assertThat(verify(setup).get("status").asText()).isEqualTo("verified");

        dns.remove(domain, Type.MX);
        JsonNode checked = get(setup);

        assertThat(checked.get("status").asText()).isEqualTo("pending");
        assertThat(checked.get("verifiedAt").isNull()).isTrue();
        assertThat(checked.get("records").get(1).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void shouldKeepThePreviousStatusWhenTheDnsServerFails() throws IOException {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        assertThat(verify(setup).get("status").asText()).isEqualTo("verified");
        SandboxDnsServer server = RunningService.sharedDns();

        server.answerEveryQueryWith(Rcode.SERVFAIL);
        JsonNode duringServfail;
        try {
            duringServfail = get(setup);
        } finally {
            server.answerEveryQueryWith(Rcode.NOERROR);
        }

        assertThat(duringServfail.get("status").asText()).isEqualTo("verified");
        duringServfail.get("records").forEach(r -> {
            assertThat(r.get("status").asText()).isEqualTo("error");
            assertThat(r.get("detail").asText()).contains("SERVFAIL");
        });
        assertThat(get(setup).get("records").get(0).get("status").asText()).isEqualTo("verified");
    }

    @Test
    void shouldKeepAVerifiedSetupVerifiedWhileItsDnsServerIsDown() throws Exception {
        JsonNode setup = create("acme", domain).json();
        dns.publishAsShown(setup);
        assertThat(verify(setup).get("status").asText()).isEqualTo("verified");

        JsonNode duringOutage;
        try (AutoCloseable restart = RunningService.stopSharedDns()) {
            duringOutage = get(setup);
        }

        assertThat(duringOutage.get("status").asText()).isEqualTo("verified");
        assertThat(duringOutage.get("verifiedAt").isNull()).isFalse();
        duringOutage.get("records").forEach(r -> assertThat(r.get("status").asText()).isEqualTo("error"));
        assertThat(duringOutage.get("records").get(0).get("detail").asText()).startsWith("the DNS");
        // The restarted server has lost the records: the next check sees that at once.
        assertThat(get(setup).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void shouldReportErrorsAndKeepThePendingStatusWhenNoDnsServerAnswers() {
        RunningService unreachableDns = RunningService.start(withDnsServers("127.0.0.1:" + com.emailchannel.testing.FreePorts.next()));
        try {
            Api other = unreachableDns.api();
            String otherKey = other.newWorkspaceKey("dns-down");
            JsonNode setup = other.post("/v1/email/setups", otherKey,
                    "{\"tenantName\":\"acme\",\"domain\":\"" + domain + "\"}").json();

            long started = System.nanoTime();
            Response checked = other.post("/v1/email/setups/" + setup.get("id").asText() + "/verify", otherKey, "");
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(checked.status()).isEqualTo(200);
            assertThat(checked.json().get("status").asText()).isEqualTo("pending");
            checked.json().get("records").forEach(r -> assertThat(r.get("status").asText()).isEqualTo("error"));
            // All three lookups run in parallel under one deadline, not one after another.
            assertThat(tookMs).isLessThan(3 * 3 * 400L);
        } finally {
            unreachableDns.close();
        }
    }

    @Test
    void shouldListSetupsNewestFirstAcrossPages() {
        for (int i = 0; i < 3; i++) {
            assertThat(create("tenant-" + i, i + domain).status()).isEqualTo(201);
        }

        JsonNode first = api.get("/v1/email/setups?limit=2", key).json();
        JsonNode second = api.get("/v1/email/setups?limit=2&cursor=" + first.get("nextCursor").asText(), key).json();

        assertThat(first.get("items").findValuesAsText("tenantName")).containsExactly("tenant-2", "tenant-1");
        assertThat(second.get("items").findValuesAsText("tenantName")).containsExactly("tenant-0");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/v1/email/setups?limit=0", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/email/setups?limit=201", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/email/setups?cursor=bogus", key).status()).isEqualTo(400);
    }

    @Test
    void shouldDeleteASetupWithoutActiveUseCases() {
        JsonNode setup = create("acme", domain).json();

        assertThat(api.delete("/v1/email/setups/" + setup.get("id").asText(), key).status()).isEqualTo(204);

        assertThat(api.get("/v1/email/setups/" + setup.get("id").asText(), key).status()).isEqualTo(404);
        assertThat(api.delete("/v1/email/setups/" + setup.get("id").asText(), key).status()).isEqualTo(404);
        assertThat(create("acme", domain).status()).isEqualTo(201);
    }

    private java.util.Map<String, String> withDnsServers(String servers) {
        java.util.Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", com.emailchannel.testing.TestPostgres.newDatabase());
        properties.put("db.user", "postgres");
        properties.put("dns.servers", servers);
        return properties;
    }

    private Response create(String tenantName, String domainName) {
        return api.post("/v1/email/setups", key, "{\"tenantName\":\"" + tenantName + "\",\"domain\":\"" + domainName + "\"}");
    }

    private JsonNode get(JsonNode setup) {
        Response response = api.get("/v1/email/setups/" + setup.get("id").asText(), key);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private JsonNode verify(JsonNode setup) {
        Response response = api.post("/v1/email/setups/" + setup.get("id").asText() + "/verify", key, "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode list() {
        return api.get("/v1/email/setups", key).json();
    }
}
