package taskmaster.management;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HTTP basic authentication against one user and password, compared in constant time (a CORS
 * preflight, which carries no credentials, never gets here: the {@link RequestGuard} answers it).
 */
final class PasswordAuthenticator extends BasicAuthenticator {

    static final String REALM = "jolokia";
    private final byte[] expected;

    PasswordAuthenticator(String user, String password) {
        super(REALM, StandardCharsets.UTF_8);
        this.expected = digest(user, password);
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        return MessageDigest.isEqual(expected, digest(user, password));
    }

    /** Digests of equal length, so that the comparison tells nothing about the password's length. */
    private static byte[] digest(String user, String password) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(user.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            return d.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
