package taskmaster.management;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HTTP basic authentication against one user and password, compared in constant time. A CORS
 * preflight ({@code OPTIONS}) passes without credentials, as browsers send none with it: Jolokia
 * answers it with headers only and touches no MBean, and the {@link RequestGuard} has already
 * refused every origin not allowed.
 */
final class PasswordAuthenticator extends BasicAuthenticator {

    static final String REALM = "jolokia";
    private final byte[] expected;

    PasswordAuthenticator(String user, String password) {
        super(REALM, StandardCharsets.UTF_8);
        this.expected = digest(user, password);
    }

    @Override
    public Result authenticate(HttpExchange ex) {
        if (ex.getRequestMethod().equalsIgnoreCase("OPTIONS")) {
            return new Success(new HttpPrincipal("", REALM));
        }
        return super.authenticate(ex);
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
