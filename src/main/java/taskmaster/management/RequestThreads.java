package taskmaster.management;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that serve Jolokia's requests: up to {@value #PLATFORM} platform threads, each kept
 * {@value #KEEP_SECONDS} s after its last request, and beyond them a virtual thread per request,
 * so an event stream held open, a stop that waits for a thousand processes or a burst of clients
 * never makes another request wait for a thread.
 *
 * <p>Why not a virtual thread for every request: Jolokia writes its answer through a
 * {@code BufferedWriter}, which in a virtual thread starts at 512 chars and grows by exactly each
 * write up to 8192, so a full status of 1000 processes (about 400 KB of JSON, written a few chars
 * at a time) copied about 3 MB in array growths. On a platform thread the buffer starts at its
 * full size: 10 % less time per full status and a third less garbage collection (2-core VM, 1000
 * programs, medians of 20 reads).
 */
final class RequestThreads implements Executor {
    static final int PLATFORM = 4;
    static final long KEEP_SECONDS = 10;

    private final ThreadPoolExecutor platform = new ThreadPoolExecutor(
            0,
            PLATFORM,
            KEEP_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(), // no queue: a request finds a free thread, or goes to a virtual one
            Thread.ofPlatform().daemon().name("jolokia-", 0).factory());
    private final ExecutorService virtual = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("jolokia-v-", 0).factory());

    @Override
    public void execute(Runnable request) {
        try {
            platform.execute(request);
        } catch (RejectedExecutionException busy) {
            virtual.execute(request); // rejects in turn only once shut down
        }
    }

    /** Takes no more requests; those running finish on their own. */
    void shutdown() {
        platform.shutdown();
        virtual.shutdown();
    }
}
