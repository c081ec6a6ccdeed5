package com.emailchannel.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset pagination for every list: {@code ?limit=} (default 50, max 200) and an opaque {@code ?cursor=} naming
 * the last item seen (its creation time and id), so pages stay stable while rows are added.
 * The queries order by {@code created_at desc, id desc} and fetch one row more than asked to know if more exist.
 */
public final class Pages {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** Sorts after every real row: the first page starts here. */
    private static final OffsetDateTime START_AT = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final UUID START_ID = new UUID(-1L, -1L);

    /** The page parameters: {@code limit}, {@code fetch} (limit + 1), {@code cursorAt}, {@code cursorId}. */
    public Map<String, Object> request(String limit, String cursor) {
        int size = parseLimit(limit);
        Map<String, Object> page = new HashMap<>();
        page.put("limit", size);
        page.put("fetch", size + 1);
        if (cursor == null || cursor.isBlank()) {
            page.put("cursorAt", START_AT);
            page.put("cursorId", START_ID);
        } else {
            decodeCursor(cursor, page);
        }
        return page;
    }

    /** {@code {"items": [...], "nextCursor": ...}} from rows fetched with {@link #request}. */
    public Map<String, Object> page(List<Map<String, Object>> rows, Map<String, Object> request,
            Function<Map<String, Object>, Map<String, Object>> view) {
        int limit = (Integer) request.get("limit");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            items.add(view.apply(rows.get(i)));
        }
        String next = null;
        if (rows.size() > limit) {
            Map<String, Object> last = rows.get(limit - 1);
            next = encodeCursor(com.emailchannel.db.Rows.instant(last.get("created_at")), (UUID) last.get("id"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", next);
        return body;
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below like any other out-of-range value
        }
        throw ApiProblem.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    static String encodeCursor(Instant createdAt, UUID id) {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void decodeCursor(String cursor, Map<String, Object> page) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            page.put("cursorAt", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            page.put("cursorId", UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
