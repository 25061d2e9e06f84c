package dev.junctionmq.broker.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

/**
 * The server side of TLS for every front end: one Netty {@link SslContext} built from {@link TlsSettings}, and the
 * pipeline that puts TLS in front of a front end's own handlers, so no front end has TLS code of its own.
 */
public final class ServerTls {

    private final SslContext context;
    private final Duration handshakeTimeout;

    private ServerTls(SslContext context, Duration handshakeTimeout) {
        this.context = context;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Loads the key store (and trust store) now, so that a wrong path or password stops the broker at start-up
     * with a message naming the file, not at the first client.
     *
     * @param handshakeTimeout how long a client may take to finish the TLS handshake
     */
    public static ServerTls create(TlsSettings settings, Duration handshakeTimeout) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(settings.keyStore(), settings.keyStoreType(), settings.keyStorePassword()),
                    settings.keyStorePassword());
            SslContextBuilder builder = SslContextBuilder.forServer(keys)
                    .clientAuth(switch (settings.clientAuth()) {
                        case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                        case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                        case REQUIRED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                    });
            if (settings.trustStore() != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.trustStore(), settings.keyStoreType(), settings.trustStorePassword()));
                builder.trustManager(trust);
            }
            if (!settings.protocols().isEmpty()) {
                builder.protocols(settings.protocols());
            }
            return new ServerTls(builder.build(), handshakeTimeout);
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS with " + settings + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String type, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException e) {
            // Also a wrong password: PKCS12 reports it as an IOException.
            throw new IllegalArgumentException("cannot read key store " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An initializer that adds TLS and then the front end's own pipeline ({@code plain}) behind it. */
    public ChannelInitializer<SocketChannel> wrap(ChannelInitializer<SocketChannel> plain) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                addTo(channel);
                channel.pipeline().addLast("frontend", (ChannelHandler) plain);
            }
        };
    }

    /** Puts TLS (and the logging of failed handshakes) at the head of a new connection's pipeline. */
    public void addTo(Channel channel) {
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        channel.pipeline().addFirst("tls-failures", new TlsHandshakeFailures()).addFirst("tls", tls);
    }
}
