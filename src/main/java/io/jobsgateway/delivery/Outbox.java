package io.jobsgateway.delivery;

import io.jobsgateway.ops.DeliveryMeters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What waits to be sent to one connection: sent with asynchronous sends, one batch at a time
 * (what waited while the last one was written goes out together, in one write where the
 * transport can), so that no publisher ever waits on a slow reader, and bounded, because neither Tyrus nor
 * Undertow bounds its own queue. Past {@code limit} waiting messages, or their weight past
 * {@code byteLimit}, the outbox gives up:
 * it drops what waits and calls {@code onOverflow} once (the connection closes with 1013),
 * but only after the frame in flight is done: Tyrus cancels a write still pending when the
 * session closes, and the close frame queued behind it would never reach the client.
 */
final class Outbox {

    /** Sends text messages as {@link Transport#send} does. */
    interface TextSender {
        void send(List<Outgoing> messages, Consumer<Throwable> done);
    }

    /** At most this many messages, and (but for the first) this many characters, go out in one batch. */
    static final int BATCH_MESSAGES = 64;
    static final int BATCH_CHARS = 64 * 1024;

    interface Failure {
        void sendFailed(Throwable cause);
    }

    private final TextSender sender;
    private final int limit;
    private final long byteLimit;
    private final Runnable onOverflow;
    private final Failure onFailure;
    private final DeliveryMeters meters;

    // guarded by this
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The last waiting message of each job that has one: where a newer progress may take an older one's place. */
    private final Map<String, Waiting> lastOfJob = new HashMap<>();
    private long waitingChars;

    /** A message waiting; a job event's message may be replaced by a newer progress (latest-wins). */
    private static final class Waiting {
        Outgoing message;
        final String jobId; // null for what is not a job event
        final boolean progress;
        long storedAtMicros; // 0 for what is not a live job event
        int replaced;

        Waiting(Outgoing message, String jobId, boolean progress, long storedAtMicros) {
            this.message = message;
            this.jobId = jobId;
            this.progress = progress;
            this.storedAtMicros = storedAtMicros;
        }
    }
    private boolean sending;
    private boolean stopped;
    private boolean overflowWhenIdle;

    /**
     * @param limit     messages that may wait
     * @param byteLimit what they may weigh together, counted in UTF-16 characters (a byte each for
     *                  the ASCII that JSON mostly is); one message waits whatever its size, so a
     *                  large history reply does not close an idle connection
     */
    Outbox(TextSender sender, int limit, long byteLimit, Runnable onOverflow, Failure onFailure, DeliveryMeters meters) {
        this.sender = sender;
        this.meters = meters;
        this.limit = limit;
        this.byteLimit = byteLimit;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
    }

    /** Queues a message that is no job event: never replaced, never dropped but with all the rest. */
    void offer(Outgoing message) {
        offer(message, null, 0);
    }

    /**
     * Queues a job event of {@code jobId}. While more than half of either limit waits, a
     * {@code job.progress} takes the place of the job's older progress that waits unsent, when
     * that is the job's last waiting message (so nothing of the job is reordered), and carries
     * {@code "replaced":n}, the events it stands for besides itself (contract v1.1, section 5).
     *
     * @param storedAtMicros when the event was stored, for the delivery lag; 0 for a replayed one
     */
    void offerEvent(String jobId, Outgoing event, long storedAtMicros) {
        offer(event, jobId, storedAtMicros);
    }

    private void offer(Outgoing message, String jobId, long storedAtMicros) {
        String text = message.text();
        boolean overflow = false;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (jobId != null && replacedLatest(jobId, text, storedAtMicros)) {
                return; // the loop that sends will send it in its predecessor's place
            }
            if (waiting.size() >= limit || (!waiting.isEmpty() && waitingChars + text.length() > byteLimit)) {
                stop();
                if (sending) {
                    overflowWhenIdle = true; // the loop that ends the frame in flight reports it
                    return;
                }
                overflow = true;
            } else {
                Waiting entry = new Waiting(message, jobId, jobId != null && isProgress(text), storedAtMicros);
                waiting.addLast(entry);
                waitingChars += text.length();
                if (jobId != null) {
                    lastOfJob.put(jobId, entry);
                }
                if (sending) {
                    return;
                }
                sending = true;
            }
        }
        if (overflow) {
            onOverflow.run();
        } else {
            sendWaiting();
        }
    }

    // guarded by this (called holding it)
    private boolean replacedLatest(String jobId, String json, long storedAtMicros) {
        boolean crowded = waiting.size() > limit / 2 || waitingChars > byteLimit / 2;
        Waiting last = crowded ? lastOfJob.get(jobId) : null;
        if (last == null || !last.progress || !isProgress(json)) {
            return false;
        }
        last.replaced++;
        String withCount = json.substring(0, json.length() - 1) + ",\"replaced\":" + last.replaced + "}";
        waitingChars += withCount.length() - last.message.text().length();
        last.message = new Outgoing(withCount); // its own: the event's shared frame is the others'.
        last.storedAtMicros = storedAtMicros; // its lag is the newest progress's
        meters.progressReplaced();
        return true;
    }

    /** A job event's JSON begins with its type (WireFormat builds it so). */
    private static boolean isProgress(String json) {
        return json.startsWith(PROGRESS);
    }

    private static final String PROGRESS = "{\"type\":\"job.progress\",";

    /** Sends nothing more; what waits is dropped. */
    synchronized void stop() {
        stopped = true;
        waiting.clear();
        lastOfJob.clear();
        waitingChars = 0;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /**
     * Runs on the thread that set {@code sending}. A send that completes inline lets this loop
     * go on (no recursion however long the queue); one that completes later hands the loop to
     * the thread that completes it.
     */
    private void sendWaiting() {
        while (true) {
            List<Outgoing> batch = List.of(); // nothing is allocated for the pass that finds the outbox empty
            long[] storedAt = null; // when each job event of the batch was stored (0: replayed)
            int events = 0;
            boolean overflow;
            synchronized (this) {
                int most = stopped ? 0 : Math.min(waiting.size(), BATCH_MESSAGES);
                if (most > 0) {
                    batch = new ArrayList<>(most);
                }
                int chars = 0;
                while (batch.size() < most
                        && (batch.isEmpty() || chars + waiting.peekFirst().message.text().length() <= BATCH_CHARS)) {
                    Waiting next = waiting.pollFirst();
                    int length = next.message.text().length();
                    chars += length;
                    waitingChars -= length;
                    if (next.jobId != null) {
                        lastOfJob.remove(next.jobId, next);
                        if (storedAt == null) {
                            storedAt = new long[most];
                        }
                        storedAt[events++] = next.storedAtMicros;
                    }
                    batch.add(next.message);
                }
                overflow = batch.isEmpty() && overflowWhenIdle;
                if (batch.isEmpty()) {
                    sending = false;
                    overflowWhenIdle = false;
                }
            }
            if (overflow) {
                onOverflow.run();
            }
            if (batch.isEmpty()) {
                return;
            }
            if (events > 0) {
                meters.written(storedAt, events);
            }
            Completion completion = new Completion();
            try {
                sender.send(batch, completion);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            if (!completion.completedInline()) {
                return;
            }
            if (completion.failure != null) {
                failed(completion.failure);
                return;
            }
        }
    }

    private void failed(Throwable cause) {
        synchronized (this) {
            sending = false;
            overflowWhenIdle = false;
            stop();
        }
        onFailure.sendFailed(cause);
    }

    private final class Completion implements Consumer<Throwable> {
        private static final int PENDING = 0;
        private static final int CALLER_LEFT = 1;
        private static final int DONE_FIRST = 2;

        private final AtomicInteger state = new AtomicInteger(PENDING);
        private volatile Throwable failure;

        @Override
        public void accept(Throwable sendFailure) {
            failure = sendFailure;
            if (state.compareAndSet(PENDING, DONE_FIRST)) {
                return; // the sending loop is still running and goes on
            }
            if (sendFailure == null) {
                sendWaiting();
            } else {
                failed(sendFailure);
            }
        }

        /** True when the send completed before the caller got here; false hands the loop over. */
        boolean completedInline() {
            return !state.compareAndSet(PENDING, CALLER_LEFT);
        }
    }
}
