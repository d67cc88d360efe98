package taskmaster.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * glibc's posix_spawn through FFM. glibc implements it with clone(CLONE_VM | CLONE_VFORK) on
 * a small stack of its own: the JVM's address space is not copied, and the parent resumes as
 * soon as the child has exec'd or failed, with the failing step's errno.
 *
 * <p>The functions are called in {@link Libc}'s one shape, each with its own arguments in order
 * (a pointer as its address, an int or a short widened). Every segment passed lives in the
 * spawn's confined arena, freed only after the last call.
 */
final class NativeSpawn {
    private static final long POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final long POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final long POSIX_SPAWN_SETSID = 0x80;

    // Opaque glibc structs, allocated well beyond their x86_64 sizes (posix_spawnattr_t 336,
    // posix_spawn_file_actions_t 80, sigset_t 128 bytes) so a bigger future layout still fits.
    private static final long OPAQUE_SIZE = 512;
    private static final long SIGSET_SIZE = 128;

    private static final MemorySegment SPAWN = Libc.function("posix_spawn");
    private static final MemorySegment ATTR_INIT = Libc.function("posix_spawnattr_init");
    private static final MemorySegment ATTR_DESTROY = Libc.function("posix_spawnattr_destroy");
    private static final MemorySegment ATTR_SETFLAGS = Libc.function("posix_spawnattr_setflags");
    private static final MemorySegment ATTR_SETSIGMASK = Libc.function("posix_spawnattr_setsigmask");
    private static final MemorySegment ATTR_SETSIGDEFAULT = Libc.function("posix_spawnattr_setsigdefault");
    private static final MemorySegment ACTIONS_INIT = Libc.function("posix_spawn_file_actions_init");
    private static final MemorySegment ACTIONS_DESTROY = Libc.function("posix_spawn_file_actions_destroy");
    private static final MemorySegment ADD_OPEN = Libc.function("posix_spawn_file_actions_addopen");
    private static final MemorySegment ADD_DUP2 = Libc.function("posix_spawn_file_actions_adddup2");
    private static final MemorySegment ADD_CLOSE = Libc.function("posix_spawn_file_actions_addclose");
    private static final MemorySegment ADD_CHDIR = Libc.function("posix_spawn_file_actions_addchdir_np");
    private static final MemorySegment ADD_CLOSEFROM = Libc.function("posix_spawn_file_actions_addclosefrom_np");

    private NativeSpawn() {}

    static int spawn(SpawnRequest request) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(OPAQUE_SIZE, 16);
            MemorySegment actions = arena.allocate(OPAQUE_SIZE, 16);
            check("posix_spawnattr_init", call(ATTR_INIT, attr.address()));
            try {
                check("posix_spawn_file_actions_init", call(ACTIONS_INIT, actions.address()));
                try {
                    setAttributes(arena, attr);
                    for (SpawnRequest.FileAction action : request.fileActions()) {
                        add(arena, actions, action);
                    }
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    int rc = call(
                            SPAWN,
                            pid.address(),
                            arena.allocateFrom(request.path()).address(),
                            actions.address(),
                            attr.address(),
                            strings(arena, request.argv()).address(),
                            strings(arena, request.environment()).address());
                    check("posix_spawn", rc);
                    return pid.get(JAVA_INT, 0);
                } finally {
                    call(ACTIONS_DESTROY, actions.address());
                }
            } finally {
                call(ATTR_DESTROY, attr.address());
            }
        }
    }

    private static void setAttributes(Arena arena, MemorySegment attr) throws PosixException {
        // The JVM blocks some signals in its threads; the program must start with none blocked.
        // An empty sigset_t is all zeros (what sigemptyset writes); allocate zeroes it.
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
        check("posix_spawnattr_setsigmask", call(ATTR_SETSIGMASK, attr.address(), empty.address()));
        // Every signal back to SIG_DFL. Not sigfillset(): glibc leaves its two internal signals
        // (32 SIGCANCEL, 33 SIGSETXID) out of it, and the spawned child then gets them as SIG_IGN
        // (what a JDK ProcessBuilder child shows: SigIgn 0x180000000). Setting every bit by hand
        // resets those too, so the program starts exactly like one started from a shell.
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
        all.fill((byte) 0xFF);
        check("posix_spawnattr_setsigdefault", call(ATTR_SETSIGDEFAULT, attr.address(), all.address()));
        long flags = POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        check("posix_spawnattr_setflags", call(ATTR_SETFLAGS, attr.address(), flags));
    }

    private static void add(Arena arena, MemorySegment actions, SpawnRequest.FileAction action) throws PosixException {
        long to = actions.address();
        switch (action) {
            case SpawnRequest.Open o ->
                check(
                        "posix_spawn_file_actions_addopen",
                        call(ADD_OPEN, to, o.fd(), arena.allocateFrom(o.path()).address(), o.flags(), o.mode()));
            case SpawnRequest.Dup2 d -> check("posix_spawn_file_actions_adddup2", call(ADD_DUP2, to, d.from(), d.to()));
            case SpawnRequest.Close c -> check("posix_spawn_file_actions_addclose", call(ADD_CLOSE, to, c.fd()));
            case SpawnRequest.Chdir c ->
                check(
                        "posix_spawn_file_actions_addchdir_np",
                        call(ADD_CHDIR, to, arena.allocateFrom(c.dir()).address()));
            case SpawnRequest.CloseFrom c ->
                check("posix_spawn_file_actions_addclosefrom_np", call(ADD_CLOSEFROM, to, c.lowFd()));
        }
    }

    /** A NULL-terminated {@code char *[]} of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static int call(MemorySegment function, long a) {
        return (int) Libc.call(function, a, 0, 0, 0, 0, 0, 0);
    }

    private static int call(MemorySegment function, long a, long b) {
        return (int) Libc.call(function, a, b, 0, 0, 0, 0, 0);
    }

    private static int call(MemorySegment function, long a, long b, long c) {
        return (int) Libc.call(function, a, b, c, 0, 0, 0, 0);
    }

    private static int call(MemorySegment function, long a, long b, long c, long d, long e) {
        return (int) Libc.call(function, a, b, c, d, e, 0, 0);
    }

    private static int call(MemorySegment function, long a, long b, long c, long d, long e, long f) {
        return (int) Libc.call(function, a, b, c, d, e, f, 0);
    }

    /** The posix_spawn family returns the error number instead of setting errno. */
    private static void check(String call, int rc) throws PosixException {
        if (rc != 0) {
            throw new PosixException(call, rc);
        }
    }
}
