package com.emailchannel.setup;

import com.emailchannel.api.JsonFields;
import com.emailchannel.api.JsonRequests;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates {@code POST /v1/email/setups} and turns it into the parameters the setup routes use. */
public final class SetupRequests {

    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final JsonRequests requests;

    public SetupRequests(JsonRequests requests) {
        this.requests = requests;
    }

    /** {@code {"tenantName","domain"}} validated; the domain in A-label form. */
    public Map<String, Object> create(String contentType, String body) {
        JsonFields fields = requests.read(contentType, body);
        String tenantName = fields.requiredString("tenantName", 64);
        if (tenantName != null && !TENANT_NAME.matcher(tenantName).matches()) {
            fields.reject("tenantName", "must be 1 to 64 characters of a-z, 0-9 and -");
        }
        String domainInput = fields.requiredString("domain", 253);
        String domain = DomainNames.normalise(domainInput);
        if (domainInput != null && domain == null) {
            fields.reject("domain", "must be a valid domain name such as notifications.example.com");
        }
        fields.validate();
        Map<String, Object> params = new HashMap<>();
        params.put("tenantName", tenantName);
        params.put("domain", domain);
        return params;
    }
}
