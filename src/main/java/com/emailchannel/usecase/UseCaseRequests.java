package com.emailchannel.usecase;

import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.Ids;
import com.emailchannel.api.JsonFields;
import com.emailchannel.api.JsonRequests;
import com.emailchannel.db.Rows;
import com.emailchannel.mail.EmailAddresses;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Validates {@code POST /v1/email/use-cases}: first the request on its own (400), then against its setup: the
 * sender must be at the setup's domain (400) and the setup verified (409).
 */
public final class UseCaseRequests {

    static final Set<String> EMAIL_TYPES = Set.of("transactional", "marketing");
    static final Set<String> UNSUBSCRIBE_SCOPES = Set.of("use_case", "setup");

    private final JsonRequests requests;

    public UseCaseRequests(JsonRequests requests) {
        this.requests = requests;
    }

    public Map<String, Object> create(String contentType, String body) {
        JsonFields fields = requests.read(contentType, body);
        String setupId = fields.requiredString("setupId", 64);
        String senderInput = fields.requiredString("senderAddress", 254);
        String sender = EmailAddresses.normalise(senderInput);
        if (senderInput != null && sender == null) {
            fields.reject("senderAddress", "must be an email address such as appointments@notifications.example.com");
        }
        String senderName = fields.optionalString("senderName", 200);
        String emailType = fields.requiredChoice("emailType", EMAIL_TYPES);
        String entityName = fields.requiredString("entityName", 200);
        String useCaseName = fields.requiredString("useCaseName", 200);
        String scope = fields.optionalChoice("unsubscribeScope", UNSUBSCRIBE_SCOPES, "use_case");
        Boolean tracking = fields.optionalBoolean("trackEngagement");
        fields.validate();
        UUID setup = Ids.parse(setupId);
        if (setup == null) {
            throw ApiProblem.notFound("setup " + setupId);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", UUID.randomUUID());
        params.put("setupId", setup);
        params.put("senderAddress", sender);
        params.put("senderName", senderName);
        params.put("emailType", emailType);
        params.put("entityName", entityName);
        params.put("useCaseName", useCaseName);
        params.put("unsubscribeScope", scope);
        params.put("trackEngagement", tracking == null ? "marketing".equals(emailType) : tracking);
        return params;
    }

    /** The rules that need the setup: sender at its domain (400), setup verified (409). */
    public Map<String, Object> checkAgainst(Map<String, Object> request, Map<String, Object> setup) {
        String domain = Rows.string(setup, "domain");
        if (!EmailAddresses.domainOf((String) request.get("senderAddress")).equals(domain)) {
            throw ApiProblem.invalid("senderAddress", "must be an address at the setup's domain " + domain);
        }
        if (!"verified".equals(setup.get("status"))) {
            throw ApiProblem.conflict("setup " + setup.get("id") + " is not verified: publish its DNS records and "
                    + "verify it before creating use cases on it");
        }
        return request;
    }
}
