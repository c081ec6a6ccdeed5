package com.emailchannel.inbound;

import com.emailchannel.api.Pages;
import com.emailchannel.db.Rows;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API representation of inbound messages, their attachments, and threads (both directions, in order). */
public final class InboundViews {

    private final Pages pages;

    public InboundViews(Pages pages) {
        this.pages = pages;
    }

    public Map<String, Object> render(Map<String, Object> row, List<Map<String, Object>> attachments) {
        Map<String, Object> view = summary(row);
        view.put("text", row.get("text_body"));
        view.put("html", row.get("html_body"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> attachment : attachments) {
            Map<String, Object> item = new LinkedHashMap<>();
            String filename = Rows.string(attachment, "filename");
            item.put("filename", filename);
            item.put("contentType", attachment.get("content_type"));
            item.put("size", attachment.get("size"));
            item.put("inline", attachment.get("inline"));
            item.put("contentId", attachment.get("content_id"));
            item.put("path", "/v1/email/inbound/" + row.get("id") + "/attachments/"
                    + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"));
            items.add(item);
        }
        view.put("attachments", items);
        return view;
    }

    public Map<String, Object> summary(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", Rows.string(row, "id"));
        view.put("direction", "inbound");
        view.put("messageId", row.get("message_id"));
        view.put("from", row.get("from_address"));
        view.put("to", row.get("to_addresses"));
        view.put("subject", row.get("subject"));
        view.put("receivedAt", Rows.time(row, "received_at"));
        view.put("setupId", Rows.string(row, "setup_id"));
        view.put("useCaseId", Rows.string(row, "use_case_id"));
        view.put("parentId", Rows.string(row, "parent_id"));
        view.put("threadId", Rows.string(row, "thread_id"));
        view.put("classification", row.get("classification"));
        String flags = Rows.string(row, "flags");
        view.put("flags", flags == null || flags.isEmpty() ? List.of() : List.of(flags.split(",")));
        return view;
    }

    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request) {
        return pages.page(rows, request, this::summary);
    }

    /** A thread: outbound and inbound rows (already in time order) as items with their direction. */
    public Map<String, Object> thread(List<Map<String, Object>> rows) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", Rows.string(row, "id"));
            item.put("direction", row.get("direction"));
            item.put("messageId", row.get("message_id"));
            item.put("from", row.get("from_address"));
            item.put("to", row.get("to_address"));
            item.put("subject", row.get("subject"));
            item.put("text", row.get("text_body"));
            item.put("html", row.get("html_body"));
            item.put("status", row.get("status"));
            item.put("at", Rows.time(row, "at"));
            items.add(item);
        }
        return Map.of("items", items);
    }

    /** {@code attachment; filename*=UTF-8''<name>} with a plain ASCII fallback (RFC 6266). */
    public static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
