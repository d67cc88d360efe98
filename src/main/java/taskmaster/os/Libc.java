package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Calling glibc: every C function taskmaster uses goes through one downcall handle of one shape,
 * {@code long f(long, ...)} with seven long arguments, the function's address given at each call.
 *
 * <p>Why one shape: the JVM spins a stub and a chain of adapter classes for each distinct C
 * signature, which the AOT cache does not hold. With a handle per signature (about twenty of them)
 * the daemon's boot spent some 70 ms before its first spawn making handles, most of them for
 * calls the first spawn does not make.
 *
 * <p>Why it is exact on x86_64 Linux, the one platform taskmaster runs on (the struct layouts in
 * this package are x86_64's too): under the System V calling convention every integer and pointer
 * argument travels as a 64-bit register (the first six) or stack slot (the seventh), in order; a
 * function reads the arguments it declares and ignores the registers after them, and the caller
 * removes the stack slot. An int or a short is read from the low bits of its register, a pointer
 * is its address. A function that returns an int leaves it in the low 32 bits of the result, which
 * the caller takes with an {@code (int)} cast. The call is made as a variadic one (AL holds 0, the
 * number of vector registers used), which syscall(2) needs and every other function ignores.
 *
 * <p>errno is captured by the downcall itself, into a segment kept per thread: by the time Java
 * code runs again the JVM may have made other C calls on this thread that overwrote it.
 */
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    // The JDK's default lookup is libc (and libm, libdl): no library of ours to load or ship.
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

    /** splice(2) through syscall(2): the number and six arguments, the most any call takes. */
    private static final int ARGS = 7;

    /** {@code (function, call state, seven longs) -> long}. */
    private static final MethodHandle CALL = call();

    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private Libc() {}

    private static MethodHandle call() {
        MemoryLayout[] layouts = new MemoryLayout[ARGS];
        Arrays.fill(layouts, JAVA_LONG);
        return LINKER.downcallHandle(
                FunctionDescriptor.of(JAVA_LONG, layouts),
                Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(1));
    }

    /** The address of the C library's function {@code name}. */
    static MemorySegment function(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("the C library has no function " + name));
    }

    /**
     * Calls {@code function} with up to seven integer or pointer arguments (pass 0 for those it
     * does not take), in the C function's order: its raw result, which an int function leaves in
     * the low 32 bits.
     */
    static long call(MemorySegment function, long a, long b, long c, long d, long e, long f, long g) {
        try {
            return (long) CALL.invokeExact(function, STATE.get(), a, b, c, d, e, f, g);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The errno the last failed call of this thread left. */
    static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** Native calls declare Throwable; the only ones that can escape are JVM errors. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
