package com.emailchannel.db;

import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.StreamCache;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;

/**
 * camel-sql's named parameters ({@code :#name}, {@code :#${expression}}) with the parsing done once per statement.
 * camel-sql's own strategy re-parses the statement with regular expressions, converts the body to a map twice and
 * copies the whole exchange for every {@code ${...}} parameter, on every call: on the acceptance path that was a
 * fifth of the request's CPU. Values resolve as camel-sql resolves them: a key of the body map, else a header,
 * else a variable, else an error naming the key; {@code ${...}} is a Simple expression over the exchange. A body
 * that is text, bytes or a stream has no keys. Anything this class does not cover (an {@code in:} list, a body of
 * another type, batch items) goes to camel-sql's own.
 */
public final class NamedSqlParameters extends DefaultSqlPrepareStatementStrategy {

    /** Statements come from the routes, so a few hundred at most; beyond that nothing more is cached. */
    private static final int MAX_CACHED = 2048;

    private final Map<String, String> prepared = new ConcurrentHashMap<>();
    private final Map<String, List<String>> names = new ConcurrentHashMap<>();
    private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

    @Override
    public String prepareQuery(String query, boolean allowNamedParameters, Exchange exchange) throws SQLException {
        if (!allowNamedParameters || query.contains(":?in:")) {
            return super.prepareQuery(query, allowNamedParameters, exchange);
        }
        String answer = prepared.get(query);
        if (answer == null) {
            answer = super.prepareQuery(query, true, exchange);
            if (prepared.size() < MAX_CACHED) {
                prepared.put(query, answer);
            }
        }
        return answer;
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams,
            Exchange exchange, Object value) throws SQLException {
        if (query.contains(":?in:") || !(value == null || value instanceof Map || isOpaque(value))
                || value != exchange.getMessage().getBody()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        List<String> params = names.get(query);
        if (params == null) {
            params = parameterNames(query);
            if (names.size() < MAX_CACHED) {
                names.put(query, params);
            }
        }
        if (params.isEmpty()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        Map<?, ?> body = value instanceof Map<?, ?> map ? map : null;
        List<Object> values = new ArrayList<>(params.size());
        for (String name : params) {
            values.add(lookup(name, query, exchange, body));
        }
        return values.iterator();
    }

    private Object lookup(String name, String query, Exchange exchange, Map<?, ?> body) {
        if (name.startsWith("${") || name.startsWith("$simple{")) {
            Expression expression = expressions.get(name);
            if (expression == null) {
                expression = exchange.getContext().resolveLanguage("simple").createExpression(name);
                if (expressions.size() < MAX_CACHED) {
                    expressions.put(name, expression);
                }
            }
            return expression.evaluate(exchange, Object.class);
        }
        if (body != null && body.containsKey(name)) {
            return body.get(name);
        }
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        if (headers.containsKey(name)) {
            return headers.get(name);
        }
        if (exchange.hasVariables() && exchange.getVariables().containsKey(name)) {
            return exchange.getVariables().get(name);
        }
        throw new RuntimeExchangeException("Cannot find key [" + name
                + "] in message body or headers to use when setting named parameter in query [" + query + "]", exchange);
    }

    /**
     * A body no type converter turns into a map (a request body not parsed yet, as on the authentication step):
     * camel-sql would ask the converter registry, which scans every converter before giving up, per parameter.
     */
    private static boolean isOpaque(Object value) {
        return value instanceof CharSequence || value instanceof byte[] || value instanceof InputStream
                || value instanceof Reader || value instanceof StreamCache;
    }

    /**
     * The names after each {@code :?} in order: a word, or a {@code ${...}} / {@code $simple{...}} expression with its
     * braces balanced (expressions nest, e.g. {@code ${body[${header.key}]}}); found wherever camel-sql finds them,
     * quotes included, so the count matches the statement it prepares.
     */
    static List<String> parameterNames(String query) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < query.length(); i++) {
            if (query.charAt(i) != ':' || i + 1 >= query.length() || query.charAt(i + 1) != '?') {
                continue;
            }
            int start = i + 2;
            int end = start;
            if (query.startsWith("${", start) || query.startsWith("$simple{", start)) {
                int depth = 0;
                end = query.indexOf('{', start);
                do {
                    char d = query.charAt(end);
                    depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                    end++;
                } while (depth > 0 && end < query.length());
                if (depth > 0) {
                    throw new IllegalArgumentException("unbalanced braces in parameter at " + i + " of " + query);
                }
            } else {
                while (end < query.length() && isWordChar(query.charAt(end))) {
                    end++;
                }
            }
            if (end > start) {
                found.add(query.substring(start, end));
            }
            i = end - 1;
        }
        return found;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
