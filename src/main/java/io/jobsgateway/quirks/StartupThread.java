package io.jobsgateway.quirks;

/**
 * A thread of its own for work that begins when the application starts. The managed executor
 * would be the Jakarta EE way, but Payara fails the whole deployment when a bean that observes
 * {@code @Initialized(ApplicationScoped.class)} has an {@code @Resource} field ("Lookup failed
 * for java:comp/env/...": the component's naming context is not bound yet):
 * <a href="https://github.com/payara/Payara/issues/3453">payara/Payara#3453</a>. Only for work that
 * needs no container context (no transaction, no security, no JNDI): the warm-up's HTTP client.
 */
public final class StartupThread {

    private StartupThread() {
    }

    /** Starts {@code work} on a daemon thread named {@code name}: it never holds up a shutdown. */
    public static void start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
