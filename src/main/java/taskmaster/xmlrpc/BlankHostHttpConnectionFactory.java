package taskmaster.xmlrpc;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 for the unix socket, where a blank {@code Host} is read as {@code localhost}.
 * supervisorctl's {@code tail -f} sends {@code Host: } with nothing after it over a unix socket (its
 * URL, {@code unix:///path}, has no authority, for which RFC 9110 prescribes an empty Host), and
 * Jetty refuses a blank Host with 400 whatever its compliance mode. Jetty offers no switch for it,
 * so the parsed header is replaced before Jetty checks it; the stream class is Jetty's internal
 * one, which the pinned version fixes. Only the unix listener uses this: no browser reaches it,
 * and its Host is never checked.
 */
final class BlankHostHttpConnectionFactory extends HttpConnectionFactory {

    private static final HttpField LOCALHOST = new HostPortHttpField("localhost");

    BlankHostHttpConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
                return new HttpStreamOverHTTP1(method, uri, version) {
                    @Override
                    public void parsedHeader(HttpField field) {
                        boolean blankHost = field.getHeader() == HttpHeader.HOST
                                && (field.getValue() == null || field.getValue().isBlank());
                        super.parsedHeader(blankHost ? LOCALHOST : field);
                    }
                };
            }
        };
        return configure(connection, connector, endPoint);
    }
}
