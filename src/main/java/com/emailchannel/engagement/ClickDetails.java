package com.emailchannel.engagement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/** The detail of a click event: the link that was followed, as JSON. */
public final class ClickDetails {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClickDetails() {
    }

    public static String of(String url) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("url", url));
    }
}
