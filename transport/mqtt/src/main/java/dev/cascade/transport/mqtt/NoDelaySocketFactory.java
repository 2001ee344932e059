package dev.cascade.transport.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY and a buffered input stream. Paho does not set TCP_NODELAY, which caps QoS 1 at
 * about a thousand messages a second with 20-40 ms latency (Nagle's algorithm against delayed ACKs); and it reads each
 * packet's fixed header straight from the socket one byte at a time, a system call per byte.
 */
final class NoDelaySocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
        Socket s = new BufferedSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = new Socket(host, port);
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new Socket(host, port, localHost, localPort);
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = new Socket(host, port);
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = new Socket(address, port, localAddress, localPort);
        s.setTcpNoDelay(true);
        return s;
    }

    /** A socket whose input stream reads ahead in 64 KiB blocks (Paho asks for it once per connection). */
    static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), 64 * 1024);
            }
            return in;
        }
    }
}
