package com.emailchannel;

import com.emailchannel.analytics.AnalyticsRequests;
import com.emailchannel.api.ApiRateLimits;
import com.emailchannel.api.Ids;
import com.emailchannel.api.JsonRequests;
import com.emailchannel.api.JsonResponses;
import com.emailchannel.api.Pages;
import com.emailchannel.api.ProblemJson;
import com.emailchannel.api.ResponseHeaders;
import com.emailchannel.console.ConsoleAssets;
import com.emailchannel.crypto.SecretBox;
import com.emailchannel.db.Database;
import com.emailchannel.db.EmbeddedPostgresServer;
import com.emailchannel.db.NamedSqlParameters;
import com.emailchannel.dns.LiveDnsLookups;
import com.emailchannel.dns.sandbox.SandboxDnsServer;
import com.emailchannel.setup.NewSetups;
import com.emailchannel.setup.SetupChecks;
import com.emailchannel.setup.SetupRecords;
import com.emailchannel.setup.SetupRequests;
import com.emailchannel.setup.SetupVerifier;
import com.emailchannel.setup.SetupViews;
import com.emailchannel.system.HttpServerStartup;
import com.emailchannel.system.LocalSecrets;
import com.emailchannel.system.ProblemErrorPages;
import com.emailchannel.unsubscribe.SuppressionViews;
import com.emailchannel.unsubscribe.UnsubscribeRequests;
import com.emailchannel.usecase.UseCaseRequests;
import com.emailchannel.usecase.UseCaseViews;
import com.emailchannel.workspace.AdminToken;
import com.emailchannel.workspace.ApiKeys;
import com.emailchannel.workspace.NewWorkspaces;
import com.emailchannel.crypto.MessageTokens;
import com.emailchannel.delivery.DeliveryReportMatcher;
import com.emailchannel.engagement.EngagementRequests;
import com.emailchannel.events.CloudEventRecords;
import com.emailchannel.events.EmbeddedKafkaBroker;
import com.emailchannel.inbound.BlobReader;
import com.emailchannel.inbound.InboundParser;
import com.emailchannel.inbound.InboundStore;
import com.emailchannel.inbound.Spooler;
import com.emailchannel.inbound.InboundViews;
import com.emailchannel.inbound.MimeWalk;
import com.emailchannel.outbound.DispatchOutcomes;
import com.emailchannel.outbound.DispatchWindow;
import com.emailchannel.outbound.EmbeddedMailServer;
import com.emailchannel.outbound.OutboundMime;
import com.emailchannel.outbound.ReusedConnectionsMailConfiguration;
import com.emailchannel.outbound.RetrySchedule;
import com.emailchannel.outbound.SendRateLimiter;
import com.emailchannel.ratelimit.TokenBuckets;
import com.emailchannel.send.BatchAcceptance;
import com.emailchannel.send.MessageViews;
import com.emailchannel.send.NewMessages;
import com.emailchannel.send.SendRequests;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The beans the routes call, built from properties. Routes refer to them by the names given here.
 * Resources that must close with Camel (the pool, the embedded database, the sandbox DNS server) are added as
 * Camel services.
 */
public class Wiring implements CamelConfiguration {

    private String secretsKey;

    @Override
    public void configure(CamelContext camelContext) {
        // every bean is bound by the @BindToRegistry methods below; every sql: endpoint of the routes parses its
        // named parameters once (camel-sql's default strategy parses them on every call)
        NamedSqlParameters parameters = new NamedSqlParameters();
        camelContext.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
            if (endpoint instanceof SqlEndpoint sql) {
                sql.setPrepareStatementStrategy(parameters);
            }
            return endpoint;
        });
    }

    // --- storage ---

    @BindToRegistry("dataSource")
    public DataSource dataSource(CamelContext context,
            @PropertyInject(value = "db.url", defaultValue = "") String url,
            @PropertyInject(value = "db.user", defaultValue = "") String user,
            @PropertyInject(value = "db.password", defaultValue = "") String password,
            @PropertyInject(value = "db.pool-size", defaultValue = "10") int poolSize,
            @PropertyInject(value = "db.connection-timeout-ms", defaultValue = "2000") long connectionTimeoutMs,
            @PropertyInject(value = "db.embedded-port", defaultValue = "0") int embeddedPort,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        if (url.isBlank()) {
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(Path.of(dataDir, "postgres"), embeddedPort);
            closeWith(context, embedded);
            url = embedded.jdbcUrl();
            user = embedded.user();
        }
        HikariDataSource pool = Database.pool(url, user, password, poolSize, connectionTimeoutMs);
        closeWith(context, pool);
        Database.migrate(pool);
        return pool;
    }

    // --- HTTP API plumbing ---

    @BindToRegistry("json")
    public ObjectMapper json() {
        return new ObjectMapper();
    }

    @BindToRegistry("problemJson")
    public ProblemJson problemJson(ObjectMapper json) {
        return new ProblemJson(json);
    }

    @BindToRegistry("jsonRequests")
    public JsonRequests jsonRequests(ObjectMapper json) {
        return new JsonRequests(json);
    }

    @BindToRegistry("jsonResponses")
    public JsonResponses jsonResponses(ObjectMapper json) {
        return new JsonResponses(json);
    }

    /** platform-http's header filter (camel.component.platform-http.header-filter-strategy). */
    @BindToRegistry("responseHeaders")
    public ResponseHeaders responseHeaders() {
        return new ResponseHeaders();
    }

    /** Answers of the HTTP server itself (unknown path, wrong method, body too large) become problem+json. */
    @BindToRegistry("httpServerStartup")
    public HttpServerStartup httpServerStartup(ProblemJson problems) {
        return new HttpServerStartup(new ProblemErrorPages(problems));
    }

    @BindToRegistry("pages")
    public Pages pages() {
        return new Pages();
    }

    @BindToRegistry("ids")
    public Ids ids() {
        return new Ids();
    }

    // --- workspaces and access ---

    @BindToRegistry("adminToken")
    public AdminToken adminToken(@PropertyInject(value = "platform.admin-token", defaultValue = "") String token,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        return new AdminToken(LocalSecrets.configuredOrLocal(token, Path.of(dataDir), "admin-token",
                "platform.admin-token"));
    }

    @BindToRegistry("apiKeys")
    public ApiKeys apiKeys() {
        return new ApiKeys();
    }

    @BindToRegistry("newWorkspaces")
    public NewWorkspaces newWorkspaces(JsonRequests requests, ApiKeys apiKeys) {
        return new NewWorkspaces(requests, apiKeys);
    }

    // --- sending domain setups ---

    @BindToRegistry("secretBox")
    public SecretBox secretBox(@PropertyInject(value = "secrets.key", defaultValue = "") String key,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        return new SecretBox(secretsKey(key, dataDir));
    }

    @BindToRegistry("setupRecords")
    public SetupRecords setupRecords(@PropertyInject(value = "inbound.mx-host", defaultValue = "mx.email-channel.localhost") String mxHost) {
        return new SetupRecords(mxHost);
    }

    @BindToRegistry("liveDnsLookups")
    public LiveDnsLookups liveDnsLookups(CamelContext context,
            @PropertyInject(value = "dns.servers", defaultValue = "") String servers,
            @PropertyInject(value = "dns.timeout-ms", defaultValue = "1500") long timeoutMs,
            @PropertyInject(value = "dns.sandbox.port", defaultValue = "-1") int sandboxPort) throws IOException {
        if (sandboxPort >= 0) {
            closeWith(context, SandboxDnsServer.start(sandboxPort));
        }
        return new LiveDnsLookups(LiveDnsLookups.parseServers(servers), Duration.ofMillis(timeoutMs));
    }

    @BindToRegistry("setupRequests")
    public SetupRequests setupRequests(JsonRequests requests) {
        return new SetupRequests(requests);
    }

    @BindToRegistry("newSetups")
    public NewSetups newSetups(SecretBox secretBox) {
        return new NewSetups(secretBox);
    }

    @BindToRegistry("setupChecks")
    public SetupChecks setupChecks(LiveDnsLookups dns, SetupRecords records, ObjectMapper json) {
        return new SetupChecks(new SetupVerifier(dns, records), json);
    }

    @BindToRegistry("setupViews")
    public SetupViews setupViews(SetupRecords records, ObjectMapper json, Pages pages) {
        return new SetupViews(records, json, pages);
    }

    // --- email use cases ---

    @BindToRegistry("useCaseRequests")
    public UseCaseRequests useCaseRequests(JsonRequests requests) {
        return new UseCaseRequests(requests);
    }

    @BindToRegistry("useCaseViews")
    public UseCaseViews useCaseViews(Pages pages) {
        return new UseCaseViews(pages);
    }

    // --- sending ---

    @BindToRegistry("messageTokens")
    public MessageTokens messageTokens(@PropertyInject(value = "secrets.key", defaultValue = "") String key,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        return new MessageTokens(secretsKey(key, dataDir));
    }

    @BindToRegistry("sendRequests")
    public SendRequests sendRequests(JsonRequests requests, ObjectMapper json,
            @PropertyInject(value = "send.max-attachment-bytes", defaultValue = "26214400") long maxAttachmentBytes) {
        return new SendRequests(requests, json, maxAttachmentBytes);
    }

    @BindToRegistry("newMessages")
    public NewMessages newMessages(ObjectMapper json) {
        return new NewMessages(json);
    }

    @BindToRegistry("batchAcceptance")
    public BatchAcceptance batchAcceptance(NewMessages newMessages, ObjectMapper json) {
        return new BatchAcceptance(newMessages, json);
    }

    @BindToRegistry("messageViews")
    public MessageViews messageViews(ObjectMapper json, Pages pages) {
        return new MessageViews(json, pages);
    }

    /**
     * The outbound relay. With no {@code smtp.host} an embedded SMTP+IMAP server starts and the smtp.* (and imap.*)
     * properties are pointed at it before the routes resolve their endpoints; the embedded mailbox, held in the heap,
     * keeps at most {@code imap.embedded-keep-seen} messages already stored.
     */
    @BindToRegistry("mailRelay")
    public Object mailRelay(CamelContext context,
            @PropertyInject(value = "smtp.host", defaultValue = "") String host,
            @PropertyInject(value = "imap.host", defaultValue = "") String imapHost,
            @PropertyInject(value = "smtp.embedded-port", defaultValue = "2525") int smtpPort,
            @PropertyInject(value = "imap.embedded-port", defaultValue = "3143") int imapPort,
            @PropertyInject(value = "imap.embedded-keep-seen", defaultValue = "100") int embeddedKeepSeen) {
        if (!host.isBlank() && !imapHost.isBlank()) {
            return host;
        }
        EmbeddedMailServer server = EmbeddedMailServer.start(smtpPort, imapPort);
        closeWith(context, server);
        if (host.isBlank()) {
            context.getPropertiesComponent().addOverrideProperty("smtp.host", "127.0.0.1");
            context.getPropertiesComponent().addOverrideProperty("smtp.port", String.valueOf(server.smtpPort()));
            context.getPropertiesComponent().addOverrideProperty("smtp.starttls", "false");
        }
        if (imapHost.isBlank()) {
            context.getPropertiesComponent().addOverrideProperty("imap.host", "127.0.0.1");
            context.getPropertiesComponent().addOverrideProperty("imap.port", String.valueOf(server.imapPort()));
            context.getPropertiesComponent().addOverrideProperty("imap.ssl", "false");
            context.getPropertiesComponent().addOverrideProperty("imap.username", EmbeddedMailServer.INBOUND_MAILBOX);
            context.getPropertiesComponent().addOverrideProperty("imap.password", "embedded");
            context.getPropertiesComponent().addOverrideProperty("imap.keep-seen", String.valueOf(embeddedKeepSeen));
        }
        return server;
    }

    // --- events on Kafka ---

    /**
     * The event broker. With no {@code kafka.brokers} a real single-node Kafka broker starts in the JVM (log in
     * data.dir/kafka) and kafka.brokers is pointed at it before the routes resolve their endpoints.
     */
    @BindToRegistry("eventBroker")
    public Object eventBroker(CamelContext context,
            @PropertyInject(value = "kafka.brokers", defaultValue = "") String brokers,
            @PropertyInject(value = "kafka.embedded-port", defaultValue = "9092") int port,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        if (!brokers.isBlank()) {
            return brokers;
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(dataDir, "kafka"), port);
        closeWith(context, broker);
        context.getPropertiesComponent().addOverrideProperty("kafka.brokers", broker.bootstrapServers());
        return broker;
    }

    /** Names this process as holder of the event publisher lease; unset, a fresh id per start. */
    @BindToRegistry("instanceId")
    public String instanceId(CamelContext context,
            @PropertyInject(value = "instance.id", defaultValue = "") String configured) {
        String id = configured.isBlank() ? UUID.randomUUID().toString() : configured;
        context.getPropertiesComponent().addOverrideProperty("instance.id", id);
        return id;
    }

    @BindToRegistry("cloudEventRecords")
    public CloudEventRecords cloudEventRecords(ObjectMapper json) {
        return new CloudEventRecords(json);
    }

    // --- unsubscribe and suppressions ---

    @BindToRegistry("unsubscribeRequests")
    public UnsubscribeRequests unsubscribeRequests(MessageTokens tokens) {
        return new UnsubscribeRequests(tokens);
    }

    @BindToRegistry("suppressionViews")
    public SuppressionViews suppressionViews(Pages pages) {
        return new SuppressionViews(pages);
    }

    @BindToRegistry("deliveryReports")
    public DeliveryReportMatcher deliveryReports(MessageTokens tokens, ObjectMapper json) {
        return new DeliveryReportMatcher(tokens, json);
    }

    @BindToRegistry("engagementRequests")
    public EngagementRequests engagementRequests(MessageTokens tokens) {
        return new EngagementRequests(tokens);
    }

    @BindToRegistry("analyticsRequests")
    public AnalyticsRequests analyticsRequests() {
        return new AnalyticsRequests();
    }

    // --- inbound ---

    @BindToRegistry("inboundParser")
    public InboundParser inboundParser(MessageTokens tokens,
            @PropertyInject(value = "inbound.max-depth", defaultValue = "50") int maxDepth,
            @PropertyInject(value = "inbound.max-parts", defaultValue = "1000") int maxParts,
            @PropertyInject(value = "inbound.max-bytes", defaultValue = "52428800") long maxBytes,
            @PropertyInject(value = "inbound.max-header-bytes", defaultValue = "262144") int maxHeaderBytes,
            @PropertyInject(value = "inbound.max-body-bytes", defaultValue = "1048576") int maxBodyBytes) {
        return new InboundParser(new MimeWalk(new MimeWalk.Limits(maxDepth, maxParts, maxBytes, maxHeaderBytes,
                maxBodyBytes)), tokens);
    }

    /** Where a drained message's bytes wait while it is walked and stored: memory up to a bound, then files. */
    @BindToRegistry("inboundSpooler")
    public Spooler inboundSpooler(
            @PropertyInject(value = "inbound.spool-dir", defaultValue = "") String spoolDir,
            @PropertyInject(value = "inbound.spool-memory-bytes", defaultValue = "1048576") long memoryBytes,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        return new Spooler(spoolDir.isBlank() ? Path.of(dataDir, "spool", "inbound") : Path.of(spoolDir), memoryBytes);
    }

    @BindToRegistry("inboundStore")
    public InboundStore inboundStore(DataSource dataSource) {
        return new InboundStore(dataSource);
    }

    @BindToRegistry("blobReader")
    public BlobReader blobReader(DataSource dataSource) {
        return new BlobReader(dataSource);
    }

    @BindToRegistry("inboundViews")
    public InboundViews inboundViews(Pages pages) {
        return new InboundViews(pages);
    }

    // --- developer console ---

    @BindToRegistry("consoleAssets")
    public ConsoleAssets consoleAssets() {
        return new ConsoleAssets();
    }

    /**
     * camel-mail's {@code smtp:} component, carrying the relay credentials only when there are any: an empty
     * user name would still make it try AUTH, which a relay without authentication refuses. Its endpoints keep an
     * SMTP connection open per dispatch thread (idle for at most smtp.connection-max-idle-ms).
     */
    @BindToRegistry("smtp")
    public MailComponent smtpComponent(@PropertyInject(value = "smtp.username", defaultValue = "") String username,
            @PropertyInject(value = "smtp.password", defaultValue = "") String password,
            @PropertyInject(value = "smtp.connection-max-idle-ms", defaultValue = "30000") long maxIdleMs) {
        MailComponent component = new MailComponent();
        component.setConfiguration(new ReusedConnectionsMailConfiguration(maxIdleMs));
        if (!username.isBlank()) {
            component.getConfiguration().setUsername(username);
            component.getConfiguration().setPassword(password);
        }
        return component;
    }

    @BindToRegistry("outboundMime")
    public OutboundMime outboundMime(SecretBox secretBox, MessageTokens tokens,
            @PropertyInject(value = "platform.public-base-url", defaultValue = "http://localhost:8080") String baseUrl,
            @PropertyInject(value = "outbound.spool-dir", defaultValue = "") String spoolDir,
            @PropertyInject(value = "data.dir", defaultValue = ".data") String dataDir) {
        Path spool = spoolDir.isBlank() ? Path.of(dataDir, "spool") : Path.of(spoolDir);
        return new OutboundMime(secretBox, tokens, baseUrl, spool);
    }

    @BindToRegistry("dispatchOutcomes")
    public DispatchOutcomes dispatchOutcomes(ObjectMapper json,
            @PropertyInject(value = "smtp.retry.max-attempts", defaultValue = "8") int maxAttempts,
            @PropertyInject(value = "smtp.retry.initial-delay-ms", defaultValue = "60000") long initialDelayMs,
            @PropertyInject(value = "smtp.retry.max-delay-ms", defaultValue = "3600000") long maxDelayMs,
            @PropertyInject(value = "smtp.retry.max-age-minutes", defaultValue = "2880") long maxAgeMinutes) {
        return new DispatchOutcomes(new RetrySchedule(maxAttempts, Duration.ofMillis(initialDelayMs),
                Duration.ofMillis(maxDelayMs), Duration.ofMinutes(maxAgeMinutes)), json);
    }

    @BindToRegistry("apiRateLimits")
    public ApiRateLimits apiRateLimits(
            @PropertyInject(value = "api.rate-per-key", defaultValue = "100") double ratePerSecond,
            @PropertyInject(value = "api.burst-per-key", defaultValue = "200") double burst) {
        return new ApiRateLimits(new TokenBuckets<>(ratePerSecond, burst));
    }

    @BindToRegistry("sendRateLimiter")
    public SendRateLimiter sendRateLimiter(
            @PropertyInject(value = "dispatch.rate-per-setup", defaultValue = "500") double ratePerSecond,
            @PropertyInject(value = "dispatch.burst-per-setup", defaultValue = "500") double burst) {
        return new SendRateLimiter(ratePerSecond, burst);
    }

    @BindToRegistry("dispatchWindow")
    public DispatchWindow dispatchWindow(
            @PropertyInject(value = "dispatch.max-claimed", defaultValue = "200") int maxClaimed) {
        return new DispatchWindow(maxClaimed);
    }

    @BindToRegistry("dispatchPool")
    public ExecutorService dispatchPool(CamelContext context,
            @PropertyInject(value = "dispatch.concurrency", defaultValue = "4") int concurrency) {
        ExecutorService pool = context.getExecutorServiceManager().newFixedThreadPool(this, "outbound-dispatch",
                concurrency);
        return pool;
    }

    /** secrets.key, or the local one of the default run: resolved once for the beans that derive keys from it. */
    private synchronized String secretsKey(String configured, String dataDir) {
        if (secretsKey == null) {
            secretsKey = LocalSecrets.configuredOrLocal(configured, Path.of(dataDir), "secrets.key", "secrets.key");
        }
        return secretsKey;
    }

    private static void closeWith(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not tie " + resource + " to the Camel lifecycle", e);
        }
    }
}
