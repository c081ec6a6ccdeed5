package com.emailchannel.api;

import java.util.UUID;

/** Parses resource ids from paths and bodies: anything that is not one of our ids simply does not exist (404). */
public final class Ids {

    public UUID existing(String id, String what) {
        UUID uuid = parse(id);
        if (uuid == null) {
            throw ApiProblem.notFound(what);
        }
        return uuid;
    }

    /** A list filter: null when absent, and an id that matches nothing when it is not one of ours. */
    public UUID filter(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        UUID uuid = parse(id.strip());
        return uuid == null ? new UUID(0L, 0L) : uuid;
    }

    public static UUID parse(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
