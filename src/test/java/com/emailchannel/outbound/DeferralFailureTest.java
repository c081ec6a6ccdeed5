package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Batches;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The statement that puts rate-limited rows back in the outbox fails (PostgreSQL refuses it, through a trigger the
 * test installs) after their claim: the claim's places in the dispatch window are given back, so once the
 * statement works again every message goes out, instead of the window shrinking by every failed poll's claim
 * until nothing is dispatched any more.
 */
class DeferralFailureTest {

    @Test
    void shouldFreeTheWindowWhenTheDeferralOfClaimedRowsFails() throws Exception {
        Map<String, String> properties = RunningService.isolated();
        properties.put("dispatch.max-claimed", "4");
        properties.put("dispatch.rate-per-setup", "5");
        properties.put("dispatch.burst-per-setup", "1");
        properties.put("dispatch.lease-seconds", "1");
        RunningService service = RunningService.start(properties);
        DataSource db = service.dataSource();
        try {
            // the deferral is the only update that gives an attempt back
            Queries.execute(db, "create function refuse_deferral() returns trigger language plpgsql as $$ begin"
                    + " if new.attempts < old.attempts then raise exception 'deferral refused by the test'; end if;"
                    + " return new; end $$");
            Queries.execute(db, "create trigger refuse_deferral before update on outbox for each row"
                    + " execute function refuse_deferral()");
            Api api = service.api();
            String key = api.newWorkspaceKey("deferral");
            JsonNode useCase = VerifiedSetups.useCase(api, key, VerifiedSetups.create(api, key), "marketing",
                    "use_case");
            assertThat(api.post("/v1/email/messages/batch", key,
                    Batches.newsletters(useCase.get("id").asText(), 12)).status()).isEqualTo(207);
            // several polls claim, defer and fail (each claim of 4 leaves 3 rows to defer at a burst of 1)
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Queries.count(db,
                    "select count(*) from outbox where attempts >= 2") >= 3);

            Queries.execute(db, "drop trigger refuse_deferral on outbox");

            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() ->
                    Queries.count(db, "select count(*) from messages where status = 'sent'") == 12);
            assertThat(service.mailServer().getReceivedMessages()).hasSize(12);
        } finally {
            service.close();
        }
    }
}
