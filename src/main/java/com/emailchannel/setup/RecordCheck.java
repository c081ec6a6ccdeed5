package com.emailchannel.setup;

import java.util.List;

/**
 * The outcome of checking one expected record against live DNS.
 *
 * @param status {@code verified}, {@code pending} (absent or another value) or {@code error} (the lookup failed)
 * @param found  the values DNS returned at the record's address, so a user sees what is there instead
 * @param detail why a record is pending or in error, null when verified
 */
public record RecordCheck(String purpose, String status, List<String> found, String detail) {

    public static final String VERIFIED = "verified";
    public static final String PENDING = "pending";
    public static final String ERROR = "error";
}
