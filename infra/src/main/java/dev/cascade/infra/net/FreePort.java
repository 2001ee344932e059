package dev.cascade.infra.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a TCP port on the loopback interface that is free right now. */
public final class FreePort {
    private FreePort() {}

    public static int pick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    /** {@code port} itself, or a free one when it is 0. */
    public static int orPick(int port) {
        return port == 0 ? pick() : port;
    }
}
