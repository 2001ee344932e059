package dev.cascade.bench.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP relay on a free loopback port in front of a broker, standing for the uplink: {@link #cut()} drops every
 * connection and refuses new ones (the broker stays up, as when a field link fails), {@link #restore()} lets
 * them through again. Counts the bytes sent towards the broker. Thread-safe; must be closed.
 */
public final class LinkCutter implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final LongAdder upstreamBytes = new LongAdder();
    private volatile boolean cut;
    private volatile boolean closed;

    /** Relays to {@code host:port}. */
    public LinkCutter(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "cascade-bench-link-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code tcp://127.0.0.1:<port>} of the relay. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                if (cut) {
                    in.close();
                    continue;
                }
                Socket out = new Socket();
                out.setTcpNoDelay(true);
                in.setTcpNoDelay(true);
                out.connect(target, 2000);
                open.add(in);
                open.add(out);
                pump(in, out, true);
                pump(out, in, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) >= 0) {
                    o.write(buf, 0, n);
                    o.flush();
                    if (upstream) {
                        upstreamBytes.add(n);
                    }
                }
            } catch (IOException e) {
                // the link was cut or one side went away
            } finally {
                quiet(from);
                quiet(to);
                open.remove(from);
                open.remove(to);
            }
        }, "cascade-bench-link-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            quiet(s);
        }
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
    }

    /** Bytes relayed towards the broker so far (MQTT framing, topics and properties included). */
    public long upstreamBytes() {
        return upstreamBytes.sum();
    }

    private static void quiet(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
