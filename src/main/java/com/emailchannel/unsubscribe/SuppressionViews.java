package com.emailchannel.unsubscribe;

import com.emailchannel.api.Pages;
import com.emailchannel.db.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API representation of a suppression. */
public final class SuppressionViews {

    private final Pages pages;

    public SuppressionViews(Pages pages) {
        this.pages = pages;
    }

    public Map<String, Object> render(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", Rows.string(row, "id"));
        view.put("setupId", Rows.string(row, "setup_id"));
        view.put("useCaseId", Rows.string(row, "use_case_id"));
        view.put("address", row.get("address"));
        view.put("messageId", Rows.string(row, "message_id"));
        view.put("reason", row.get("reason"));
        view.put("createdAt", Rows.time(row, "created_at"));
        view.put("expiresAt", Rows.time(row, "expires_at"));
        return view;
    }

    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request) {
        return pages.page(rows, request, this::render);
    }
}
