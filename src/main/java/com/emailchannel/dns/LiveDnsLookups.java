package com.emailchannel.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the configured resolvers directly, one message per question, so nothing is ever answered from a cache:
 * dnsjava's {@code Lookup} (which caches) is never used. A truncated UDP answer is retried over TCP by the resolver.
 */
public final class LiveDnsLookups {

    private final Resolver resolver;
    private final Duration timeout;

    public LiveDnsLookups(List<InetSocketAddress> servers, Duration timeout) {
        List<InetSocketAddress> targets = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : targets) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        this.resolver = extended;
        this.timeout = timeout;
    }

    /** Parses {@code dns.servers}: {@code host:port} (or {@code host}, port 53) separated by commas. */
    public static List<InetSocketAddress> parseServers(String servers) {
        List<InetSocketAddress> result = new ArrayList<>();
        if (servers == null || servers.isBlank()) {
            return result;
        }
        for (String entry : servers.split(",")) {
            String server = entry.strip();
            if (server.isEmpty()) {
                continue;
            }
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon;
            String host = hasPort ? server.substring(0, colon) : server;
            int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            result.add(new InetSocketAddress(host, port));
        }
        return result;
    }

    public CompletableFuture<DnsAnswer> txt(String name) {
        return query(name, Type.TXT);
    }

    public CompletableFuture<DnsAnswer> mx(String name) {
        return query(name, Type.MX);
    }

    private CompletableFuture<DnsAnswer> query(String name, int type) {
        Message question;
        try {
            question = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.failed("not a DNS name: " + name));
        }
        // Our own deadline on top of the resolver's: a server that never answers ends as an error, never a hang.
        long deadlineMs = timeout.toMillis() * 3;
        return resolver.sendAsync(question).toCompletableFuture()
                .orTimeout(deadlineMs, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure != null ? failedLookup(failure) : answer(response, type));
    }

    private static DnsAnswer answer(Message response, int type) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return DnsAnswer.absent("NXDOMAIN: the name does not exist");
        }
        if (rcode != Rcode.NOERROR) {
            return DnsAnswer.failed("the DNS server answered " + Rcode.string(rcode));
        }
        List<String> values = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && type == Type.TXT) {
                values.add(String.join("", txt.getStrings()));
            } else if (record instanceof MXRecord mx && type == Type.MX) {
                values.add(mx.getPriority() + " " + mx.getTarget().toString(true));
            }
        }
        return DnsAnswer.found(values);
    }

    private static DnsAnswer failedLookup(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
            return DnsAnswer.failed("the DNS lookup timed out");
        }
        if (cause instanceof java.net.PortUnreachableException) {
            return DnsAnswer.failed("the DNS server refused the query (nothing listens at its port)");
        }
        if (cause instanceof IOException io) {
            return DnsAnswer.failed("the DNS lookup failed: " + (io.getMessage() == null
                    ? io.getClass().getSimpleName() : io.getMessage()));
        }
        return DnsAnswer.failed("the DNS lookup failed: " + cause.getClass().getSimpleName());
    }
}
