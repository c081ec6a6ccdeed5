package com.emailchannel.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stores a parsed inbound message ({@link InboundParser} + {@link InboundRouting}) in one SQL statement, so one
 * transaction: the message with its raw bytes, its attachments' bytes into the content-addressed {@code blobs}
 * (SHA-256; content already there is kept, not duplicated), the attachment rows, and the {@code email.received}
 * event for replies of a known workspace. {@code on conflict do nothing} on the message's unique keys (mailbox +
 * UIDVALIDITY + UID, Message-ID hash) makes a second delivery store nothing; it answers how many messages were
 * stored, 1 or 0, with the stored row, new or earlier.
 *
 * <p>This is the one statement of the routes that is not run by camel-sql: camel-sql binds a value whole, and
 * the raw message and its attachments are bound here as streams from the message's spool (PostgreSQL's driver
 * sends a stream of known length as it reads it), so a 25 MB message is never a 25 MB array in the heap.
 */
public final class InboundStore {

    private static final String MESSAGE = """
            with inbound as (
              insert into inbound_messages (id, mailbox, uid_validity, uid, message_id, message_id_hash,
                workspace_id, setup_id, use_case_id, parent_id, thread_id, classification, quarantined, flags,
                from_address, to_addresses, subject, text_body, html_body, in_reply_to, references_header, raw,
                applied_at)
              values (cast(? as uuid), ?, ?, ?, ?, cast(? as bytea),
                cast(? as uuid), cast(? as uuid), cast(? as uuid), cast(? as uuid), cast(? as uuid), ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, cast(? as bytea),
                case when ? then null else now() end)
              on conflict do nothing
              returning id, workspace_id, setup_id, use_case_id, message_id, parent_id, thread_id, from_address,
                classification, applied_at),
            received as (
              insert into event_outbox (id, type, subject, workspace_id, data)
              select gen_random_uuid(), 'email.received', i.id, i.workspace_id,
                jsonb_build_object('workspaceId', cast(i.workspace_id as text), 'setupId', cast(i.setup_id as text),
                  'useCaseId', cast(i.use_case_id as text), 'messageId', i.message_id, 'inboundId', i.id,
                  'parentId', cast(i.parent_id as text), 'threadId', cast(i.thread_id as text),
                  'from', i.from_address, 'classification', i.classification)
              from inbound i
              where i.workspace_id is not null and i.classification in ('reply', 'auto_reply'))""";

    private static final String PARTS = """
            ,
            part (ord, filename, content_type, size, inline, content_id, sha256, content) as (
              values %s),
            blob as (
              insert into blobs (sha256, content)
              select distinct on (p.sha256) p.sha256, p.content from part p
              where exists (select 1 from inbound)
              on conflict do nothing),
            attached as (
              insert into inbound_attachments (inbound_id, position, filename, content_type, size, inline,
                content_id, sha256)
              select i.id, p.ord, p.filename, p.content_type, p.size, p.inline, p.content_id, p.sha256
              from part p cross join inbound i)""";

    /** A message stored before with the same mailbox UID or the same Message-ID hash. */
    private static final String EARLIER_ROW = """
            select id, classification, applied_at from inbound_messages
            where (mailbox = ? and uid_validity = ? and uid = ?) or message_id_hash = cast(? as bytea)
            order by created_at limit 1""";

    /**
     * The stored row, new or from before, with whether it is new: the route acts on a report only once it is
     * applied, so it needs the row either way.
     */
    private static final String STORED_ROW = """

            select (select count(*) from inbound) as stored, r.id, r.classification, r.applied_at
            from (select id, classification, applied_at, 0 as earlier from inbound
                  union all
                  select e.id, e.classification, e.applied_at, 1 from (%s) e) r
            order by r.earlier limit 1""".formatted(EARLIER_ROW);

    private static final String PART_ROW = "(cast(? as int), cast(? as text), cast(? as text), cast(? as bigint), "
            + "cast(? as boolean), cast(? as text), cast(? as bytea), cast(? as bytea))";

    private final DataSource dataSource;

    public InboundStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code inbound} (the route's body); answers the stored row ({@code stored} 1 when it is new, 0 when it
     * was stored before; {@code id}, {@code classification}, {@code applied_at}), or null when none can be seen.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> store(Map<String, Object> inbound) throws SQLException, IOException {
        List<InboundAttachment> attachments = (List<InboundAttachment>) inbound.get("attachments");
        SpooledContent raw = (SpooledContent) inbound.get("raw");
        List<InputStream> streams = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql(attachments.size()))) {
            int i = 0;
            statement.setObject(++i, inbound.get("id"));
            statement.setString(++i, (String) inbound.get("mailbox"));
            statement.setLong(++i, ((Number) inbound.get("uidValidity")).longValue());
            statement.setLong(++i, ((Number) inbound.get("uid")).longValue());
            statement.setString(++i, (String) inbound.get("messageId"));
            statement.setBytes(++i, (byte[]) inbound.get("messageIdHash"));
            for (String uuid : List.of("workspaceId", "setupId", "useCaseId", "parentId", "threadId")) {
                Object value = inbound.get(uuid);
                statement.setString(++i, value == null ? null : value.toString());
            }
            statement.setString(++i, (String) inbound.get("classification"));
            statement.setBoolean(++i, Boolean.TRUE.equals(inbound.get("quarantined")));
            for (String text : List.of("flags", "fromAddress", "toAddresses", "subject", "text", "html", "inReplyTo",
                    "references")) {
                statement.setString(++i, (String) inbound.get(text));
            }
            i = bindContent(statement, i, raw, streams);
            // applied as it is stored, without a second statement, unless the route acts on it after storing
            statement.setBoolean(++i, InboundClassifier.actedOnAfterStoring((String) inbound.get("classification")));
            for (int position = 0; position < attachments.size(); position++) {
                InboundAttachment attachment = attachments.get(position);
                statement.setInt(++i, position);
                statement.setString(++i, attachment.filename());
                statement.setString(++i, attachment.contentType());
                statement.setLong(++i, attachment.content().size());
                statement.setBoolean(++i, attachment.inline());
                statement.setString(++i, attachment.contentId());
                statement.setBytes(++i, attachment.content().sha256());
                i = bindContent(statement, i, attachment.content(), streams);
            }
            bindKeys(statement, i, inbound);
            try (ResultSet stored = statement.executeQuery()) {
                if (stored.next()) {
                    return row(stored.getInt("stored"), stored);
                }
            }
            // Another instance is committing this very message: its row was not visible to the statement, which
            // stored nothing; a new statement sees it once committed.
            try (PreparedStatement earlier = connection.prepareStatement(EARLIER_ROW)) {
                bindKeys(earlier, 0, inbound);
                try (ResultSet stored = earlier.executeQuery()) {
                    return stored.next() ? row(0, stored) : null;
                }
            }
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
    }

    /** Binds the message's unique keys for {@link #EARLIER_ROW} after parameter {@code index}. */
    private static void bindKeys(PreparedStatement statement, int index, Map<String, Object> inbound)
            throws SQLException {
        statement.setString(index + 1, (String) inbound.get("mailbox"));
        statement.setLong(index + 2, ((Number) inbound.get("uidValidity")).longValue());
        statement.setLong(index + 3, ((Number) inbound.get("uid")).longValue());
        statement.setBytes(index + 4, (byte[]) inbound.get("messageIdHash"));
    }

    private static Map<String, Object> row(int stored, ResultSet rows) throws SQLException {
        Map<String, Object> row = new HashMap<>();
        row.put("stored", stored);
        row.put("id", rows.getObject("id"));
        row.put("classification", rows.getString("classification"));
        row.put("applied_at", rows.getObject("applied_at"));
        return row;
    }

    /** Binds spooled bytes as a stream of known length: the driver sends it as it reads it. */
    private static int bindContent(PreparedStatement statement, int index, SpooledContent content,
            List<InputStream> streams) throws SQLException, IOException {
        if (content.size() == 0) {
            statement.setBytes(index + 1, new byte[0]);
        } else {
            InputStream in = content.openStream();
            streams.add(in);
            statement.setBinaryStream(index + 1, in, content.size());
        }
        return index + 1;
    }

    static String sql(int attachments) {
        if (attachments == 0) {
            return MESSAGE + STORED_ROW;
        }
        return MESSAGE + PARTS.formatted(String.join(",\n                ", java.util.Collections.nCopies(attachments,
                PART_ROW))) + STORED_ROW;
    }
}
