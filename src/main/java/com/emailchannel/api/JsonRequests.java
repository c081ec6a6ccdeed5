package com.emailchannel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a request body as a JSON object, answering 415 for another media type and 400 for malformed JSON. */
public final class JsonRequests {

    private final ObjectMapper json;

    public JsonRequests(ObjectMapper json) {
        this.json = json;
    }

    public JsonFields read(String contentType, String body) {
        return read(contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The body as bytes, as the HTTP server received it: Jackson decodes UTF-8 itself, so a request is not first
     * decoded into a string, and bytes that are not UTF-8 are refused (400) instead of becoming U+FFFD.
     */
    public JsonFields read(String contentType, byte[] body) {
        requireJsonMediaType(contentType);
        if (body == null || isBlank(body)) {
            throw ApiProblem.badRequest("The request body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ApiProblem.badRequest("The request body is not valid JSON: it is not UTF-8 text");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiProblem.badRequest("The request body must be a JSON object");
        }
        return new JsonFields(object);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    static void requireJsonMediaType(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/")
                && mediaType.endsWith("+json"))) {
            throw ApiProblem.unsupportedMediaType("Content-Type must be application/json, not "
                    + (mediaType.isEmpty() ? "missing" : mediaType));
        }
    }
}
