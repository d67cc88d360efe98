package taskmaster.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a load depends on besides the files, injectable so that tests are deterministic.
 *
 * @param env                 the daemon's environment, for {@code %(ENV_X)s}
 * @param users               account lookup, for {@code user}
 * @param currentUid          the daemon's uid: only root may run programs as another user
 * @param hostNodeName        {@code %(host_node_name)s}
 * @param defaultChildLogDir  {@code childlogdir} when not set
 */
public record LoaderInputs(
        Map<String, String> env, UserDirectory users, int currentUid, String hostNodeName, Path defaultChildLogDir) {

    public LoaderInputs {
        env = Map.copyOf(env);
    }

    public boolean isRoot() {
        return currentUid == 0;
    }

    /** This JVM's environment, uid, host name and temp dir, and the accounts of /etc. */
    public static LoaderInputs system() {
        return new LoaderInputs(
                System.getenv(),
                UserDirectory.system(),
                (int) new com.sun.security.auth.module.UnixSystem().getUid(),
                hostName(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** uname's node name, as Python's platform.node() gives it to supervisord. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "localhost";
            }
        }
    }
}
