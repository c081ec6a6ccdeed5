package com.emailchannel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders problems as RFC 9457 {@code application/problem+json} documents. Unexpected failures become a plain 500
 * whose detail never carries a stack trace or an exception message.
 */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://email-channel.dev/problems/";

    /** Unique indexes of the schema and the conflict each one means to a client. */
    private static final Map<String, String> UNIQUE_CONFLICTS = Map.of(
            "setups_tenant_name_per_workspace", "tenantName is already used by another setup in this workspace",
            "setups_domain_per_workspace", "domain is already registered by another setup in this workspace",
            "setups_verified_domain", "domain is already verified by another setup",
            "idempotency_keys_pkey", "a request with this Idempotency-Key was accepted at the same moment; "
                    + "repeat it to get its answer");

    private final ObjectMapper json;

    public ProblemJson(ObjectMapper json) {
        this.json = json;
    }

    public String render(ApiProblem problem) {
        Map<String, Object> body = document(problem);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem document could not be written", e);
        }
    }

    /** The problem+json document of a problem (RFC 9457 members, and {@code errors} when fields were refused). */
    public static Map<String, Object> document(ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.slug());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(e -> {
                        Map<String, String> error = new LinkedHashMap<>();
                        error.put("field", e.field());
                        error.put("message", e.message());
                        return error;
                    })
                    .toList();
            body.put("errors", errors);
        }
        return body;
    }

    /** The problem an unexpected exception answers with: what failed stays in the log, not in the response. */
    public static ApiProblem fromUnexpected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiProblem problem) {
                return problem;
            }
        }
        String constraint = violatedUniqueConstraint(failure);
        if (constraint != null) {
            return ApiProblem.conflict(UNIQUE_CONFLICTS.getOrDefault(constraint, "The resource already exists"));
        }
        if (isDatabaseUnavailable(failure)) {
            return new ApiProblem(503, "unavailable", "Service unavailable",
                    "The database is not reachable right now; retry later");
        }
        return new ApiProblem(500, "internal", "Internal error",
                "The request could not be completed; it has been logged");
    }

    private static String violatedUniqueConstraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException pg && "23505".equals(pg.getSQLState())
                    && pg.getServerErrorMessage() != null) {
                return String.valueOf(pg.getServerErrorMessage().getConstraint());
            }
        }
        return null;
    }

    private static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            // 08: connection exceptions; 57P: the server is shutting down or restarting (operator intervention).
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
