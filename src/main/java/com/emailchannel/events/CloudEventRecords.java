package com.emailchannel.events;

import com.emailchannel.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns event_outbox rows into Kafka records: the value a CloudEvents 1.0 JSON envelope (structured mode), the key
 * the subject (the outbound message id, or the inbound id of email.received), so one message's events share a
 * partition and keep their order. The envelope's id is the row's id: a republished event has the same id.
 */
public final class CloudEventRecords {

    private final ObjectMapper json;

    public CloudEventRecords(ObjectMapper json) {
        this.json = json;
    }

    /** The CloudEvents JSON of one event_outbox row (id, type, subject, workspace_id, data, created_at). */
    public String envelope(Map<String, Object> row) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", Rows.string(row, "id"));
        event.put("source", "/workspaces/" + Rows.string(row, "workspace_id") + "/email");
        event.put("type", Rows.string(row, "type"));
        event.put("time", Rows.time(row, "created_at"));
        event.put("subject", Rows.string(row, "subject"));
        event.put("datacontenttype", "application/json");
        try {
            event.set("data", json.readTree(Rows.string(row, "data")));
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One Camel message per row, in the rows' order, for camel-kafka to send as one batch. */
    public List<Message> records(List<Map<String, Object>> rows, Exchange exchange) {
        List<Message> records = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Message record = new DefaultMessage(exchange);
            record.setHeader(KafkaConstants.KEY, Rows.string(row, "subject"));
            record.setBody(envelope(row));
            records.add(record);
        }
        return records;
    }

    /** The ids of the rows, as the route marks them published once Kafka has acknowledged every record. */
    public String ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> Rows.string(row, "id")).collect(Collectors.joining(","));
    }
}
