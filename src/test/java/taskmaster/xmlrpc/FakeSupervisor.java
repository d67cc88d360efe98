package taskmaster.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A method table for the transport's tests: {@code echo}, a method that throws, and supervisord's
 * log methods over in-memory logs with supervisord's own offset arithmetic (tailFile, readFile),
 * so the tails are tested against what the real table must answer.
 */
final class FakeSupervisor implements RpcDispatcher {

    final AtomicInteger tailCalls = new AtomicInteger();
    final AtomicInteger readLogCalls = new AtomicInteger();
    private byte[] stdout = new byte[0];
    private byte[] mainLog = new byte[0];

    synchronized void appendStdout(String s) {
        stdout = concat(stdout, s.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void truncateStdout() {
        stdout = new byte[0];
    }

    synchronized void appendMainLog(String s) {
        mainLog = concat(mainLog, s.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void truncateMainLog() {
        mainLog = new byte[0];
    }

    @Override
    public synchronized Object call(String method, List<Object> params) throws RpcFault {
        return switch (method) {
            case "echo" -> params;
            case "supervisor.getVersion" -> "3.0";
            case "boom" -> throw new IllegalStateException("secret detail of the failure");
            case "supervisor.getProcessInfo" -> info((String) params.getFirst());
            case "supervisor.tailProcessStdoutLog" -> {
                name(params);
                tailCalls.incrementAndGet();
                yield tailFile(stdout, (Integer) params.get(1), (Integer) params.get(2));
            }
            case "supervisor.tailProcessStderrLog" -> {
                name(params);
                yield tailFile(new byte[0], (Integer) params.get(1), (Integer) params.get(2));
            }
            case "supervisor.readLog" -> {
                readLogCalls.incrementAndGet();
                yield readFile(mainLog, (Integer) params.get(0), (Integer) params.get(1));
            }
            default -> throw new RpcFault(1, "UNKNOWN_METHOD");
        };
    }

    private static void name(List<Object> params) throws RpcFault {
        if (!"web".equals(params.getFirst())) {
            throw new RpcFault(10, "BAD_NAME: " + params.getFirst());
        }
    }

    private static Map<String, Object> info(String name) throws RpcFault {
        if (!name.equals("web") && !name.equals("quiet")) {
            throw new RpcFault(10, "BAD_NAME: " + name);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("stdout_logfile", name.equals("web") ? "/logs/web.out" : "");
        m.put("stderr_logfile", name.equals("web") ? "/logs/web.err" : "");
        return m;
    }

    /** supervisord's options.tailFile. */
    static List<Object> tailFile(byte[] file, int offset, int length) {
        boolean overflow = false;
        int sz = file.length;
        if (sz > offset + length) {
            overflow = true;
            offset = sz - 1;
        }
        if (offset + length > sz) {
            if (offset > sz - 1) {
                length = 0;
            }
            offset = sz - length;
        }
        offset = Math.max(0, offset);
        length = Math.max(0, length);
        byte[] data = length == 0 ? new byte[0] : Arrays.copyOfRange(file, offset, Math.min(sz, offset + length));
        return List.of(new String(data, StandardCharsets.UTF_8), sz, overflow);
    }

    /** supervisord's options.readFile, as readLog answers it. */
    static String readFile(byte[] file, int offset, int length) throws RpcFault {
        int from;
        int to;
        if (offset < 0) {
            if (length != 0) {
                throw new RpcFault(3, "BAD_ARGUMENTS");
            }
            from = Math.max(0, file.length + offset);
            to = file.length;
        } else {
            if (length < 0) {
                throw new RpcFault(3, "BAD_ARGUMENTS");
            }
            from = Math.min(offset, file.length);
            to = length == 0 ? file.length : Math.min(file.length, offset + length);
        }
        return new String(Arrays.copyOfRange(file, from, Math.max(from, to)), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
