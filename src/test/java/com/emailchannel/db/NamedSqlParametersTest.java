package com.emailchannel.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.converter.stream.ByteArrayInputStreamCache;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class NamedSqlParametersTest {

    @Test
    void namesInStatementOrderWithRepeatsAndExpressions() {
        assertEquals(List.of("id", "workspaceId", "${exchangeProperty.claim[message_id]}", "id"),
                NamedSqlParameters.parameterNames("select * from m where id = :?id and w = :?workspaceId"
                        + " and x = :?${exchangeProperty.claim[message_id]} or y = cast(:?id as uuid)"));
    }

    @Test
    void nestedExpressionsAndSimplePrefixKeepTheirBraces() {
        assertEquals(List.of("${body[${header.key}]}", "$simple{header.n}", "n_2"),
                NamedSqlParameters.parameterNames("values (:?${body[${header.key}]}, :?$simple{header.n}, :?n_2)"));
    }

    @Test
    void postgresCastsAndPlainColonsAreNotParameters() {
        assertEquals(List.of("a"), NamedSqlParameters.parameterNames(
                "select now()::text, '10:30', x from t where a = :?a and b = ?::int"));
    }

    @Test
    void anUnclosedExpressionIsRefusedNotGuessed() {
        assertThrows(IllegalArgumentException.class,
                () -> NamedSqlParameters.parameterNames("select :?${body[x] from t"));
    }

    private static final String QUERY = "select workspace_id from api_keys where key_hash = :?${exchangeProperty.hash}"
            + " and id = :?keyId and n = :?n";

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("hash", "abc");
        exchange.getMessage().setHeader("keyId", "k-1");
        exchange.getMessage().setHeader("n", 3);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static List<Object> values(DefaultSqlPrepareStatementStrategy strategy, Exchange exchange) throws Exception {
        String prepared = strategy.prepareQuery(QUERY, true, exchange);
        Iterator<?> it = strategy.createPopulateIterator(QUERY, prepared, 3, exchange, exchange.getMessage().getBody());
        List<Object> values = new ArrayList<>();
        it.forEachRemaining(values::add);
        return values;
    }

    @Test
    void aTextOrStreamBodyHasNoKeysAndTheValuesAreCamelSqlsOwn() throws Exception {
        for (Object body : List.of("{\"keyId\":\"from-the-body\"}",
                new ByteArrayInputStreamCache(new java.io.ByteArrayInputStream(
                        "{\"n\":1}".getBytes(StandardCharsets.UTF_8))))) {
            List<Object> ours = values(new NamedSqlParameters(), exchange(body));
            assertEquals(List.of("abc", "k-1", 3), ours);
            assertEquals(values(new DefaultSqlPrepareStatementStrategy(), exchange(body)), ours);
        }
    }

    @Test
    void aMapBodyComesBeforeTheHeadersAsInCamelSql() throws Exception {
        Map<String, Object> body = Map.of("keyId", "from-the-body");
        assertEquals(List.of("abc", "from-the-body", 3), values(new NamedSqlParameters(), exchange(body)));
        assertEquals(values(new DefaultSqlPrepareStatementStrategy(), exchange(body)),
                values(new NamedSqlParameters(), exchange(body)));
    }

    @Test
    void aNameFoundNowhereIsAnErrorNamingIt() {
        Exchange exchange = exchange("text");
        exchange.getMessage().removeHeader("n");
        RuntimeExchangeException e = assertThrows(RuntimeExchangeException.class,
                () -> values(new NamedSqlParameters(), exchange));
        org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("[n]");
    }
}
