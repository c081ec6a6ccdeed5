package com.emailchannel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PagesTest {

    private final Pages pages = new Pages();

    @Test
    void shouldDefaultTo50AndFetchOneMore() {
        Map<String, Object> request = pages.request(null, null);
        assertThat(request).containsEntry("limit", 50).containsEntry("fetch", 51);
    }

    @Test
    void shouldRejectLimitsOutOfRange() {
        for (String limit : new String[] {"0", "201", "-1", "ten", "1e3"}) {
            assertThatThrownBy(() -> pages.request(limit, null)).isInstanceOf(ApiProblem.class)
                    .extracting(e -> ((ApiProblem) e).status()).isEqualTo(400);
        }
        assertThat(pages.request("200", null)).containsEntry("limit", 200);
    }

    @Test
    void shouldHandOutACursorThatResumesAfterTheLastItem() {
        Instant at = Instant.parse("2026-11-25T06:15:10.123456Z");
        UUID id = UUID.randomUUID();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(Map.of("created_at", Timestamp.from(at.plusSeconds(1)), "id", UUID.randomUUID()));
        rows.add(Map.of("created_at", Timestamp.from(at), "id", id));
        rows.add(Map.of("created_at", Timestamp.from(at.minusSeconds(1)), "id", UUID.randomUUID()));

        Map<String, Object> page = pages.page(rows, pages.request("2", null), row -> Map.of("id", row.get("id")));

        assertThat((List<?>) page.get("items")).hasSize(2);
        Map<String, Object> next = pages.request("2", (String) page.get("nextCursor"));
        assertThat(next.get("cursorAt")).isEqualTo(OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
        assertThat(next.get("cursorId")).isEqualTo(id);
    }

    @Test
    void shouldHaveNoNextCursorOnTheLastPage() {
        List<Map<String, Object>> rows = List.of(Map.of("created_at", Timestamp.from(Instant.now()), "id", UUID.randomUUID()));
        assertThat(pages.page(rows, pages.request("2", null), row -> row).get("nextCursor")).isNull();
    }

    @Test
    void shouldRejectACursorItDidNotIssue() {
        assertThatThrownBy(() -> pages.request(null, "bm90LWEtY3Vyc29y")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> pages.request(null, "%%%")).isInstanceOf(ApiProblem.class);
    }
}
