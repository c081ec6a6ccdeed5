package com.emailchannel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real server: counts the connections made through it and can cut every
 * open one at once, as a network or a server dropping them mid-conversation would. With a reply delay, whatever
 * the server writes reaches the client that much later (a slow relay: every SMTP reply takes that long).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final long replyDelayMillis;

    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, 0);
    }

    public TcpProxy(int targetPort, long replyDelayMillis) throws IOException {
        this.replyDelayMillis = replyDelayMillis;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.incrementAndGet();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(client);
                    open.add(target);
                    pipe(client.getInputStream(), target.getOutputStream(), 0);
                    pipe(target.getInputStream(), client.getOutputStream(), replyDelayMillis);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(InputStream in, OutputStream out, long delayMillis) {
        Thread thread = new Thread(() -> {
            try (in; out) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed or was cut
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** Closes every connection open through the proxy; new ones are still accepted. */
    public void cutAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
