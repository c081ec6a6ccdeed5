package com.emailchannel.send;

import com.emailchannel.api.ApiProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the per-message answers of a batch send in request order:
 * {@code {"status":202,"id","messageId","threadId"}} or {@code {"status":4xx,"error":{problem}}}.
 */
public final class BatchResults {

    public List<Map<String, Object>> start(List<Object> items) {
        return Collections.synchronizedList(new ArrayList<>(Collections.nCopies(items.size(), null)));
    }

    public void accepted(List<Map<String, Object>> results, int index, Map<String, Object> answer) {
        Map<String, Object> item = new LinkedHashMap<>(answer);
        // "status" of a batch item is its HTTP status, as for a single send's answer code.
        item.put("status", 202);
        results.set(index, item);
    }

    public void refused(List<Map<String, Object>> results, int index, ApiProblem problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", com.emailchannel.api.ProblemJson.TYPE_BASE + problem.slug());
        error.put("title", problem.title());
        error.put("status", problem.status());
        error.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            error.put("errors", problem.errors());
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("status", problem.status());
        item.put("error", error);
        results.set(index, item);
    }

    public Map<String, Object> answer(List<Map<String, Object>> results) {
        return Map.of("items", results);
    }
}
