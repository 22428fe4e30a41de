package org.glassfish.tyrus.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A stand-in with the one field of Tyrus's session that {@code TyrusIdleTimers} sets (Tyrus is not on the test class path). */
public class TyrusSession {

    private ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor();

    public ScheduledExecutorService service() {
        return service;
    }
}
