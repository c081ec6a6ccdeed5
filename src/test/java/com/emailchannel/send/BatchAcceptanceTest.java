package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.emailchannel.api.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a batch is decided as a set: each item by the rules of a single send, from one lookup row. */
class BatchAcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID USE_CASE = UUID.randomUUID();
    private static final UUID WORKSPACE = UUID.randomUUID();
    private static final UUID SETUP = UUID.randomUUID();

    private final BatchAcceptance batches = new BatchAcceptance(new NewMessages(JSON), JSON);

    @Test
    void shouldAnswerInvalidItemsAtOnceAndLookUpTheRecipientsAndKeysOfTheOthers() throws Exception {
        BatchPlan plan = batches.plan(List.of(request("a@example.org", "k:0"),
                ApiProblem.invalid("to", "must be an email address"), request("B@example.org", null)));

        assertThat(plan.getAnswers().get(1).get("status")).isEqualTo(400);
        assertThat(plan.getAnswers().get(0)).isNull();
        assertThat(JSON.readTree(plan.getRecipients()).toString()).isEqualTo("[\"a@example.org\",\"B@example.org\"]");
        assertThat(JSON.readTree(plan.getKeys()).toString()).isEqualTo("[\"k:0\"]");
        assertThat(plan.getUseCaseId()).isEqualTo(USE_CASE);
        assertThat(plan.isUndecided()).isTrue();
    }

    @Test
    void shouldPrepareEveryAdmittedItemAsOneRowOfTheAcceptanceStatement() throws Exception {
        BatchPlan plan = batches.plan(List.of(request("a@example.org", "k:0"), request("b@example.org", null)));

        batches.decide(plan, useCase("transactional", null, null));

        JsonNode rows = JSON.readTree(plan.getRows());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("to_address").asText()).isEqualTo("a@example.org");
        assertThat(rows.get(0).get("workspace_id").asText()).isEqualTo(WORKSPACE.toString());
        assertThat(rows.get(0).get("setup_id").asText()).isEqualTo(SETUP.toString());
        assertThat(rows.get(0).get("message_id").asText()).endsWith("@clinic.example>");
        assertThat(rows.get(0).get("priority").asInt()).isZero();
        assertThat(rows.get(0).get("metadata").get("ward").asText()).isEqualTo("3");
        assertThat(rows.get(0).get("attachments").get(0).get("filename").asText()).isEqualTo("card.pdf");
        assertThat(Base64.getDecoder().decode(rows.get(0).get("request_hash").asText())).hasSize(32);
        assertThat(rows.get(0).get("answer").get("id").asText()).isEqualTo(rows.get(0).get("id").asText());
        assertThat(rows.get(1).get("idempotency_key").isNull()).isTrue();
        assertThat(plan.isStoring()).isTrue();
        assertThat(plan.getAnswers()).containsOnlyNulls();

        batches.stored(plan);

        assertThat(plan.getAnswers().get(0).get("status")).isEqualTo(202);
        assertThat(plan.getAnswers().get(0).get("id")).isEqualTo(rows.get(0).get("id").asText());
        assertThat(plan.getAnswers().get(1).get("messageId")).isEqualTo(rows.get(1).get("message_id").asText());
        assertThat(plan.isStoring()).isFalse();
    }

    @Test
    void shouldRefuseSuppressedRecipientsByTheirOwnReasons() throws Exception {
        BatchPlan plan = batches.plan(List.of(request("soft@example.org", null), request("hard@example.org", null),
                request("free@example.org", null)));

        batches.decide(plan, useCase("transactional",
                "{\"soft@example.org\":\"soft_bounce\",\"hard@example.org\":\"soft_bounce,hard_bounce\"}", null));

        assertThat(JSON.readTree(plan.getRows()).findValuesAsText("to_address"))
                .containsExactly("soft@example.org", "free@example.org");
        assertThat(plan.getAnswers().get(1).get("status")).isEqualTo(422);
        assertThat(error(plan, 1).get("detail").toString()).contains("hard_bounce");
    }

    @Test
    void shouldReplayAStoredAnswerAndRefuseTheKeyForAnotherRequest() throws Exception {
        Map<String, Object> same = request("a@example.org", "k:0");
        Map<String, Object> other = request("b@example.org", "k:1");
        String answers = "{\"k:0\":{\"hash\":\"" + Base64.getEncoder().encodeToString((byte[]) same.get("requestHash"))
                + "\",\"response\":{\"id\":\"first\",\"status\":\"queued\"}},"
                + "\"k:1\":{\"hash\":\"" + Base64.getEncoder().encodeToString(new byte[32])
                + "\",\"response\":{\"id\":\"other\"}}}";
        BatchPlan plan = batches.plan(List.of(same, other));

        batches.decide(plan, useCase("transactional", null, answers));

        assertThat(plan.getAnswers().get(0)).containsEntry("id", "first").containsEntry("status", 202);
        assertThat(plan.getAnswers().get(1).get("status")).isEqualTo(409);
        assertThat(plan.isStoring()).isFalse();
    }

    @Test
    void shouldReplayStoredAnswersEvenWhenTheUseCaseIsGoneAndRefuseTheRestWith404() throws Exception {
        Map<String, Object> stored = request("a@example.org", "k:0");
        String answers = "{\"k:0\":{\"hash\":\"" + Base64.getEncoder().encodeToString((byte[]) stored.get("requestHash"))
                + "\",\"response\":{\"id\":\"first\"}}}";
        BatchPlan plan = batches.plan(List.of(stored, request("b@example.org", "k:1")));
        Map<String, Object> noUseCase = new HashMap<>();
        noUseCase.put("answers", answers);

        batches.decide(plan, noUseCase);

        assertThat(plan.getAnswers().get(0)).containsEntry("id", "first");
        assertThat(plan.getAnswers().get(1).get("status")).isEqualTo(404);
    }

    @Test
    void shouldRefuseEveryItemOfAnInactiveUseCase() {
        BatchPlan plan = batches.plan(List.of(request("a@example.org", null), request("b@example.org", null)));
        Map<String, Object> inactive = useCase("transactional", null, null);
        inactive.put("status", "inactive");

        batches.decide(plan, inactive);

        assertThat(plan.getAnswers()).extracting(answer -> answer.get("status")).containsExactly(409, 409);
    }

    @Test
    void shouldSendRepliesOneByOneAndTheStoredItemsTooWhenTheStatementFails() {
        Map<String, Object> reply = request("a@example.org", null);
        reply.put("inReplyTo", UUID.randomUUID().toString());
        Map<String, Object> plain = request("b@example.org", null);
        BatchPlan plan = batches.plan(List.of(reply, plain));

        batches.decide(plan, useCase("marketing", null, null));
        batches.storeFailed(plan);

        assertThat(plan.getOneByOne()).extracting(item -> item.get("index")).containsExactly(0, 1);
        assertThat(plan.getOneByOne().get(1).get("request")).isSameAs(plain);
        assertThat(plan.isStoring()).isFalse();
        assertThatThrownBy(() -> batches.answer(plan)).hasMessageContaining("batch item 0");

        batches.accepted(plan, 0, Map.of("id", "r"));
        batches.refused(plan, 1, new Suppressed("manual"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) batches.answer(plan).get("items");
        assertThat(items).extracting(item -> item.get("status")).containsExactly(202, 422);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(BatchPlan plan, int index) {
        return (Map<String, Object>) plan.getAnswers().get(index).get("error");
    }

    private static Map<String, Object> request(String to, String key) {
        Map<String, Object> request = new HashMap<>();
        request.put("useCaseId", USE_CASE);
        request.put("to", to);
        request.put("subject", "Reminder");
        request.put("text", "Hello");
        request.put("html", null);
        request.put("inReplyTo", null);
        request.put("metadata", "{\"ward\":\"3\"}");
        request.put("attachments", "[{\"filename\":\"card.pdf\",\"contentType\":\"application/pdf\",\"content\":\"JVBERi0=\"}]");
        request.put("idempotencyKey", key);
        request.put("requestHash", key == null ? null : sha256(to + key));
        return request;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> useCase(String type, String suppressions, String answers) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", USE_CASE);
        row.put("workspace_id", WORKSPACE);
        row.put("setup_id", SETUP);
        row.put("status", "active");
        row.put("email_type", type);
        row.put("sender_address", "care@clinic.example");
        row.put("sender_name", "Clinic");
        row.put("domain", "clinic.example");
        row.put("setup_status", "verified");
        row.put("suppressions", suppressions);
        row.put("answers", answers);
        return row;
    }
}
