package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How single sends are grouped into acceptance statements: what waits while one runs goes into the next, within its
 * bounds, and a failed group answers each message by its own outcome. The statement here records the groups it is
 * given; the statement itself is tested end to end against PostgreSQL in SendApiTest.
 */
class AcceptanceGroupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NewMessages NEW_MESSAGES = new NewMessages(JSON);

    private final ExecutorService requests = Executors.newCachedThreadPool();
    /** The recipients of every statement call, in call order. */
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    /** Holds the statement of the first message, so that the others wait and form a group. */
    private final CountDownLatch firstStatementMayEnd = new CountDownLatch(1);

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @Test
    void shouldStoreTheMessagesThatWaitedWhileAStatementRanInOneStatement() throws Exception {
        AcceptanceGroups groups = groups(rows -> { }, 64, 1 << 20);

        List<Future<?>> stored = storeWhileTheFirstStatementRuns(groups, "a@x.org", "b@x.org", "c@x.org", "d@x.org");

        for (Future<?> one : stored) {
            one.get(10, TimeUnit.SECONDS);
        }
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsExactly("first@x.org");
        assertThat(calls.get(1)).containsExactlyInAnyOrder("a@x.org", "b@x.org", "c@x.org", "d@x.org");
    }

    @Test
    void shouldKeepAGroupWithinItsBoundOfMessages() throws Exception {
        AcceptanceGroups byCount = groups(rows -> { }, 2, 1 << 20);
        for (Future<?> one : storeWhileTheFirstStatementRuns(byCount, "a@x.org", "b@x.org", "c@x.org")) {
            one.get(10, TimeUnit.SECONDS);
        }
        assertThat(calls).extracting(List::size).containsExactly(1, 2, 1);
    }

    @Test
    void shouldStoreAMessageLargerThanTheBoundOfCharactersAlone() throws Exception {
        AcceptanceGroups byChars = groups(rows -> { }, 64, 1);
        for (Future<?> one : storeWhileTheFirstStatementRuns(byChars, "a@x.org", "b@x.org")) {
            one.get(10, TimeUnit.SECONDS);
        }
        assertThat(calls).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void shouldStoreTheMessagesOfAFailedGroupOneByOneSoOnlyTheFailingOneIsRefused() throws Exception {
        IllegalStateException duplicateKey = new IllegalStateException("duplicate key value violates unique constraint");
        AcceptanceGroups groups = groups(rows -> {
            if (rows.contains("taken@x.org")) {
                throw duplicateKey;
            }
        }, 64, 1 << 20);

        List<Future<?>> stored = storeWhileTheFirstStatementRuns(groups, "a@x.org", "taken@x.org", "b@x.org");

        stored.get(0).get(10, TimeUnit.SECONDS);
        assertThat(failureOf(stored.get(1))).isSameAs(duplicateKey);
        stored.get(2).get(10, TimeUnit.SECONDS);
        assertThat(calls.get(1)).hasSize(3);
        assertThat(calls.subList(2, calls.size())).containsExactlyInAnyOrder(
                List.of("a@x.org"), List.of("taken@x.org"), List.of("b@x.org"));
    }

    @Test
    void shouldFailTheWholeGroupAtOnceWhenTheDatabaseCannotBeReached() throws Exception {
        RuntimeException unreachable = new RuntimeException(new SQLTransientConnectionException("connection timeout"));
        AcceptanceGroups groups = groups(rows -> {
            if (!rows.contains("first@x.org")) {
                throw unreachable;
            }
        }, 64, 1 << 20);

        List<Future<?>> stored = storeWhileTheFirstStatementRuns(groups, "a@x.org", "b@x.org", "c@x.org");

        for (Future<?> one : stored) {
            assertThat(failureOf(one)).isSameAs(unreachable);
        }
        assertThat(calls).hasSize(2);
    }

    @Test
    void shouldRefuseAGroupBoundBelowOneMessage() {
        assertThatThrownBy(() -> groups(rows -> { }, 0, 1 << 20))
                .hasMessageContaining("send.acceptance-group-max");
    }

    /**
     * Stores "first@x.org" and holds its statement until every other recipient is waiting to be stored, then lets
     * it end; returns the others' stores, in the order of the recipients given.
     */
    private List<Future<?>> storeWhileTheFirstStatementRuns(AcceptanceGroups groups, String... recipients)
            throws Exception {
        Future<?> first = requests.submit(() -> groups.store(prepared("first@x.org")));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
        List<Future<?>> others = new ArrayList<>();
        for (String recipient : recipients) {
            others.add(requests.submit(() -> groups.store(prepared(recipient))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.waitingCount() == recipients.length);
        firstStatementMayEnd.countDown();
        first.get(10, TimeUnit.SECONDS);
        return others;
    }

    private AcceptanceGroups groups(Consumer<String> outcome, int maxMessages, long maxChars) {
        return new AcceptanceGroups(new AcceptanceRows(JSON), rows -> {
            calls.add(recipients(rows));
            if (rows.contains("first@x.org")) {
                try {
                    firstStatementMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            outcome.accept(rows);
        }, maxMessages, maxChars);
    }

    private static List<String> recipients(String rows) {
        try {
            List<String> recipients = new ArrayList<>();
            for (JsonNode row : JSON.readTree(rows)) {
                recipients.add(row.get("to_address").asText());
            }
            return recipients;
        } catch (Exception e) {
            throw new AssertionError("the statement was given rows that are not a JSON array: " + rows, e);
        }
    }

    private static Throwable failureOf(Future<?> stored) throws Exception {
        try {
            stored.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the store did not fail");
    }

    private static Map<String, Object> prepared(String to) {
        Map<String, Object> request = new HashMap<>();
        request.put("useCaseId", UUID.randomUUID());
        request.put("to", to);
        request.put("subject", "Reminder");
        request.put("text", "Hello");
        request.put("html", null);
        request.put("inReplyTo", null);
        request.put("metadata", "{}");
        request.put("attachments", "[]");
        request.put("idempotencyKey", null);
        request.put("requestHash", null);
        Map<String, Object> useCase = new HashMap<>();
        useCase.put("id", request.get("useCaseId"));
        useCase.put("workspace_id", UUID.randomUUID());
        useCase.put("setup_id", UUID.randomUUID());
        useCase.put("email_type", "transactional");
        useCase.put("sender_address", "care@clinic.example");
        useCase.put("sender_name", "Clinic");
        useCase.put("domain", "clinic.example");
        return NEW_MESSAGES.prepare(request, useCase, null);
    }
}
