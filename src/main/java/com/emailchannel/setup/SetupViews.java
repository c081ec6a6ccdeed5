package com.emailchannel.setup;

import com.emailchannel.api.Pages;
import com.emailchannel.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API representation of a setup: its fields and its records, each with the status and the values found by
 * the last live check ({@code pending} before any check).
 */
public final class SetupViews {

    private final SetupRecords records;
    private final ObjectMapper json;
    private final Pages pages;

    public SetupViews(SetupRecords records, ObjectMapper json, Pages pages) {
        this.records = records;
        this.json = json;
        this.pages = pages;
    }

    public Map<String, Object> render(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", Rows.string(row, "id"));
        view.put("tenantName", row.get("tenant_name"));
        view.put("domain", row.get("domain"));
        view.put("status", row.get("status"));
        view.put("createdAt", Rows.time(row, "created_at"));
        view.put("verifiedAt", Rows.time(row, "verified_at"));
        view.put("checkedAt", Rows.time(row, "checked_at"));
        view.put("records", records(row));
        return view;
    }

    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request) {
        return pages.page(rows, request, this::render);
    }

    private List<Map<String, Object>> records(Map<String, Object> row) {
        Map<String, RecordCheck> checks = lastChecks(row);
        List<Map<String, Object>> result = new ArrayList<>();
        for (ExpectedRecord expected : records.expected(Rows.string(row, "domain"), Rows.string(row, "dkim_selector"),
                Rows.string(row, "dkim_public_key"))) {
            RecordCheck check = checks.get(expected.purpose());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("purpose", expected.purpose());
            record.put("type", expected.type());
            record.put("address", expected.address());
            record.put("value", expected.value());
            record.put("status", check == null ? RecordCheck.PENDING : check.status());
            record.put("found", check == null ? List.of() : check.found());
            record.put("detail", check == null ? null : check.detail());
            result.add(record);
        }
        return result;
    }

    private Map<String, RecordCheck> lastChecks(Map<String, Object> row) {
        Object stored = row.get("record_checks");
        Map<String, RecordCheck> checks = new LinkedHashMap<>();
        if (stored == null) {
            return checks;
        }
        try {
            for (RecordCheck check : json.readValue(stored.toString(), RecordCheck[].class)) {
                checks.put(check.purpose(), check);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record checks of setup " + row.get("id") + " are not readable", e);
        }
        return checks;
    }
}
