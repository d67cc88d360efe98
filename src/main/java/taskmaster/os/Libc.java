package taskmaster.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** Finding glibc functions and reading the errno a call left behind. */
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    // The JDK's default lookup is libc (and libm, libdl): no library of ours to load or ship.
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();

    /**
     * errno must be captured by the downcall itself: by the time Java code runs again the JVM
     * may have made other C calls on this thread that overwrote it.
     */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Libc() {}

    /** A function that returns its error (posix_spawn and friends) or cannot fail. */
    static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address =
                LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("the C library has no function " + name));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    /** A function that reports failure through errno: the handle takes the call-state segment first. */
    static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return function(name, descriptor, CAPTURE_ERRNO);
    }

    /** Like {@link #withErrno} for a variadic function whose fixed part is {@code fixedArgs} long. */
    static MethodHandle variadicWithErrno(String name, FunctionDescriptor descriptor, int fixedArgs) {
        return function(name, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(fixedArgs));
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
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
