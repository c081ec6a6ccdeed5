package com.emailchannel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Creates a setup, publishes its records in the test DNS server and verifies it: the way a customer gets one. */
public final class VerifiedSetups {

    private VerifiedSetups() {
    }

    public static JsonNode create(Api api, String key) {
        String domain = "v" + UUID.randomUUID().toString().substring(0, 8) + ".clinic.example";
        JsonNode setup = api.post("/v1/email/setups", key,
                "{\"tenantName\":\"t-" + domain.substring(1, 9) + "\",\"domain\":\"" + domain + "\"}").json();
        new DnsPublisher(RunningService.sharedDns().address()).publishAsShown(setup);
        JsonNode verified = api.post("/v1/email/setups/" + setup.get("id").asText() + "/verify", key, "").json();
        if (!verified.get("status").asText().equals("verified")) {
            throw new IllegalStateException("setup did not verify: " + verified);
        }
        return verified;
    }

    /** An active use case on {@code setup}, sending from {@code local@<setup domain>}. */
    public static JsonNode useCase(Api api, String key, JsonNode setup, String emailType, String scope) {
        Api.Response created = api.post("/v1/email/use-cases", key, "{\"setupId\":\"" + setup.get("id").asText()
                + "\",\"senderAddress\":\"care@" + setup.get("domain").asText() + "\",\"senderName\":\"Acme Clinic\","
                + "\"emailType\":\"" + emailType + "\",\"entityName\":\"Acme Clinic\",\"useCaseName\":\"Reminders\","
                + "\"unsubscribeScope\":\"" + scope + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("use case not created: " + created);
        }
        return created.json();
    }

    public static JsonNode pending(Api api, String key) {
        String domain = "p" + UUID.randomUUID().toString().substring(0, 8) + ".clinic.example";
        return api.post("/v1/email/setups", key,
                "{\"tenantName\":\"t-" + domain.substring(1, 9) + "\",\"domain\":\"" + domain + "\"}").json();
    }
}
