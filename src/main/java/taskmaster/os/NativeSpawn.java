package taskmaster.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * glibc's posix_spawn through FFM. glibc implements it with clone(CLONE_VM | CLONE_VFORK) on
 * a small stack of its own: the JVM's address space is not copied, and the parent resumes as
 * soon as the child has exec'd or failed, with the failing step's errno.
 */
final class NativeSpawn {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;

    // Opaque glibc structs, allocated well beyond their x86_64 sizes (posix_spawnattr_t 336,
    // posix_spawn_file_actions_t 80, sigset_t 128 bytes) so a bigger future layout still fits.
    private static final long OPAQUE_SIZE = 512;
    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle SPAWN = Libc.function(
            "posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_INIT =
            Libc.function("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY =
            Libc.function("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS =
            Libc.function("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK =
            Libc.function("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            Libc.function("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET =
            Libc.function("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_INIT =
            Libc.function("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY =
            Libc.function("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ADD_OPEN = Libc.function(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_DUP2 = Libc.function(
            "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_CLOSE =
            Libc.function("posix_spawn_file_actions_addclose", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ADD_CHDIR =
            Libc.function("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ADD_CLOSEFROM = Libc.function(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private NativeSpawn() {}

    static int spawn(SpawnRequest request) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(OPAQUE_SIZE, 16);
            MemorySegment actions = arena.allocate(OPAQUE_SIZE, 16);
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                check("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
                try {
                    setAttributes(arena, attr);
                    for (SpawnRequest.FileAction action : request.fileActions()) {
                        add(arena, actions, action);
                    }
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    int rc = (int) SPAWN.invokeExact(
                            pid,
                            arena.allocateFrom(request.path()),
                            actions,
                            attr,
                            strings(arena, request.argv()),
                            strings(arena, request.environment()));
                    check("posix_spawn", rc);
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
                }
            } finally {
                int ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void setAttributes(Arena arena, MemorySegment attr) throws Throwable {
        // The JVM blocks some signals in its threads; the program must start with none blocked.
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
        check("sigemptyset", (int) SIGEMPTYSET.invokeExact(empty));
        check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
        // Every signal back to SIG_DFL. Not sigfillset(): glibc leaves its two internal signals
        // (32 SIGCANCEL, 33 SIGSETXID) out of it, and the spawned child then gets them as SIG_IGN
        // (what a JDK ProcessBuilder child shows: SigIgn 0x180000000). Setting every bit by hand
        // resets those too, so the program starts exactly like one started from a shell.
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
        all.fill((byte) 0xFF);
        check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all));
        short flags = POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
    }

    private static void add(Arena arena, MemorySegment actions, SpawnRequest.FileAction action) throws Throwable {
        switch (action) {
            case SpawnRequest.Open o ->
                check("posix_spawn_file_actions_addopen", (int)
                        ADD_OPEN.invokeExact(actions, o.fd(), arena.allocateFrom(o.path()), o.flags(), o.mode()));
            case SpawnRequest.Dup2 d ->
                check("posix_spawn_file_actions_adddup2", (int) ADD_DUP2.invokeExact(actions, d.from(), d.to()));
            case SpawnRequest.Close c ->
                check("posix_spawn_file_actions_addclose", (int) ADD_CLOSE.invokeExact(actions, c.fd()));
            case SpawnRequest.Chdir c ->
                check("posix_spawn_file_actions_addchdir_np", (int)
                        ADD_CHDIR.invokeExact(actions, arena.allocateFrom(c.dir())));
            case SpawnRequest.CloseFrom c ->
                check("posix_spawn_file_actions_addclosefrom_np", (int) ADD_CLOSEFROM.invokeExact(actions, c.lowFd()));
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

    /** The posix_spawn family returns the error number instead of setting errno. */
    private static void check(String call, int rc) throws PosixException {
        if (rc != 0) {
            throw new PosixException(call, rc);
        }
    }
}
