package com.emailchannel.setup;

import com.emailchannel.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a live check of a stored setup and gives the parameters that record its outcome. */
public final class SetupChecks {

    private final SetupVerifier verifier;
    private final ObjectMapper json;

    public SetupChecks(SetupVerifier verifier, ObjectMapper json) {
        this.verifier = verifier;
        this.json = json;
    }

    /** {@code id}, {@code status} (the next setup status) and {@code recordChecks} (JSON) for the update. */
    public Map<String, Object> run(Map<String, Object> setup) {
        List<RecordCheck> checks = verifier.check(Rows.string(setup, "domain"), Rows.string(setup, "dkim_selector"),
                Rows.string(setup, "dkim_public_key"));
        Map<String, Object> outcome = new HashMap<>();
        outcome.put("id", setup.get("id"));
        outcome.put("status", SetupVerifier.nextStatus(Rows.string(setup, "status"), checks));
        try {
            outcome.put("recordChecks", json.writeValueAsString(checks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("record checks could not be written", e);
        }
        return outcome;
    }
}
