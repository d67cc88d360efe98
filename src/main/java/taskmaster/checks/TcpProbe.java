package taskmaster.checks;

/** {@code tcp:[HOST:]PORT}: a connect succeeds; the connection is closed at once, nothing is sent. */
final class TcpProbe extends SocketProbe {
    TcpProbe(ProbeLoop loop, String host, int port, long timeoutMillis) {
        super(loop, host, port, timeoutMillis);
    }

    @Override
    void connected() {
        succeed("connected");
    }
}
