package com.emailchannel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;

/**
 * Writes a response body as JSON in a {@link ByteBuffer}: of the body types Camel's platform-http (Vert.x) takes,
 * the only one it sends in one piece with a Content-Length. A string goes out chunked over HTTP/1.1, and a byte
 * array or stream (what Camel's marshal step leaves) through a chunked copy on a worker thread.
 */
public final class JsonResponses {

    private final ObjectMapper json;

    public JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    public ByteBuffer write(Object body) {
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body could not be written as JSON", e);
        }
    }
}
