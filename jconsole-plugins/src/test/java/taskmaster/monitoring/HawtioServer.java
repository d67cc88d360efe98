package taskmaster.monitoring;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The JVM that serves Hawtio for {@link Hawtio}: Jetty 12 ee10 on 127.0.0.1 and a port of its
 * choosing, the exploded {@code hawtio-default} WAR at {@code /hawtio}. It prints the URL it serves
 * and stops when its stdin closes, so it never outlives the test that reads its output.
 *
 * <p>Its own JVM because the WAR bundles Jolokia 2.1 and log4j, which must not meet the test's
 * Jolokia 2.6 through the webapp class loader's parent; this JVM's classpath holds only Jetty's jars.
 */
public final class HawtioServer {

    static final String SERVING = "hawtio: serving ";

    private HawtioServer() {}

    /** {@code HawtioServer <exploded war> <work folder>}. */
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(args[0]);
        hawtio.setTempDirectory(Path.of(args[1]).toFile());
        // a Hawtio that fails to deploy must fail the start, not answer 503 to the browser
        hawtio.setThrowUnavailableOnStartupException(true);
        server.setHandler(hawtio);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println(SERVING + "http://127.0.0.1:" + http.getLocalPort() + "/hawtio");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes the pipe (or dies)
        }
        server.stop();
        System.exit(0);
    }
}
