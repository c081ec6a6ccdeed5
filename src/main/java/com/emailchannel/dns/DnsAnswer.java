package com.emailchannel.dns;

import java.util.List;

/**
 * What one live DNS query returned: the values found (TXT character-strings joined, MX as {@code "<pref> <host>"}),
 * nothing at all, or a failed lookup (timeout, SERVFAIL, REFUSED...) with what went wrong.
 */
public record DnsAnswer(Outcome outcome, List<String> values, String detail) {

    public enum Outcome { FOUND, ABSENT, FAILED }

    public static DnsAnswer found(List<String> values) {
        return values.isEmpty() ? absent("no record of that type") : new DnsAnswer(Outcome.FOUND, List.copyOf(values), null);
    }

    public static DnsAnswer absent(String detail) {
        return new DnsAnswer(Outcome.ABSENT, List.of(), detail);
    }

    public static DnsAnswer failed(String detail) {
        return new DnsAnswer(Outcome.FAILED, List.of(), detail);
    }
}
