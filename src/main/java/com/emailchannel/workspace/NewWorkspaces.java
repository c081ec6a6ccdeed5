package com.emailchannel.workspace;

import com.emailchannel.api.JsonFields;
import com.emailchannel.api.JsonRequests;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Validates {@code POST /v1/workspaces} and issues the workspace's first API key, of which only a hash is kept. */
public final class NewWorkspaces {

    private final JsonRequests requests;
    private final ApiKeys apiKeys;

    public NewWorkspaces(JsonRequests requests, ApiKeys apiKeys) {
        this.requests = requests;
        this.apiKeys = apiKeys;
    }

    /** {@code id}, {@code name}, {@code apiKey} (to show once), {@code keyId}, {@code keyHash}, {@code keyPrefix}. */
    public Map<String, Object> prepare(String contentType, String body) {
        JsonFields fields = requests.read(contentType, body);
        String name = fields.requiredString("name", 200);
        fields.validate();
        String apiKey = apiKeys.issue();
        Map<String, Object> workspace = new HashMap<>();
        workspace.put("id", UUID.randomUUID());
        workspace.put("name", name);
        workspace.put("apiKey", apiKey);
        workspace.put("keyId", UUID.randomUUID());
        workspace.put("keyHash", ApiKeys.hash(apiKey));
        workspace.put("keyPrefix", ApiKeys.displayPrefix(apiKey));
        return workspace;
    }

    public Map<String, Object> created(Map<String, Object> workspace) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", workspace.get("id").toString());
        view.put("name", workspace.get("name"));
        view.put("apiKey", workspace.get("apiKey"));
        return view;
    }
}
