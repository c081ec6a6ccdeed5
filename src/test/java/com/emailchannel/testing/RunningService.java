package com.emailchannel.testing;

import com.emailchannel.Application;
import com.emailchannel.dns.sandbox.SandboxDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import java.time.Duration;

/**
 * The real service (Application's Main: application.properties, the YAML routes in routes/, Wiring) started
 * in the test JVM on a free port, with properties overridden to point at servers the tests run.
 * {@link #shared()} is one instance for all route tests: they work in workspaces of their own.
 */
public final class RunningService implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String SECRETS_KEY = "test-secrets-key-0123456789abcdef";
    public static final String MX_HOST = "mx.inbound.email-channel.test";

    private static RunningService shared;
    private static SandboxDnsServer sharedDns;

    private final Main main;
    private final int port;

    private RunningService(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static synchronized RunningService shared() {
        if (shared == null) {
            try {
                sharedDns = SandboxDnsServer.start(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> properties = defaults();
            properties.put("db.url", TestPostgres.jdbcUrl());
            properties.put("db.user", "postgres");
            properties.put("dns.servers", sharedDns.address());
            shared = start(properties);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.close();
                sharedDns.close();
            }));
        }
        return shared;
    }

    /** The sandbox DNS server the shared service verifies against. */
    public static SandboxDnsServer sharedDns() {
        shared();
        return sharedDns;
    }

    /**
     * Stops the shared DNS server (queries then time out, as when a provider's servers are down) and returns a
     * handle that starts a fresh one on the same port, empty as a restarted server without a zone file would be.
     */
    public static synchronized AutoCloseable stopSharedDns() {
        int port = sharedDns().port();
        sharedDns.close();
        return () -> sharedDns = SandboxDnsServer.start(port);
    }

    /** Points the service's inbound route at a test's own plain IMAP mailbox on loopback; answers the properties. */
    public static Map<String, String> drainMailbox(Map<String, String> properties, int imapPort, String user,
            String password) {
        properties.put("imap.host", "127.0.0.1");
        properties.put("imap.port", String.valueOf(imapPort));
        properties.put("imap.ssl", "false");
        properties.put("imap.username", user);
        properties.put("imap.password", password);
        return properties;
    }

    /** Properties every test instance uses: test secrets, a free HTTP port, a short DNS timeout. */
    public static Map<String, String> defaults() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("http.port", String.valueOf(FreePorts.next()));
        properties.put("http.host", "127.0.0.1");
        properties.put("platform.admin-token", ADMIN_TOKEN);
        properties.put("secrets.key", SECRETS_KEY);
        properties.put("inbound.mx-host", MX_HOST);
        properties.put("dns.timeout-ms", "400");
        properties.put("http.max-body-bytes", String.valueOf(16 * 1024 * 1024));
        properties.put("send.max-attachment-bytes", String.valueOf(12 * 1024 * 1024));
        properties.put("smtp.embedded-port", String.valueOf(FreePorts.next()));
        properties.put("imap.embedded-port", String.valueOf(FreePorts.next()));
        properties.put("smtp.retry.initial-delay-ms", "200");
        properties.put("smtp.retry.max-delay-ms", "1000");
        properties.put("smtp.retry.max-attempts", "5");
        properties.put("dispatch.poll-ms", "50");
        properties.put("imap.poll-delay-ms", "200");
        properties.put("dispatch.initial-delay-ms", "0");
        properties.put("data.dir", "target/service-data");
        properties.put("kafka.brokers", TestKafka.bootstrapServers());
        properties.put("events.poll-ms", "50");
        // at JVM exit the database and Kafka stop beside the service: in-flight polls must not hold the exit past
        // surefire's 30 s (which kills the fork and fails the build)
        properties.put("camel.main.shutdown-timeout", "10");
        return properties;
    }

    /**
     * {@link #defaults()} for an instance of its own: a new empty database on the test server, and the shared DNS
     * server (where {@link VerifiedSetups} publishes) as resolver.
     */
    public static Map<String, String> isolated() {
        Map<String, String> properties = defaults();
        properties.put("db.url", TestPostgres.newDatabase());
        properties.put("db.user", "postgres");
        properties.put("dns.servers", sharedDns().address());
        return properties;
    }

    public static RunningService start(Map<String, String> properties) {
        Main main = Application.newMain();
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the service did not start", e);
        }
        RunningService service = new RunningService(main, Integer.parseInt(properties.get("http.port")));
        // Vert.x listens before the routes are added: wait for a route to answer, not for the port.
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> service.api().get("/health/live", null).status() == 200);
        return service;
    }

    public Api api() {
        return new Api(baseUrl());
    }

    /** Where the service answers HTTP, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The embedded relay and mailbox (GreenMail) when the service runs without smtp.host. */
    public com.icegreen.greenmail.util.GreenMail mailServer() {
        return camelContext().getRegistry().lookupByNameAndType("mailRelay",
                com.emailchannel.outbound.EmbeddedMailServer.class).greenMail();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public DataSource dataSource() {
        return camelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }

    @Override
    public void close() {
        try {
            // The context first: at JVM exit Camel's own hook may have run before ours, and Main.stop() then waits
            // (up to the shutdown timeout) for a context nobody else stops; surefire kills a fork after 30 s.
            main.getCamelContext().stop();
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the service did not stop", e);
        }
    }
}
