package com.emailchannel.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * A prepared message ({@link NewMessages#prepare}) as a row of the acceptance statement
 * ({@code direct:store-messages}, which reads a JSON array of them with jsonb_to_recordset; keys are its column
 * names), the one shape single and batch sends are stored in.
 */
public final class AcceptanceRows {

    private final ObjectMapper json;

    public AcceptanceRows(ObjectMapper json) {
        this.json = json;
    }

    public String row(Map<String, Object> prepared) {
        return node(prepared).toString();
    }

    /** The rows as the statement's JSON array, each row's JSON text ({@link #row}) embedded as it is. */
    public static String array(Collection<String> rows) {
        StringBuilder array = new StringBuilder(rows.stream().mapToInt(String::length).sum() + rows.size() + 2);
        array.append('[');
        for (String row : rows) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(row);
        }
        return array.append(']').toString();
    }

    private ObjectNode node(Map<String, Object> prepared) {
        ObjectNode row = json.createObjectNode();
        row.put("id", prepared.get("id").toString());
        row.put("workspace_id", prepared.get("workspaceId").toString());
        row.put("use_case_id", prepared.get("useCaseId").toString());
        row.put("setup_id", prepared.get("setupId").toString());
        row.put("message_id", (String) prepared.get("messageId"));
        row.put("thread_id", prepared.get("threadId").toString());
        row.put("email_type", (String) prepared.get("emailType"));
        row.put("from_address", (String) prepared.get("fromAddress"));
        row.put("from_name", (String) prepared.get("fromName"));
        row.put("to_address", (String) prepared.get("to"));
        row.put("subject", (String) prepared.get("subject"));
        row.put("text_body", (String) prepared.get("text"));
        row.put("html_body", (String) prepared.get("html"));
        // already JSON text: embedded as it is instead of parsed and written again
        row.putRawValue("metadata", new RawValue((String) prepared.get("metadata")));
        row.putRawValue("attachments", new RawValue((String) prepared.get("attachments")));
        row.put("in_reply_to", (String) prepared.get("inReplyToHeader"));
        row.put("references_header", (String) prepared.get("referencesHeader"));
        Object replied = prepared.get("repliedInboundId");
        row.put("replied_inbound_id", replied == null ? null : replied.toString());
        row.put("priority", (Integer) prepared.get("priority"));
        row.put("event_id", prepared.get("eventId").toString());
        row.put("idempotency_key", (String) prepared.get("idempotencyKey"));
        byte[] hash = (byte[]) prepared.get("requestHash");
        row.put("request_hash", hash == null ? null : Base64.getEncoder().encodeToString(hash));
        row.putRawValue("answer", new RawValue((String) prepared.get("answerJson")));
        return row;
    }
}
