package com.emailchannel.api;

/** 409, for routes that refuse a state change with {@code throwException}. */
public class Conflict extends ApiProblem {

    public Conflict(String detail) {
        super(409, "conflict", "Conflict", detail);
    }
}
