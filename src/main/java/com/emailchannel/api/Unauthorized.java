package com.emailchannel.api;

/** 401, for routes that refuse a caller with {@code throwException}. */
public class Unauthorized extends ApiProblem {

    public Unauthorized(String detail) {
        super(401, "unauthorized", "Unauthorized", detail);
    }
}
