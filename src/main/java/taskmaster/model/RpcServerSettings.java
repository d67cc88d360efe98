package taskmaster.model;

import java.nio.file.Path;

/**
 * supervisord's {@code [unix_http_server]} and {@code [inet_http_server]}: where supervisord's XML-RPC
 * interface is served (supervisorctl and the dashboards use it). Neither section: nothing is opened.
 *
 * @param unix the unix socket; null when the file has no {@code [unix_http_server]}
 * @param inet the TCP listener; null when the file has no {@code [inet_http_server]}
 */
public record RpcServerSettings(Unix unix, Inet inet) {

    public static final RpcServerSettings NONE = new RpcServerSettings(null, null);

    /**
     * The URL a child is given as {@code SUPERVISOR_SERVER_URL} when its {@code serverurl} is
     * AUTO, derived as supervisord derives it: the unix socket first, else the inet server
     * ({@code localhost} for every interface). Empty without a server, or on port 0, whose port
     * is only known once bound.
     */
    public java.util.Optional<String> autoUrl() {
        if (unix != null) {
            return java.util.Optional.of("unix://" + unix.file());
        }
        if (inet != null && inet.port() != 0) {
            return java.util.Optional.of(
                    "http://" + (inet.host().isEmpty() ? "localhost" : inet.host()) + ":" + inet.port());
        }
        return java.util.Optional.empty();
    }

    /** Whether anything is to be served. */
    public boolean any() {
        return unix != null || inet != null;
    }

    /**
     * {@code [unix_http_server]}.
     *
     * @param file        the socket's path, absolute
     * @param chmod       the socket's mode (supervisord's default 0700: only the daemon's user may connect)
     * @param chownUser   the socket's owner, a name or uid; null: the daemon's user
     * @param chownGroup  the socket's group, a name or gid; null: the owner's as created
     * @param credentials null: no authentication (the mode decides who may connect)
     */
    public record Unix(Path file, int chmod, String chownUser, String chownGroup, Credentials credentials) {}

    /**
     * {@code [inet_http_server]}.
     *
     * @param host        the address to bind, lower case; "" for every interface (supervisord's {@code port = 9001})
     * @param port        0 picks a free port
     * @param credentials null: no authentication (loopback only)
     */
    public record Inet(String host, int port, Credentials credentials) {}

    /**
     * HTTP basic authentication, as supervisord checks it.
     *
     * @param password the password, or {@code {SHA}} and the hex SHA-1 of the password
     */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]"; // never the password
        }
    }
}
