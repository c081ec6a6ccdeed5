package com.emailchannel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a response body as a JSON string. The HTTP server sends a string as it is, with its Content-Length; a
 * byte array or stream (what Camel's marshal step leaves) goes through a chunked copy on a worker thread.
 */
public final class JsonResponses {

    private final ObjectMapper json;

    public JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body could not be written as JSON", e);
        }
    }
}
