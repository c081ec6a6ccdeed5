package com.emailchannel.inbound;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bytes written once and then read any number of times: kept in memory while the {@link MessageSpool} they belong
 * to has memory left, moved to a temporary file of that spool as soon as it has not. Their length is counted as
 * they are written, and so is the SHA-256 of what goes to a file (a file is never read again just for its hash).
 *
 * <p>Write, {@link #close()} (the writing side), then {@link #openStream()}, {@link #size()}, {@link #sha256()}.
 * The file goes when the spool is closed.
 */
public final class SpooledContent extends OutputStream {

    /** The first block in memory; each next one twice the last, up to {@link #MAX_BLOCK}: small content stays small. */
    private static final int FIRST_BLOCK = 8 * 1024;
    private static final int MAX_BLOCK = 256 * 1024;

    private final MessageSpool spool;
    /** Fed as content goes to the file (memory is hashed when the content moves there, or when asked). */
    private final MessageDigest digest;
    /** Content in memory: blocks filled in order (no copying as it grows); all full but the last. */
    private final List<byte[]> blocks = new ArrayList<>();
    private int lastBlockUsed;
    private long size;
    private Path file;
    private OutputStream fileOut;
    private boolean closed;
    private byte[] sha256;

    SpooledContent(MessageSpool spool) {
        this.spool = spool;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("spooled content already closed for writing");
        }
        if (length == 0) {
            return;
        }
        if (fileOut == null && !spool.reserveMemory(length)) {
            toFile();
        }
        if (fileOut != null) {
            digest.update(bytes, offset, length);
            fileOut.write(bytes, offset, length);
        } else {
            toMemory(bytes, offset, length);
        }
        size += length;
    }

    /** Ends writing: the content is complete, its length and hash final. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (fileOut != null) {
                sha256 = digest.digest();
                fileOut.close();
            }
        }
    }

    /** Writes everything {@code in} holds and {@linkplain #close() ends writing}; answers this. */
    public SpooledContent writeAll(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            write(buffer, 0, n);
        }
        close();
        return this;
    }

    public long size() {
        return size;
    }

    /**
     * The SHA-256 of the content; available once writing ended. Content that went to a file was hashed as it was
     * written; content in memory is hashed when asked (most walked content is never asked: body text is not
     * spooled, and a walk that is not stored needs no hashes).
     */
    public byte[] sha256() {
        if (!closed) {
            throw new IllegalStateException("still being written");
        }
        if (sha256 == null) {
            for (int i = 0; i < blocks.size(); i++) {
                digest.update(blocks.get(i), 0, i == blocks.size() - 1 ? lastBlockUsed : blocks.get(i).length);
            }
            sha256 = digest.digest();
        }
        return sha256.clone();
    }

    /** Whether the content is held in memory (else in a file of the spool). */
    public boolean inMemory() {
        return file == null;
    }

    public InputStream openStream() throws IOException {
        if (file == null) {
            List<InputStream> streams = new ArrayList<>(blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                streams.add(new ByteArrayInputStream(blocks.get(i), 0,
                        i == blocks.size() - 1 ? lastBlockUsed : blocks.get(i).length));
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }
        return Files.newInputStream(file);
    }

    /** At most the first {@code max} bytes. */
    public byte[] head(int max) throws IOException {
        try (InputStream in = openStream()) {
            return in.readNBytes((int) Math.min(size, max));
        }
    }

    /** All the bytes, in a new array: for small content and tests, not for what may be large. */
    public byte[] bytes() {
        try {
            return head(Math.toIntExact(size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void toMemory(byte[] bytes, int offset, int length) {
        while (length > 0) {
            byte[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last == null || lastBlockUsed == last.length) {
                last = new byte[last == null ? FIRST_BLOCK : Math.min(last.length * 2, MAX_BLOCK)];
                blocks.add(last);
                lastBlockUsed = 0;
            }
            int n = Math.min(length, last.length - lastBlockUsed);
            System.arraycopy(bytes, offset, last, lastBlockUsed, n);
            lastBlockUsed += n;
            offset += n;
            length -= n;
        }
    }

    /** The memory the spool allowed is used up: what is in memory moves to a file, and the rest goes there. */
    private void toFile() throws IOException {
        file = spool.newFile();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        fileOut = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        for (int i = 0; i < blocks.size(); i++) {
            int length = i == blocks.size() - 1 ? lastBlockUsed : blocks.get(i).length;
            digest.update(blocks.get(i), 0, length);
            fileOut.write(blocks.get(i), 0, length);
        }
        spool.releaseMemory(size);
        blocks.clear();
    }

    void delete() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
