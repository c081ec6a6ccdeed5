package com.emailchannel.setup;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether the values DNS returned satisfy an expected record:
 * <ul>
 * <li>DKIM: a TXT value (its character-strings already joined) whose tags carry our public key ({@code p=}, spaces
 * ignored as RFC 6376 allows), with {@code v=DKIM1} and {@code k=rsa} when present;</li>
 * <li>MX: any MX whose host equals ours, case-insensitively and without the trailing dot; preference is free;</li>
 * <li>DMARC: exactly one {@code v=DMARC1} record with a valid {@code p=} policy, not only our exact text.</li>
 * </ul>
 */
public final class RecordMatcher {

    private static final Set<String> DMARC_POLICIES = Set.of("none", "quarantine", "reject");

    private RecordMatcher() {
    }

    public static boolean matches(ExpectedRecord expected, List<String> found) {
        return switch (expected.purpose()) {
            case "dkim" -> found.stream().anyMatch(value -> dkimMatches(expected.value(), value));
            case "mx" -> found.stream().anyMatch(value -> mxMatches(expected.value(), value));
            case "dmarc" -> dmarcValid(found);
            default -> throw new IllegalArgumentException("unknown record purpose " + expected.purpose());
        };
    }

    static boolean dkimMatches(String expected, String found) {
        Map<String, String> want = tags(expected);
        Map<String, String> have = tags(found);
        String key = have.get("p");
        if (key == null || !key.replaceAll("\\s", "").equals(want.get("p"))) {
            return false;
        }
        return have.getOrDefault("v", "DKIM1").equals("DKIM1") && have.getOrDefault("k", "rsa").equalsIgnoreCase("rsa");
    }

    static boolean mxMatches(String expected, String found) {
        return host(expected).equals(host(found));
    }

    static boolean dmarcValid(List<String> found) {
        List<String> policies = found.stream().filter(value -> value.strip().startsWith("v=DMARC1")).toList();
        if (policies.size() != 1) {
            return false;
        }
        Map<String, String> tags = tags(policies.get(0));
        return "DMARC1".equals(tags.get("v")) && DMARC_POLICIES.contains(tags.getOrDefault("p", "").toLowerCase(Locale.ROOT));
    }

    /** Tag=value pairs separated by semicolons (RFC 6376 §3.2, RFC 7489 §6.4). */
    static Map<String, String> tags(String record) {
        Map<String, String> tags = new HashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return tags;
    }

    private static String host(String mxValue) {
        String[] parts = mxValue.strip().split("\\s+");
        return SetupRecords.stripDot(parts[parts.length - 1]).toLowerCase(Locale.ROOT);
    }
}
