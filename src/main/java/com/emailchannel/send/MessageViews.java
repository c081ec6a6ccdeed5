package com.emailchannel.send;

import com.emailchannel.api.Pages;
import com.emailchannel.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API representation of an outbound message and its events timeline. */
public final class MessageViews {

    private final ObjectMapper json;
    private final Pages pages;

    public MessageViews(ObjectMapper json, Pages pages) {
        this.json = json;
        this.pages = pages;
    }

    public Map<String, Object> render(Map<String, Object> row, List<Map<String, Object>> events) {
        Map<String, Object> view = summary(row);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", event.get("type"));
            item.put("at", Rows.time(event, "at"));
            item.put("detail", parse(event.get("detail")));
            timeline.add(item);
        }
        view.put("events", timeline);
        return view;
    }

    public Map<String, Object> summary(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", Rows.string(row, "id"));
        view.put("messageId", row.get("message_id"));
        view.put("useCaseId", Rows.string(row, "use_case_id"));
        view.put("setupId", Rows.string(row, "setup_id"));
        view.put("from", row.get("from_address"));
        view.put("to", row.get("to_address"));
        view.put("subject", row.get("subject"));
        view.put("status", row.get("status"));
        view.put("threadId", Rows.string(row, "thread_id"));
        view.put("metadata", parse(row.get("metadata")));
        view.put("createdAt", Rows.time(row, "created_at"));
        view.put("sentAt", Rows.time(row, "sent_at"));
        return view;
    }

    static final java.util.Set<String> STATUSES = java.util.Set.of("queued", "sent", "delivered", "soft_bounced",
            "bounced", "complained", "failed");

    /** The {@code ?status=} filter: null when absent, 400 when not a message status. */
    public String statusFilter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        if (!STATUSES.contains(status.strip())) {
            throw com.emailchannel.api.ApiProblem.invalid("status", "must be one of "
                    + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        return status.strip();
    }

    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request) {
        return pages.page(rows, request, this::summary);
    }

    private Object parse(Object jsonb) {
        if (jsonb == null) {
            return null;
        }
        try {
            return json.readValue(jsonb.toString(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
