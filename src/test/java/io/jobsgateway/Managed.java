package io.jobsgateway;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The container's managed executors for unit tests that construct a bean themselves: each hands
 * the plain {@code java.util.concurrent} methods to an ordinary executor, and refuses the managed
 * extras (triggers, context), which the gateway does not use.
 */
public final class Managed {

    private Managed() {
    }

    public static ManagedScheduledExecutorService scheduler(ScheduledExecutorService executor) {
        return over(ManagedScheduledExecutorService.class, executor);
    }

    public static ManagedExecutorService executor(ExecutorService executor) {
        return over(ManagedExecutorService.class, executor);
    }

    public static ManagedThreadFactory threads(ThreadFactory threads) {
        return over(ManagedThreadFactory.class, threads);
    }

    private static <T> T over(Class<T> managed, Object plain) {
        return managed.cast(Proxy.newProxyInstance(managed.getClassLoader(), new Class<?>[] {managed},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0] : method.invoke(plain, args);
                    }
                    if (!method.getDeclaringClass().isInstance(plain)) {
                        throw new UnsupportedOperationException(managed.getSimpleName() + "." + method.getName());
                    }
                    try {
                        return method.invoke(plain, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
