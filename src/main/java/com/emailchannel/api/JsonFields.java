package com.emailchannel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields of one JSON request object, read with their type checked. Every problem is collected, so a client
 * learns about all invalid fields in one answer; {@link #validate()} throws them as one 400.
 */
public final class JsonFields {

    private final ObjectNode object;
    private final List<ApiProblem.FieldError> errors = new ArrayList<>();

    public JsonFields(ObjectNode object) {
        this.object = object;
    }

    /** A required string, trimmed; null (and an error recorded) when absent, blank, not a string or too long. */
    public String requiredString(String field, int maxLength) {
        String value = optionalString(field, maxLength);
        if (value == null && !hasError(field)) {
            reject(field, "is required");
        }
        return value;
    }

    /** An optional string, trimmed; blank counts as absent. */
    public String optionalString(String field, int maxLength) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            reject(field, "must be a string");
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reject(field, "must not contain control characters (CR, LF, tab, NUL…)");
            return null;
        }
        return value;
    }

    /** An optional string that must be one of {@code allowed}; {@code fallback} when absent. */
    public String optionalChoice(String field, Set<String> allowed, String fallback) {
        String value = optionalString(field, 64);
        if (value == null) {
            return hasError(field) ? null : fallback;
        }
        if (!allowed.contains(value)) {
            reject(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        return value;
    }

    public String requiredChoice(String field, Set<String> allowed) {
        String value = optionalChoice(field, allowed, null);
        if (value == null && !hasError(field)) {
            reject(field, "is required");
        }
        return value;
    }

    public void reject(String field, String message) {
        errors.add(new ApiProblem.FieldError(field, message));
    }

    public boolean hasError(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
