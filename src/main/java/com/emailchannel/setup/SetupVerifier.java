package com.emailchannel.setup;

import com.emailchannel.dns.DnsAnswer;
import com.emailchannel.dns.LiveDnsLookups;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Checks all of a setup's records against live DNS at once (the queries run in parallel) and rates each. */
public final class SetupVerifier {

    private final LiveDnsLookups dns;
    private final SetupRecords records;

    public SetupVerifier(LiveDnsLookups dns, SetupRecords records) {
        this.dns = dns;
        this.records = records;
    }

    public List<RecordCheck> check(String domain, String selector, String dkimPublicKey) {
        List<ExpectedRecord> expected = records.expected(domain, selector, dkimPublicKey);
        List<CompletableFuture<RecordCheck>> checks = expected.stream().map(this::check).toList();
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<RecordCheck> check(ExpectedRecord expected) {
        CompletableFuture<DnsAnswer> answer = expected.type().equals("MX")
                ? dns.mx(expected.address())
                : dns.txt(expected.address());
        return answer.thenApply(found -> rate(expected, found));
    }

    static RecordCheck rate(ExpectedRecord expected, DnsAnswer answer) {
        return switch (answer.outcome()) {
            case FAILED -> new RecordCheck(expected.purpose(), RecordCheck.ERROR, List.of(), answer.detail());
            case ABSENT -> new RecordCheck(expected.purpose(), RecordCheck.PENDING, List.of(),
                    "no " + expected.type() + " record at " + expected.address() + " (" + answer.detail() + ")");
            case FOUND -> RecordMatcher.matches(expected, answer.values())
                    ? new RecordCheck(expected.purpose(), RecordCheck.VERIFIED, answer.values(), null)
                    : new RecordCheck(expected.purpose(), RecordCheck.PENDING, answer.values(),
                            "the " + expected.type() + " record at " + expected.address()
                                    + " does not hold the expected value");
        };
    }

    /**
     * The setup status after a check: verified when every record is, the previous status when any lookup failed
     * (a DNS outage must not un-verify a domain), pending otherwise.
     */
    public static String nextStatus(String previousStatus, List<RecordCheck> checks) {
        if (checks.stream().allMatch(c -> c.status().equals(RecordCheck.VERIFIED))) {
            return RecordCheck.VERIFIED;
        }
        if (checks.stream().anyMatch(c -> c.status().equals(RecordCheck.ERROR))) {
            return previousStatus;
        }
        return RecordCheck.PENDING;
    }
}
