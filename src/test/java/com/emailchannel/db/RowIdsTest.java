package com.emailchannel.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowIdsTest {

    @Test
    void idsAreVersionSevenAndIncreaseAsPostgresqlAndTextIndexesCompareThem() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(RowIds.next());
        }
        for (int i = 1; i < ids.size(); i++) {
            // PostgreSQL compares uuids byte by byte, as their lower-case hex text (a Message-ID) compares
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
    }

    @Test
    void anIdBeginsWithTheMillisecondItWasMadeIn() {
        long before = Instant.now().toEpochMilli();
        UUID id = RowIds.next();
        long after = Instant.now().toEpochMilli();
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }
}
