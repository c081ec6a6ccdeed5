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
    private final String prefix;
    private final List<ApiProblem.FieldError> errors;

    public JsonFields(ObjectNode object) {
        this(object, "", new ArrayList<>());
    }

    private JsonFields(ObjectNode object, String prefix, List<ApiProblem.FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The object itself, e.g. for hashing the request. */
    public ObjectNode object() {
        return object;
    }

    /**
     * The objects of an optional array field, each read with errors named {@code field[i].name}; an empty list
     * (and an error) when the field is not an array of objects or has more than {@code maxItems}.
     */
    public List<JsonFields> objects(String field, int maxItems) {
        JsonNode node = object.get(field);
        List<JsonFields> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            reject(field, "must be an array");
            return items;
        }
        if (node.size() > maxItems) {
            reject(field, "must have at most " + maxItems + " items");
            return items;
        }
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i) instanceof ObjectNode item) {
                items.add(new JsonFields(item, prefix + field + "[" + i + "].", errors));
            } else {
                reject(field + "[" + i + "]", "must be an object");
            }
        }
        return items;
    }

    /** An optional object whose values must all be strings (e.g. metadata), with limits on size. */
    public java.util.Map<String, String> optionalStringMap(String field, int maxEntries, int maxKeyLength,
            int maxValueLength) {
        JsonNode node = object.get(field);
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            reject(field, "must be an object of string values");
            return values;
        }
        if (node.size() > maxEntries) {
            reject(field, "must have at most " + maxEntries + " entries");
            return values;
        }
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.isEmpty() || key.length() > maxKeyLength) {
                reject(field, "keys must be 1 to " + maxKeyLength + " characters");
            } else if (!value.isTextual()) {
                reject(field + "." + key, "must be a string");
            } else if (value.textValue().length() > maxValueLength) {
                reject(field + "." + key, "must be at most " + maxValueLength + " characters");
            } else {
                values.put(key, value.textValue());
            }
        });
        return values;
    }

    /**
     * Optional free text such as a message body: line breaks and tabs are allowed, other control characters are
     * not. Not trimmed; blank counts as absent.
     */
    public String optionalText(String field, int maxLength) {
        String value = textual(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)) {
            reject(field, "must not contain control characters other than line breaks and tabs");
            return null;
        }
        return value;
    }

    /** The field's string value as sent; null when absent or JSON null, and an error when not a string. */
    private String textual(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            reject(field, "must be a string");
            return null;
        }
        return node.textValue();
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
        String raw = textual(field);
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
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

    /** An optional boolean; null when absent. */
    public Boolean optionalBoolean(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            reject(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
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
        errors.add(new ApiProblem.FieldError(prefix + field, message));
    }

    public boolean hasError(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(prefix + field));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
