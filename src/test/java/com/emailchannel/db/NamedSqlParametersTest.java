package com.emailchannel.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
}
