package com.emailchannel.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The use-case routes end to end over HTTP against PostgreSQL and a verified setup. */
class UseCasesApiTest {

    private final Api api = RunningService.shared().api();
    private String key;
    private JsonNode setup;

    @BeforeEach
    void verifiedSetup() {
        key = api.newWorkspaceKey("use-cases");
        setup = VerifiedSetups.create(api, key);
    }

    @Test
    void shouldCreateAnActiveUseCaseOnAVerifiedSetup() {
        Response created = create(setup, "appointments@" + domain(setup), "transactional", null);

        assertThat(created.status()).isEqualTo(201);
        JsonNode useCase = created.json();
        assertThat(useCase.get("status").asText()).isEqualTo("active");
        assertThat(useCase.get("setupId").asText()).isEqualTo(setup.get("id").asText());
        assertThat(useCase.get("senderAddress").asText()).isEqualTo("appointments@" + domain(setup));
        assertThat(useCase.get("senderName").asText()).isEqualTo("Acme Clinic");
        assertThat(useCase.get("emailType").asText()).isEqualTo("transactional");
        assertThat(useCase.get("entityName").asText()).isEqualTo("Acme Clinic");
        assertThat(useCase.get("useCaseName").asText()).isEqualTo("Appointment confirmations");
        assertThat(useCase.get("unsubscribeScope").asText()).isEqualTo("use_case");
        assertThat(created.header("Location")).isEqualTo("/v1/email/use-cases/" + useCase.get("id").asText());
        assertThat(api.get("/v1/email/use-cases/" + useCase.get("id").asText(), key).json()).isEqualTo(useCase);
    }

    @Test
    void shouldRefuseAUseCaseOnASetupThatIsNotVerified() {
        JsonNode pending = VerifiedSetups.pending(api, key);

        Response refused = create(pending, "news@" + domain(pending), "marketing", "setup");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("not verified");
    }

    @Test
    void shouldRefuseASenderOutsideTheSetupsDomain() {
        Response refused = create(setup, "appointments@elsewhere.example", "transactional", null);
        Response subdomain = create(setup, "appointments@sub." + domain(setup), "transactional", null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("senderAddress");
        assertThat(subdomain.status()).isEqualTo(400);
    }

    @Test
    void shouldValidateEveryField() {
        Response invalid = api.post("/v1/email/use-cases", key, "{\"setupId\":\"" + setup.get("id").asText()
                + "\",\"senderAddress\":\"not an address\",\"emailType\":\"promo\",\"unsubscribeScope\":\"world\"}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("senderAddress", "emailType", "entityName", "useCaseName", "unsubscribeScope");
        Response injected = api.post("/v1/email/use-cases", key, "{\"setupId\":\"" + setup.get("id").asText()
                + "\",\"senderAddress\":\"a@" + domain(setup) + "\",\"senderName\":\"Acme\\r\\nBcc: x@evil.example\","
                + "\"emailType\":\"marketing\",\"entityName\":\"e\",\"useCaseName\":\"u\"}");
        assertThat(injected.status()).isEqualTo(400);
        assertThat(injected.json().get("errors").get(0).get("field").asText()).isEqualTo("senderName");
    }

    @Test
    void shouldAnswer404ForASetupThatDoesNotExist() {
        Response missing = api.post("/v1/email/use-cases", key, body("00000000-0000-0000-0000-000000000001",
                "a@" + domain(setup), "marketing", null));
        Response notAnId = api.post("/v1/email/use-cases", key, body("nope", "a@" + domain(setup), "marketing", null));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(notAnId.status()).isEqualTo(404);
    }

    @Test
    void shouldListUseCasesFilteredBySetup() {
        JsonNode otherSetup = VerifiedSetups.create(api, key);
        create(setup, "one@" + domain(setup), "transactional", null);
        create(setup, "two@" + domain(setup), "marketing", "setup");
        create(otherSetup, "three@" + domain(otherSetup), "marketing", null);

        JsonNode all = api.get("/v1/email/use-cases", key).json();
        JsonNode filtered = api.get("/v1/email/use-cases?setupId=" + setup.get("id").asText(), key).json();
        JsonNode unknown = api.get("/v1/email/use-cases?setupId=garbage", key).json();

        assertThat(all.get("items")).hasSize(3);
        assertThat(filtered.get("items").findValuesAsText("senderAddress"))
                .containsExactly("two@" + domain(setup), "one@" + domain(setup));
        assertThat(unknown.get("items")).isEmpty();
    }

    @Test
    void shouldDeactivateOnDeleteAndThenAllowDeletingTheSetup() {
        JsonNode useCase = create(setup, "appointments@" + domain(setup), "transactional", null).json();
        String setupPath = "/v1/email/setups/" + setup.get("id").asText();

        Response blocked = api.delete(setupPath, key);
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("detail").asText()).contains("active use cases");

        assertThat(api.delete("/v1/email/use-cases/" + useCase.get("id").asText(), key).status()).isEqualTo(204);
        JsonNode inactive = api.get("/v1/email/use-cases/" + useCase.get("id").asText(), key).json();
        assertThat(inactive.get("status").asText()).isEqualTo("inactive");
        assertThat(inactive.get("deactivatedAt").isNull()).isFalse();

        assertThat(api.delete(setupPath, key).status()).isEqualTo(204);
        assertThat(api.get("/v1/email/use-cases/" + useCase.get("id").asText(), key).json().get("setupId").asText())
                .isEqualTo(setup.get("id").asText());
    }

    @Test
    void shouldAnswer404ForUnknownUseCases() {
        assertThat(api.get("/v1/email/use-cases/00000000-0000-0000-0000-000000000001", key).status()).isEqualTo(404);
        assertThat(api.get("/v1/email/use-cases/not-an-id", key).status()).isEqualTo(404);
        assertThat(api.delete("/v1/email/use-cases/not-an-id", key).status()).isEqualTo(404);
    }

    private Response create(JsonNode onSetup, String sender, String type, String scope) {
        return api.post("/v1/email/use-cases", key, body(onSetup.get("id").asText(), sender, type, scope));
    }

    private static String body(String setupId, String sender, String type, String scope) {
        return "{\"setupId\":\"" + setupId + "\",\"senderAddress\":\"" + sender + "\",\"senderName\":\"Acme Clinic\","
                + "\"emailType\":\"" + type + "\",\"entityName\":\"Acme Clinic\","
                + "\"useCaseName\":\"Appointment confirmations\""
                + (scope == null ? "" : ",\"unsubscribeScope\":\"" + scope + "\"") + "}";
    }

    private static String domain(JsonNode setup) {
        return setup.get("domain").asText();
    }
}
