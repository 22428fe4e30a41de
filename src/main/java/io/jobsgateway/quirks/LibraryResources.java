package io.jobsgateway.quirks;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The server's default resources (Jakarta Concurrency's and the transaction registry), looked
 * up by their standard names rather than injected with {@code @Resource}: every bean of the
 * gateway takes them from here, in its {@code @PostConstruct}.
 *
 * <p>Why: on Payara Micro 6.2025.10, with the gateway as a library in a host's
 * {@code WEB-INF/lib} and Redisson's jars beside it, no {@code @Resource} field of the library's
 * beans was bound: the deployment failed with "Lookup failed for
 * java:comp/env/io.jobsgateway.endpoint.Heartbeat/threads" (then RedisBus's, and so on), while
 * the same classes in {@code WEB-INF/classes}, or the library without Redisson, got theirs.
 * Jakarta Concurrency 3.0, section 3.1.4.1, and Jakarta Transactions 2.0, section 3.3.2, name
 * these defaults in {@code java:comp}, so a look-up reaches them on every server. Upstream: not
 * reported yet; ours to file: src/docs/upstream-reports.md, section 11.
 */
public final class LibraryResources {

    private LibraryResources() {
    }

    public static ManagedThreadFactory threads() {
        return lookup("java:comp/DefaultManagedThreadFactory");
    }

    public static ManagedExecutorService executor() {
        return lookup("java:comp/DefaultManagedExecutorService");
    }

    public static TransactionSynchronizationRegistry transactions() {
        return lookup("java:comp/TransactionSynchronizationRegistry");
    }

    public static ManagedScheduledExecutorService scheduler() {
        return lookup("java:comp/DefaultManagedScheduledExecutorService");
    }

    private static <T> T lookup(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("The server provides no " + name, e);
        }
    }
}
