package com.emailchannel.send;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch send on its way through {@code routes/send-api.camel.yaml}: the answer of every item in request order
 * (null until decided), the valid items still to decide, the prepared messages the acceptance statement stores
 * together, and the items that go through the single-message route one by one. {@link BatchAcceptance} moves
 * items between these; the route reads the getters.
 */
public final class BatchPlan {

    final List<Map<String, Object>> answers;
    /** Valid items not decided yet, by position. */
    final Map<Integer, Map<String, Object>> undecided = new LinkedHashMap<>();
    /** Prepared messages for the acceptance statement, by position. */
    final Map<Integer, ToStore> toStore = new LinkedHashMap<>();
    /** {@code {"index", "request"}} per item for {@code direct:send-one}. */
    final List<Map<String, Object>> oneByOne = new ArrayList<>();
    String recipients;
    String keys;
    String rows;

    /** A message for the acceptance statement: the validated request and what the statement stores of it. */
    record ToStore(Map<String, Object> request, Map<String, Object> prepared) {
    }

    BatchPlan(int size) {
        answers = new ArrayList<>(Collections.nCopies(size, null));
    }

    /** Whether the lookup (use case, suppressions, stored answers) has anything to decide. */
    public boolean isUndecided() {
        return !undecided.isEmpty();
    }

    /** The use case every item of the batch names. */
    public Object getUseCaseId() {
        return undecided.values().iterator().next().get("useCaseId");
    }

    /** The recipients of the undecided items, a JSON array: whose suppressions the lookup reads. */
    public String getRecipients() {
        return recipients;
    }

    /** The Idempotency-Keys of the undecided items, a JSON array: whose stored answers the lookup reads. */
    public String getKeys() {
        return keys;
    }

    /** Whether the acceptance statement has messages to store. */
    public boolean isStoring() {
        return !toStore.isEmpty();
    }

    /** The messages to store, as the JSON array the acceptance statement reads with jsonb_to_recordset. */
    public String getRows() {
        return rows;
    }

    public List<Map<String, Object>> getOneByOne() {
        return oneByOne;
    }

    public List<Map<String, Object>> getAnswers() {
        return answers;
    }
}
