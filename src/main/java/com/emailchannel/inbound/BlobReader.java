package com.emailchannel.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Reads a stored attachment ({@code blobs}, by SHA-256) as a stream, one slice of at most 1 MB at a time
 * ({@code substring(content from … for …)}, which PostgreSQL answers from the slice's own TOAST chunks for content
 * it did not compress: the usual case for attachments, which are mostly compressed already). A 20 MB download
 * never has more than a slice in the heap; each slice borrows a pooled connection for its query only, so a slow
 * client holds no connection.
 */
public final class BlobReader {

    static final int SLICE = 1024 * 1024;

    private final DataSource dataSource;

    public BlobReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The {@code size} bytes of the blob {@code sha256}, read as they are consumed. */
    public InputStream open(byte[] sha256, long size) {
        return new Slices(sha256.clone(), size);
    }

    private byte[] slice(byte[] sha256, long from, int length) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select substring(content from ? for ?) from blobs where sha256 = ?")) {
            // binary transfer from the first execution: the slice comes as bytes, not as hex text twice its size
            query.unwrap(PGStatement.class).setPrepareThreshold(-1);
            query.setInt(1, Math.toIntExact(from + 1));
            query.setInt(2, length);
            query.setBytes(3, sha256);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IOException("blob no longer stored");
                }
                return row.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IOException("reading a stored attachment failed: " + e.getMessage(), e);
        }
    }

    private final class Slices extends InputStream {
        private final byte[] sha256;
        private final long size;
        private long position;
        private byte[] slice = new byte[0];
        private int offset;

        Slices(byte[] sha256, long size) {
            this.sha256 = sha256;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int at, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (offset == slice.length) {
                if (position >= size) {
                    return -1;
                }
                slice = slice(sha256, position, (int) Math.min(SLICE, size - position));
                offset = 0;
                if (slice.length == 0) {
                    throw new IOException("stored attachment shorter than its recorded size");
                }
                position += slice.length;
            }
            int n = Math.min(length, slice.length - offset);
            System.arraycopy(slice, offset, into, at, n);
            offset += n;
            return n;
        }

        @Override
        public int available() {
            return slice.length - offset;
        }
    }
}
