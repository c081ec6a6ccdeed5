package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Batches;
import com.emailchannel.testing.LocalMailServer;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TcpProxy;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A relay slower than the dispatcher's polls (every SMTP reply 30 ms late, polls every 20 ms): the instance holds
 * at most dispatch.max-claimed rows claimed at any time, instead of claiming another batch on every poll while its
 * threads are still busy, and the backlog still goes out once each.
 */
class ClaimWindowTest {

    private static final int MAX_CLAIMED = 5;
    private static final int THREADS = 2;

    @Test
    void shouldHoldNoMoreClaimedRowsThanTheWindowWhileTheRelayIsSlow() throws Exception {
        GreenMail relay = LocalMailServer.start();
        try (TcpProxy slow = new TcpProxy(relay.getSmtp().getPort(), 30)) {
            Map<String, String> properties = RunningService.isolated();
            properties.put("smtp.host", "127.0.0.1");
            properties.put("smtp.port", String.valueOf(slow.port()));
            properties.put("dispatch.poll-ms", "20");
            properties.put("dispatch.max-claimed", String.valueOf(MAX_CLAIMED));
            properties.put("dispatch.concurrency", String.valueOf(THREADS));
            RunningService service = RunningService.start(properties);
            try {
                Api api = service.api();
                String key = api.newWorkspaceKey("window");
                JsonNode useCase = VerifiedSetups.useCase(api, key, VerifiedSetups.create(api, key), "marketing",
                        "use_case");
                assertThat(api.post("/v1/email/messages/batch", key,
                        Batches.newsletters(useCase.get("id").asText(), 40)).status()).isEqualTo(207);

                AtomicLong mostClaimed = new AtomicLong();
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                    mostClaimed.accumulateAndGet(Queries.count(service.dataSource(),
                            "select count(*) from outbox where claimed_until > now()"), Math::max);
                    return Queries.count(service.dataSource(), "select count(*) from outbox") == 0;
                });

                // a row handed to the relay frees its place before its outcome is written (within
                // dispatch.record-flush-ms): at most one such row per thread on top of the window
                assertThat(mostClaimed.get()).isPositive().isLessThanOrEqualTo(MAX_CLAIMED + THREADS);
                assertThat(Queries.count(service.dataSource(), "select count(*) from messages where status = 'sent'"))
                        .isEqualTo(40);
                assertThat(relay.getReceivedMessages()).hasSize(40);
                // the queue tables are vacuumed as queues (V9): once 1,000 rows changed, not 20% of the table
                assertThat(Queries.count(service.dataSource(), "select count(*) from pg_class"
                        + " where relname in ('outbox', 'event_outbox')"
                        + " and 'autovacuum_vacuum_threshold=1000' = any(reloptions)"
                        + " and 'autovacuum_vacuum_scale_factor=0' = any(reloptions)")).isEqualTo(2);
            } finally {
                service.close();
            }
        } finally {
            relay.stop();
        }
    }
}
