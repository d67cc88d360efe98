package taskmaster.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import taskmaster.model.RpcServerSettings.Credentials;

/**
 * HTTP basic authentication as supervisord checks it: the configured user, and the password in
 * clear or, when the configured one starts with {@code {SHA}}, the hex SHA-1 of the one given.
 * Compared in constant time, on digests of equal length, so that timing tells nothing of either.
 */
final class BasicAuth {

    static final String SHA = "{SHA}";

    /** supervisord's realm (medusa's auth_handler default). */
    static final String CHALLENGE = "Basic realm=\"default\"";

    private final byte[] user;
    private final byte[] password;
    private final boolean sha;

    BasicAuth(Credentials c) {
        this.user = sha256(c.username());
        this.sha = c.password().startsWith(SHA);
        this.password = sha256(sha ? c.password().substring(SHA.length()).toLowerCase(Locale.ROOT) : c.password());
    }

    /** Whether an {@code Authorization} header value carries the configured user and password. */
    @SuppressWarnings("ShortCircuitBoolean") // both compared always: the time must not tell which one was wrong
    boolean accepts(String header) {
        if (header == null) {
            return false;
        }
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getMimeDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String given = decoded.substring(colon + 1);
        boolean userOk = MessageDigest.isEqual(user, sha256(decoded.substring(0, colon)));
        boolean passwordOk = MessageDigest.isEqual(password, sha256(sha ? sha1Hex(given) : given));
        return userOk & passwordOk;
    }

    static String sha1Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
