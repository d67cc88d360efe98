package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * One C function that fails by returning -1 with errno set, called in one line: {@code
 * CLOSE.call(fd)} returns the raw result, and {@link #failure} turns the errno it left into a
 * {@link PosixException} naming the call.
 *
 * <p>Every function is adapted once, at class initialisation, to one shape: {@code (call state,
 * pointer, six longs) -> long}. Its int arguments are widened to long, its one pointer
 * (if it has one) goes wherever the C function wants it, unused arguments are dropped. The {@code
 * call} overloads then fill that shape with no boxing, no varargs array and no lambda: the output
 * thread reads and writes through them for every chunk of captured output, and allocates nothing.
 * The call state that captures errno is one segment per thread, kept.
 *
 * <p>A record, so that the JIT trusts {@link #handle} as a constant and links the call directly.
 */
record Syscall(MethodHandle handle) {
    private static final MethodType SHAPE = MethodType.methodType(
            long.class,
            MemorySegment.class,
            MemorySegment.class,
            long.class,
            long.class,
            long.class,
            long.class,
            long.class,
            long.class);
    /** splice(2) has six number arguments (its two offset pointers are passed as 0: NULL). */
    private static final int LONGS = 6;

    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.CALL_STATE));

    /** A function that reports failure through errno. */
    static Syscall of(String name, FunctionDescriptor descriptor) {
        return adapt(Libc.withErrno(name, descriptor));
    }

    /** Like {@link #of} for a variadic function whose fixed part is {@code fixedArgs} long. */
    static Syscall variadic(String name, FunctionDescriptor descriptor, int fixedArgs) {
        return adapt(Libc.variadicWithErrno(name, descriptor, fixedArgs));
    }

    /** A function that cannot fail (getpid, umask): no errno is captured. */
    static Syscall infallible(String name, FunctionDescriptor descriptor) {
        return adapt(MethodHandles.dropArguments(Libc.function(name, descriptor), 0, MemorySegment.class));
    }

    /** syscall(2) of {@code number} (one glibc may not wrap yet), with {@code args} long arguments. */
    static Syscall number(long number, int args) {
        MemoryLayout[] layouts = new MemoryLayout[args + 1]; // the number, then the arguments
        Arrays.fill(layouts, JAVA_LONG);
        MethodHandle syscall = Libc.variadicWithErrno("syscall", FunctionDescriptor.of(JAVA_LONG, layouts), 1);
        return adapt(MethodHandles.insertArguments(syscall, 1, number));
    }

    /** {@code (state, x1 … xn) -> r} to {@link #SHAPE}, keeping the order of the non-pointer arguments. */
    private static Syscall adapt(MethodHandle downcall) {
        MethodType from = downcall.type();
        Class<?>[] widened = new Class<?>[from.parameterCount()];
        int[] reorder = new int[from.parameterCount()];
        int longs = 0;
        int pointers = 0;
        widened[0] = MemorySegment.class; // the call state
        for (int i = 1; i < widened.length; i++) {
            if (from.parameterType(i) == MemorySegment.class) {
                widened[i] = MemorySegment.class;
                reorder[i] = 1;
                pointers++;
            } else {
                widened[i] = long.class;
                reorder[i] = 2 + longs++;
            }
        }
        if (pointers > 1 || longs > LONGS) {
            throw new IllegalArgumentException(
                    "a syscall takes at most one pointer and " + LONGS + " numbers: " + from);
        }
        MethodHandle wide = MethodHandles.explicitCastArguments(downcall, MethodType.methodType(long.class, widened));
        return new Syscall(MethodHandles.permuteArguments(wide, SHAPE, reorder));
    }

    /** The errno the last failed call of this thread left. */
    static int errno() {
        return Libc.errno(STATE.get());
    }

    /** What the last call of this thread failed with, as {@code call: ENOENT (No such file or directory)}. */
    static PosixException failure(String call) {
        return new PosixException(call, errno());
    }

    private long invoke(MemorySegment p, long a, long b, long c, long d) {
        return invoke(p, a, b, c, d, 0, 0);
    }

    private long invoke(MemorySegment p, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) handle.invokeExact(STATE.get(), p, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    // One overload per shape in use, written in the C function's argument order.

    long call() {
        return invoke(MemorySegment.NULL, 0, 0, 0, 0);
    }

    long call(long a) {
        return invoke(MemorySegment.NULL, a, 0, 0, 0);
    }

    long call(long a, long b) {
        return invoke(MemorySegment.NULL, a, b, 0, 0);
    }

    long call(long a, long b, long c) {
        return invoke(MemorySegment.NULL, a, b, c, 0);
    }

    long call(long a, long b, long c, long d) {
        return invoke(MemorySegment.NULL, a, b, c, d);
    }

    long call(long a, long b, long c, long d, long e, long f) {
        return invoke(MemorySegment.NULL, a, b, c, d, e, f);
    }

    long call(MemorySegment p, long a) {
        return invoke(p, a, 0, 0, 0);
    }

    long call(MemorySegment p, long a, long b) {
        return invoke(p, a, b, 0, 0);
    }

    long call(long a, MemorySegment p, long b) {
        return invoke(p, a, b, 0, 0);
    }

    long call(long a, MemorySegment p, long b, long c) {
        return invoke(p, a, b, c, 0);
    }

    long call(long a, long b, MemorySegment p) {
        return invoke(p, a, b, 0, 0);
    }

    long call(long a, long b, MemorySegment p, long c) {
        return invoke(p, a, b, c, 0);
    }

    long call(long a, long b, long c, MemorySegment p) {
        return invoke(p, a, b, c, 0);
    }

    long call(long a, long b, long c, MemorySegment p, long d) {
        return invoke(p, a, b, c, d);
    }
}
