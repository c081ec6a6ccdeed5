package com.emailchannel.usecase;

import com.emailchannel.api.Pages;
import com.emailchannel.db.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API representation of an email use case. */
public final class UseCaseViews {

    private final Pages pages;

    public UseCaseViews(Pages pages) {
        this.pages = pages;
    }

    public Map<String, Object> render(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", Rows.string(row, "id"));
        view.put("setupId", Rows.string(row, "setup_id"));
        view.put("senderAddress", row.get("sender_address"));
        view.put("senderName", row.get("sender_name"));
        view.put("emailType", row.get("email_type"));
        view.put("entityName", row.get("entity_name"));
        view.put("useCaseName", row.get("use_case_name"));
        view.put("unsubscribeScope", row.get("unsubscribe_scope"));
        view.put("trackEngagement", row.get("track_engagement"));
        view.put("status", row.get("status"));
        view.put("createdAt", Rows.time(row, "created_at"));
        view.put("deactivatedAt", Rows.time(row, "deactivated_at"));
        return view;
    }

    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request) {
        return pages.page(rows, request, this::render);
    }
}
