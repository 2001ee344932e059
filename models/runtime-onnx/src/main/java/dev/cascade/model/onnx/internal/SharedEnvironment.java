package dev.cascade.model.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's one {@link OrtEnvironment}, created on a thread with a 64 MiB stack: ONNX Runtime's native
 * initialisation recurses deeply, and with a long command line (a classpath of ~170 jars) it overflowed the
 * 1 MiB stack of a default Java main thread and killed the JVM with SIGSEGV (seen with onnxruntime 1.29.0).
 */
public final class SharedEnvironment {
    private static final long STACK_BYTES = 64L << 20;
    private static volatile OrtEnvironment env;

    private SharedEnvironment() {}

    /** The shared environment, created on first use. */
    public static OrtEnvironment get() {
        OrtEnvironment e = env;
        if (e != null) {
            return e;
        }
        synchronized (SharedEnvironment.class) {
            if (env == null) {
                AtomicReference<Object> result = new AtomicReference<>();
                Thread t = new Thread(null, () -> {
                    try {
                        result.set(OrtEnvironment.getEnvironment());
                    } catch (Throwable ex) {
                        result.set(ex);
                    }
                }, "onnxruntime-init", STACK_BYTES);
                t.start();
                try {
                    t.join();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading ONNX Runtime", ex);
                }
                Object r = result.get();
                if (r instanceof Throwable) {
                    throw new IllegalStateException("ONNX Runtime failed to load: " + r, (Throwable) r);
                }
                env = (OrtEnvironment) r;
            }
            return env;
        }
    }
}
