package taskmaster.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.engine.SpawnException;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;

/**
 * The two readiness channels a program is handed at spawn, and the one thread that reads them
 * all ({@value #THREAD_NAME}, an epoll set over every socket and pipe; nothing here ever runs on
 * the engine's loop but the few syscalls that make a channel before a spawn).
 *
 * <ul>
 *   <li>{@code ready = notify}: a SOCK_DGRAM unix socket of its own per process, named by
 *       {@code NOTIFY_SOCKET} (and {@code WATCHDOG_USEC} with a watchdog), as systemd gives a
 *       {@code Type=notify} service. One socket per process, so the socket a datagram came to
 *       says which process it is about, even when its sender has already exited (see
 *       {@link NotifySender} for what the credentials must show). Its folder is
 *       {@code RUNDIR/notify} (mode 0711: no listing), the socket file is mode 0600 and owned by
 *       the program's account: only that account and root may connect. When that path would not
 *       fit in sun_path (108 bytes), or the program runs as another account that cannot reach the
 *       run folder (0700 by default), the folder is a private one made for the daemon's life in
 *       /tmp instead (0711, a random name). Removed when the process has ended, and at close.</li>
 *   <li>{@code ready = fd:N}: a pipe whose write end the program gets as descriptor N. The daemon
 *       closes its copy of the write end at once, and reads the other: a newline is ready; the
 *       end of file without one (the program closed it, or ended) means nothing. The read end
 *       is closed once ready, when the watch is cancelled, or when the process ends.</li>
 * </ul>
 */
public final class ReadinessChannels implements SpawnHook, AutoCloseable {
    static final String THREAD_NAME = "taskmaster-ready";
    static final String REFUSED = "notify: refused a message for {} (pid {}): {}";
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    private static final Logger LOG = LogManager.getLogger(ReadinessChannels.class);
    private static final int SOCKET_MODE = 0600;
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx--x--x");
    /** A socket's name in its folder is a number of at most this many digits. */
    private static final int NAME_BYTES = 20;

    private static final int READS_PER_WAKE = 64;
    private static final int REFUSALS_LOGGED = 5;
    private static final int PENDING_MAX = 64;

    private final Posix posix;
    private final int daemonUid;
    private final Path preferred;
    private Path fallback; // guarded by this
    private final EpollLoop loop;
    private final AtomicLong keys = new AtomicLong();
    private final Map<Long, Channel> byKey = new ConcurrentHashMap<>();
    private final Map<Long, Channel> byPid = new ConcurrentHashMap<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // The reading thread's alone.
    private final UnixDatagram.Receiver receiver = new UnixDatagram.Receiver();
    private final MemorySegment pipeBuffer = Arena.ofAuto().allocate(256);
    private volatile boolean closed;

    /**
     * Starts the {@value #THREAD_NAME} thread; the sockets go to {@code runDir/notify} where they
     * can. Sockets a crashed daemon left there are removed (the run folder's lock is held).
     */
    public ReadinessChannels(Path runDir) {
        this(Posix.linux(), runDir);
    }

    ReadinessChannels(Posix posix, Path runDir) {
        this.posix = posix;
        this.daemonUid = posix.geteuid();
        this.preferred = runDir.toAbsolutePath().normalize().resolve("notify");
        removeStale(preferred);
        try {
            this.loop = new EpollLoop(posix, THREAD_NAME, "readiness notification", LOG);
        } catch (PosixException e) {
            throw new IllegalStateException("can't start readiness notification: " + e.getMessage(), e);
        }
        loop.start(new EpollLoop.Handler() {
            @Override
            public void ready(long key) {
                Channel c = byKey.get(key);
                if (c != null) {
                    guarded(c::readable);
                }
            }

            @Override
            public void woken() {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    guarded(task);
                }
            }
        });
    }

    /** A bug in one channel (or in what a notice is handed to) must not end the thread every channel needs. */
    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("ready: internal error on {}: {}", THREAD_NAME, e.toString(), e);
        }
    }

    @Override
    public Extras prepare(ProcessSpec spec) throws SpawnException {
        if (closed) {
            throw new IllegalStateException("readiness notification is closed");
        }
        return switch (spec.lifecycle().readiness().check()) {
            case Check.Notify n -> notifySocket(spec);
            case Check.Fd f -> notificationPipe(spec, f.fd());
            case null, default -> Extras.NONE;
        };
    }

    /**
     * Starts handing {@code notices} what the process of spawn {@code pid} pushes, the notices it
     * pushed since its spawn first. The returned watch's cancel drops what comes after it (a pipe is
     * closed then; a socket stays open until the process ends, so a client sending more status is
     * not refused and does not fail).
     */
    public Checks.Watch watch(long pid, Consumer<Notice> notices) {
        Channel c = byPid.get(pid);
        if (c == null) {
            // Ended already (its exit is on its way to the engine), or spawned without a channel.
            LOG.debug("ready: no notify socket or notification pipe for pid {}", pid);
            return () -> {};
        }
        c.attach(notices);
        return c::cancel;
    }

    /** How many channels are open (for tests and leak checks). */
    public int open() {
        return byKey.size();
    }

    // ---- notify ----

    private Extras notifySocket(ProcessSpec spec) throws SpawnException {
        int uid = spec.user() != null ? spec.user().uid() : daemonUid;
        long key = keys.getAndIncrement();
        Path path;
        int fd;
        try {
            path = folderFor(uid).resolve(Long.toString(key));
            Files.deleteIfExists(path);
            fd = UnixDatagram.bind(path.toString(), SOCKET_MODE);
        } catch (IOException e) {
            throw new SpawnException("couldn't make the notify socket: " + e.getMessage());
        } catch (PosixException e) {
            throw new SpawnException("couldn't make the notify socket: " + e.getMessage());
        }
        NotifyChannel channel = new NotifyChannel(key, fd, spec.name(), path, uid);
        if (uid != daemonUid) {
            try {
                UnixDatagram.chown(path.toString(), uid, spec.user().gid());
            } catch (PosixException e) {
                channel.release();
                throw new SpawnException("couldn't make the notify socket: " + e.getMessage());
            }
        }
        Map<String, String> env = spec.lifecycle().readiness().watchdogSeconds() > 0
                ? Map.of(
                        NOTIFY_SOCKET,
                        path.toString(),
                        WATCHDOG_USEC,
                        Long.toString(spec.lifecycle().readiness().watchdogSeconds() * 1_000_000L))
                : Map.of(NOTIFY_SOCKET, path.toString());
        return new ChannelExtras(channel, env, Map.of());
    }

    /** Where a socket for a program running as {@code uid} goes: the run folder's, if it fits and they can reach it. */
    private Path folderFor(int uid) throws IOException {
        boolean fits = preferred.toString().getBytes(StandardCharsets.UTF_8).length + 1 + NAME_BYTES
                <= UnixDatagram.MAX_PATH_BYTES;
        if (fits && (uid == daemonUid || othersMayEnter(preferred.getParent()))) {
            return ensureFolder(preferred);
        }
        synchronized (this) {
            if (fallback == null) {
                Path made = Files.createTempDirectory(Path.of("/tmp"), "taskmaster-notify-");
                Files.setPosixFilePermissions(made, FOLDER);
                fallback = made;
                LOG.info("notify: sockets that {} cannot hold go to {}", preferred, made);
            }
            return fallback;
        }
    }

    private static boolean othersMayEnter(Path dir) throws IOException {
        for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
            int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0001) == 0) {
                return false;
            }
        }
        return true;
    }

    private static synchronized Path ensureFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        // Also when it existed: 0711 whatever the umask made it or someone changed it to.
        Files.setPosixFilePermissions(dir, FOLDER);
        return dir;
    }

    private static void removeStale(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("notify: couldn't remove the stale sockets in {}: {}", dir, e.toString());
        }
    }

    // ---- fd ----

    private Extras notificationPipe(ProcessSpec spec, int n) throws SpawnException {
        int[] p;
        try {
            p = posix.pipe();
        } catch (PosixException e) {
            throw new SpawnException("couldn't make the notification pipe: " + e.getMessage());
        }
        try {
            posix.setNonBlocking(p[0]);
        } catch (PosixException e) {
            closeQuietly(p[0]);
            closeQuietly(p[1]);
            throw new SpawnException("couldn't make the notification pipe: " + e.getMessage());
        }
        FdChannel channel = new FdChannel(keys.getAndIncrement(), p[0], spec.name(), n);
        return new ChannelExtras(channel, Map.of(), Map.of(n, p[1])) {
            @Override
            public void spawned(int pid) {
                closeQuietly(p[1]); // or the end of file never comes
                super.spawned(pid);
            }

            @Override
            public void abandoned() {
                closeQuietly(p[1]);
                super.abandoned();
            }
        };
    }

    // ---- the channels ----

    private class ChannelExtras implements Extras {
        private final Channel channel;
        private final Map<String, String> environment;
        private final Map<Integer, Integer> descriptors;

        ChannelExtras(Channel channel, Map<String, String> environment, Map<Integer, Integer> descriptors) {
            this.channel = channel;
            this.environment = environment;
            this.descriptors = descriptors;
        }

        @Override
        public Map<String, String> environment() {
            return environment;
        }

        @Override
        public Map<Integer, Integer> descriptors() {
            return descriptors;
        }

        @Override
        public void spawned(int pid) {
            channel.childPid = pid;
            byKey.put(channel.key, channel);
            byPid.put((long) pid, channel);
            try {
                loop.add(channel.fd, channel.key);
            } catch (PosixException e) {
                LOG.error(
                        "ready: couldn't watch {} of {} (pid {}): {}",
                        channel.what(),
                        channel.name,
                        pid,
                        e.getMessage());
            }
        }

        @Override
        public void abandoned() {
            channel.release(); // never registered: the reading thread knows nothing of it
        }

        @Override
        public void ended() {
            post(channel::close);
        }
    }

    /** Runs {@code task} on the reading thread (which alone closes what it may be reading). */
    private void post(Runnable task) {
        if (closed) {
            return; // close() releases everything itself
        }
        tasks.add(task);
        try {
            loop.wake();
        } catch (PosixException e) {
            LOG.warn("ready: couldn't wake {}: {}", THREAD_NAME, e.getMessage());
        }
    }

    private abstract class Channel {
        final long key;
        final int fd;
        final String name;
        volatile int childPid;
        private Consumer<Notice> listener; // guarded by this
        private boolean cancelled;
        private final List<Notice> pending = new ArrayList<>();
        private volatile boolean released; // set by the reading thread (or the closing one, once it has stopped)
        private boolean draining;

        Channel(long key, int fd, String name) {
            this.key = key;
            this.fd = fd;
            this.name = name;
        }

        abstract String what();

        /** On the reading thread: its descriptor is readable. */
        abstract void readable();

        synchronized void deliver(Notice notice) {
            if (cancelled) {
                return;
            }
            if (listener != null) {
                listener.accept(notice);
            } else if (pending.size() < PENDING_MAX) {
                pending.add(notice);
            }
        }

        synchronized void attach(Consumer<Notice> notices) {
            if (cancelled) {
                return;
            }
            pending.forEach(notices);
            pending.clear();
            listener = notices;
            if (released) {
                byPid.remove((long) childPid, this); // kept only for this watch
            }
        }

        synchronized void cancel() {
            cancelled = true;
            listener = null;
            pending.clear();
        }

        /**
         * On the reading thread: stops watching and releases it, after reading what is already
         * there (a process that says READY=1 and exits at once is heard before its end).
         */
        void close() {
            if (released) {
                return;
            }
            if (!draining) {
                draining = true;
                readable(); // may close it itself (end of file, a newline)
                if (released) {
                    return;
                }
            }
            try {
                loop.remove(fd);
            } catch (PosixException e) {
                LOG.debug("ready: couldn't unwatch {} of {}: {}", what(), name, e.getMessage());
            }
            release();
        }

        /** Closes the descriptor (and removes the socket file) of a channel nothing is reading. */
        void release() {
            if (released) {
                return;
            }
            released = true;
            byKey.remove(key, this);
            synchronized (this) {
                // A process may end (and be read to the end) before anyone watches it: what it
                // said waits for the watch, which comes right after the spawn. A later spawn
                // that gets the same pid replaces it.
                if (listener != null || cancelled) {
                    byPid.remove((long) childPid, this);
                }
            }
            closeQuietly(fd);
        }
    }

    private final class NotifyChannel extends Channel {
        private final Path path;
        private final int programUid;
        private int refusals;

        NotifyChannel(long key, int fd, String name, Path path, int programUid) {
            super(key, fd, name);
            this.path = path;
            this.programUid = programUid;
        }

        @Override
        String what() {
            return "the notify socket " + path;
        }

        @Override
        void readable() {
            for (int i = 0; i < READS_PER_WAKE; i++) {
                UnixDatagram.Datagram d;
                try {
                    d = receiver.receive(fd);
                } catch (PosixException e) {
                    LOG.warn("notify: couldn't read {} of {}: {}", what(), name, e.getMessage());
                    close();
                    return;
                }
                if (d == null) {
                    return;
                }
                received(d);
            }
        }

        private void received(UnixDatagram.Datagram d) {
            String refusal = d.oversized()
                    ? "longer than " + UnixDatagram.MAX_MESSAGE + " bytes"
                    : NotifySender.refusal(d, childPid, programUid, ProcStat::of);
            if (refusal != null) {
                if (++refusals <= REFUSALS_LOGGED) {
                    LOG.warn(
                            REFUSED,
                            name,
                            childPid,
                            refusal + (refusals == REFUSALS_LOGGED ? " (no more logged)" : ""));
                }
                return;
            }
            List<Notice> notices = NotifyMessage.parse(d.text());
            if (LOG.isDebugEnabled()) {
                LOG.debug("notify: {} (pid {}) from pid {}: {}", name, childPid, d.pid(), notices);
            }
            for (Notice n : notices) {
                String mainPid = n instanceof Notice.MainPid m
                        ? NotifySender.mainPidRefusal(m.pid(), childPid, ProcStat::of)
                        : null;
                if (mainPid != null) {
                    LOG.warn(REFUSED, name, childPid, mainPid);
                } else {
                    deliver(n);
                }
            }
        }

        @Override
        void release() {
            super.release();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("notify: couldn't remove {}: {}", path, e.toString());
            }
        }
    }

    private final class FdChannel extends Channel {
        private final int number;

        FdChannel(long key, int fd, String name, int number) {
            super(key, fd, name);
            this.number = number;
        }

        @Override
        String what() {
            return "the notification pipe (fd " + number + ")";
        }

        @Override
        synchronized void cancel() {
            super.cancel();
            post(this::close);
        }

        @Override
        void readable() {
            for (int i = 0; i < READS_PER_WAKE; i++) {
                long n;
                try {
                    n = posix.read(fd, pipeBuffer, pipeBuffer.byteSize());
                } catch (PosixException e) {
                    LOG.warn("ready: couldn't read {} of {}: {}", what(), name, e.getMessage());
                    close();
                    return;
                }
                if (n < 0) {
                    return; // drained; a line still unfinished
                }
                if (n == 0) {
                    LOG.debug("ready: {} of {} closed without a newline", what(), name);
                    close();
                    return;
                }
                for (long b = 0; b < n; b++) {
                    if (pipeBuffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b) == '\n') {
                        deliver(new Notice.Ready());
                        close(); // it has said all it can say
                        return;
                    }
                }
            }
        }
    }

    private void closeQuietly(int fd) {
        try {
            posix.close(fd);
        } catch (PosixException e) {
            LOG.debug("ready: couldn't close descriptor {}: {}", fd, e.getMessage());
        }
    }

    /**
     * Stops the reading thread, then closes every channel and removes the sockets and the
     * private folder. Processes still running keep their end: a notify client then gets
     * ECONNREFUSED, a pipe writer EPIPE.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.stop();
        } catch (PosixException e) {
            LOG.warn("ready: couldn't stop {}: {}", THREAD_NAME, e.getMessage());
        }
        loop.close(2000);
        for (Channel c : List.copyOf(byKey.values())) {
            c.release();
        }
        removeStale(preferred);
        try {
            Files.deleteIfExists(preferred);
        } catch (IOException e) {
            LOG.debug("notify: couldn't remove {}: {}", preferred, e.toString());
        }
        synchronized (this) {
            if (fallback != null) {
                removeStale(fallback);
                try {
                    Files.deleteIfExists(fallback);
                } catch (IOException e) {
                    LOG.warn("notify: couldn't remove {}: {}", fallback, e.toString());
                }
            }
        }
    }
}
