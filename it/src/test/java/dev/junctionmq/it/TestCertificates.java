package dev.junctionmq.it;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed key stores for TLS tests, made with the JDK's own {@code keytool}: a server certificate for
 * {@code localhost}/127.0.0.1, a client certificate, and a trust store for each side holding the other's.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit-for-tests";

    public final Path serverKeyStore;
    public final Path serverTrustStore;
    public final Path clientKeyStore;
    public final Path clientTrustStore;

    private TestCertificates(Path dir) {
        this.serverKeyStore = dir.resolve("server.p12");
        this.serverTrustStore = dir.resolve("server-trusts.p12");
        this.clientKeyStore = dir.resolve("client.p12");
        this.clientTrustStore = dir.resolve("client-trusts.p12");
    }

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates certificates = new TestCertificates(dir);
        certificates.keyPair(certificates.serverKeyStore, "broker", "CN=localhost",
                "san=dns:localhost,ip:127.0.0.1");
        certificates.keyPair(certificates.clientKeyStore, "client", "CN=test-client", null);
        certificates.trust(certificates.serverKeyStore, "broker", certificates.clientTrustStore, dir);
        certificates.trust(certificates.clientKeyStore, "client", certificates.serverTrustStore, dir);
        return certificates;
    }

    /** A client-side context that trusts the broker, presenting the client certificate if {@code withClientCert}. */
    public SSLContext clientContext(boolean withClientCert) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(clientTrustStore));
        KeyManagerFactory keys = null;
        if (withClientCert) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeyStore), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        }
    }

    private void keyPair(Path store, String alias, String name, String extension)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", name, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        keytool(command);
    }

    private void trust(Path keyStore, String alias, Path trustStore, Path dir)
            throws IOException, InterruptedException {
        Path certificate = dir.resolve(alias + ".cer");
        keytool(List.of("-exportcert", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD));
    }

    private static void keytool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + arguments.get(0) + " failed: " + output);
        }
    }
}
