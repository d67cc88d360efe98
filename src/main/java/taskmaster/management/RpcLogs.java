package taskmaster.management;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import taskmaster.model.Output;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's {@code readFile} and {@code tailFile} ({@code supervisor.options}) on the log
 * files themselves, as supervisord reads them: by path, whatever process writes them.
 *
 * <p>One intended difference: a read returns at most {@link Logs#MAX_LENGTH} bytes (supervisord's
 * {@code readLog(0, 0)} returns the whole file, however large), so that one call cannot make the
 * daemon hold a 50 MB log in memory; a client reads on from where the answer ends.
 */
final class RpcLogs {

    private RpcLogs() {}

    /** The file a stream is written to; null when it is discarded or forwarded to the console. */
    static Path file(Output o) {
        return o instanceof Output.ToFile f ? f.path() : null;
    }

    /**
     * {@code readLog} and {@code readProcess*Log}: a negative offset reads that many bytes from the
     * end (length must then be 0); length 0 reads to the end.
     *
     * @throws RpcFault NO_FILE (with the path, bare when there is none) when the file does not exist,
     *                  BAD_ARGUMENTS for a negative length or a length with a negative offset, FAILED
     *                  when it cannot be read
     */
    static String read(Path file, int offset, int length) throws RpcFault {
        if (file == null) {
            throw RpcFaults.of(RpcFaults.NO_FILE);
        }
        if (!Files.exists(file)) {
            throw RpcFaults.of(RpcFaults.NO_FILE, file.toString());
        }
        if ((offset < 0 && length != 0) || length < 0) {
            throw RpcFaults.of(RpcFaults.BAD_ARGUMENTS);
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = c.size();
            long from;
            long n;
            if (offset < 0) {
                from = Math.max(0, size + offset);
                n = (long) -offset;
            } else {
                from = offset;
                n = length == 0 ? size : length;
            }
            return text(c, from, Math.min(n, Logs.MAX_LENGTH));
        } catch (IOException e) {
            throw RpcFaults.of(RpcFaults.FAILED);
        }
    }

    /**
     * {@code tailProcess*Log}: {@code [bytes, offset, overflow]}. When the file has grown beyond
     * {@code offset + length}, overflow is true and the bytes are the last {@code length}; the
     * offset returned is always the file's size. No file: {@code ['', 0, false]}.
     */
    static List<Object> tail(Path file, int offset, int length) {
        if (file == null || !Files.exists(file)) {
            return RpcStructs.list("", 0, false);
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long sz = c.size();
            long off = offset;
            long len = Math.min(length, Logs.MAX_LENGTH);
            boolean overflow = false;
            // supervisord's steps, in its order, with its quirks (a read that fits returns the last bytes)
            if (sz > off + len) {
                overflow = true;
                off = sz - 1;
            }
            if (off + len > sz) {
                if (off > sz - 1) {
                    len = 0;
                }
                off = sz - len;
            }
            off = Math.max(0, off);
            len = Math.max(0, len);
            String data = len == 0 ? "" : text(c, off, len);
            return RpcStructs.list(data, RpcStructs.capped(sz), overflow);
        } catch (IOException e) {
            return RpcStructs.list("", offset, false);
        }
    }

    private static String text(FileChannel c, long from, long n) throws IOException {
        long size = c.size();
        int count = (int) Math.max(0, Math.min(n, size - from));
        ByteBuffer b = ByteBuffer.allocate(count);
        while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
            // until count bytes, or the file shrank meanwhile
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
