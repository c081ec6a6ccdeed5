package com.emailchannel.api;

/** 404, for routes that find no row with {@code throwException}; the message names what was looked for. */
public class NotFound extends ApiProblem {

    public NotFound(String what) {
        super(404, "not-found", "Not found", what + " not found");
    }
}
