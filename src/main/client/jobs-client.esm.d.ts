// Types of jobs-client.esm.js, the ES module (`import { JobsClient } from 'jobs-gateway-client'`, or
// from the gateway's /jobs-client.esm.js). For the classic script jobs-client.js and its global
// `JobsClient`, see jobs-client.d.ts, which takes its types from here.
// The wire protocol: src/docs/protocol.md of jobs-gateway.

/**
 * A connection to jobs-gateway that stays up: it reconnects with backoff, joins its rooms again
 * and resumes every job it follows from the last `seq` it saw, so that each job event reaches the
 * application once, in `seq` order. Where WebSockets do not get through it goes on over
 * Server-Sent Events, and where streamed responses do not either, over long polling (see
 * {@link JobsClient.Options.transports}), and moves back up when it can.
 *
 * ```js
 * const client = new JobsClient({ apiKey: 'demo-alice' });   // no apiKey: the page's login
 * client.on('event', (e) => render(e));
 * client.on('recovery-failed', ({ jobId }) => reload(jobId));
 * await client.subscribe({ jobId: 'report-42', since: 0 });
 * ```
 */
declare class JobsClient {
    /** Connects at once (on the next microtask) unless `options.autoConnect` is false. */
    constructor(options?: JobsClient.Options);

    /** Where the connection is: `connecting` (first attempt), `open`, `reconnecting`, `closed`. */
    readonly state: JobsClient.State;

    /** The transport in use, or being tried while not open. */
    readonly transport: JobsClient.Transport;

    /** The server's `connected` message of the current connection, or null while not open (and over long polling, which has none). */
    readonly connection: JobsClient.Connected | null;

    /** The last `seq` delivered of a job, or undefined for a job not seen (or forgotten). */
    lastSeq(jobId: string): number | undefined;

    /** Connects, unless connected or trying to; after a close, joins the rooms again. */
    connect(): this;

    /** Closes for good, until `connect()`; pending promises are rejected with code `closed`. */
    close(): void;

    /**
     * Joins a room: `{jobId}` (with `since`: replays the job's stored events after that seq
     * first), `{userId}`, `{all: true}` (admin keys), or nothing for the key's client. Settled
     * by the server's reply: resolved with `subscribed`, rejected with a {@link JobsClient.JobsClientError}
     * carrying the server's error `code` (`forbidden`, `bad_request`, `too_many_subscriptions`).
     * Made while not connected, it is sent once connected. The room is joined again after
     * every reconnect, until `unsubscribe`.
     *
     * Over Server-Sent Events it opens a new stream with every room and position, which takes
     * over from the old one once it is in all of them (one HTTP request, and a history read per
     * job it resumes). Over long polling only job rooms can be joined: another room is rejected
     * with code `unsupported` (one joined before waits, and is joined again once a stream or a
     * WebSocket gets through); a job room without `since` starts from where the job stands at the
     * first poll that names it.
     */
    subscribe(selector?: JobsClient.Selector): Promise<JobsClient.Subscribed>;

    /** Leaves a room; resolved with the server's `unsubscribed` (at once when not connected; over SSE once a stream without it took over). */
    unsubscribe(selector?: JobsClient.Selector): Promise<JobsClient.Unsubscribed>;

    /**
     * The last `limit` (default 100) stored events of a job, oldest first. Joins no room. Over
     * SSE and long polling it is read with a poll that waits for nothing (`GET /api/poll?wait=0`,
     * which takes the key or the page's login), of the job's current stream.
     */
    history(jobId: string, options?: { limit?: number }): Promise<JobsClient.JobEvent[]>;

    /** Adds a listener; answers a function that removes it. */
    on<K extends keyof JobsClient.Events>(type: K, listener: (payload: JobsClient.Events[K]) => void): () => void;
    off<K extends keyof JobsClient.Events>(type: K, listener: (payload: JobsClient.Events[K]) => void): void;
    once<K extends keyof JobsClient.Events>(type: K, listener: (payload: JobsClient.Events[K]) => void): () => void;

    /** The error class of rejected promises and `error` events (also `JobsClient.JobsClientError`). */
    static readonly Error: typeof JobsClient.JobsClientError;
    /** The endpoint used when `options.url` is not given; see {@link JobsClient.Options.url}. */
    static defaultUrl: string | null;
    static readonly DEFAULTS: Readonly<JobsClient.Options>;
    /**
     * The server's estimate on a `job.progress` (its data's `etaSeconds` and `ratePerSecond`) for
     * people, e.g. `"~12 s left, 3.4 %/s"`; `''` when the data has neither.
     */
    static describeEstimate(data: { etaSeconds?: number; ratePerSecond?: number } | null | undefined): string;
}

declare namespace JobsClient {
    type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

    /** `websocket` (`/jobs`), `sse` (Server-Sent Events, `GET /api/stream`) or `poll` (long polling, `GET /api/poll`). */
    type Transport = 'websocket' | 'sse' | 'poll';

    interface Options {
        /**
         * The gateway's WebSocket, `ws(s)://` or `http(s)://` (turned into `ws(s)://`), absolute or
         * relative to the page. Default: the `jobs` beside the script when it was loaded from the
         * gateway as `.../jobs-client.js` or `.../jobs-client.esm.js`, else (bundled into an
         * application, say) `/jobs` on the page's origin.
         */
        url?: string | null;
        /**
         * The API key: sent in a header to `POST /api/tickets` for a single-use ticket, which the
         * connection presents (`?ticket=`); the key never goes in a URL. A function is called at
         * each (re)connect. None: the server takes the page's logged-in user (same origin only).
         */
        apiKey?: string | null | (() => string | null | Promise<string | null>);
        /** Where to ask for tickets, when not at `tickets` under `apiUrl`. */
        ticketUrl?: string | null;
        /**
         * The gateway's HTTP API, for tickets, polls and history reads: by default `api/` beside
         * the socket's URL; a host application's own JAX-RS path otherwise (e.g. `/rest/`). The
         * stream is always `api/stream` beside the socket's URL (a servlet, not JAX-RS).
         */
        apiUrl?: string | null;
        /**
         * The transports to use, best first. Default `['websocket', 'sse', 'poll']`: a WebSocket
         * that ends before `connected` twice in a row while the gateway answers HTTP (a proxy that
         * refuses the upgrade) gives way to Server-Sent Events; a stream that is cut or sends
         * nothing within `streamTimeout` before its first event (a proxy that holds streamed
         * responses back) to long polling. Every `upgradeInterval` the client tries those above
         * the one it uses, and moves back up when one of them opens. A gateway that does not
         * answer is no reason to fall back: the same transport is tried again, with backoff.
         */
        transports?: Transport[];
        /** Connect from the constructor. Default true. */
        autoConnect?: boolean;
        /** Backoff: the first delay (ms), doubled at each failed attempt up to maxReconnectDelay. Default 1000. */
        minReconnectDelay?: number;
        /** Default 10000. */
        maxReconnectDelay?: number;
        /** Each delay is randomly up to this fraction shorter or longer. Default 0.5. */
        reconnectJitter?: number;
        /** 4429 (the key has too many connections) closes for good after this many retries in a row. Default 3. */
        maxConnectionLimitRetries?: number;
        /** Messages sent per second at most, pongs included; keep it at most half the server's jobs.rate-limit.per-second. Default 10. */
        maxMessagesPerSecond?: number;
        /** Unfinished jobs seen only through a wider room that are resumed after a reconnect. Default 50. */
        maxResumedJobs?: number;
        /** Jobs whose last seq is remembered (least recently active forgotten first). Default 1000. */
        maxTrackedJobs?: number;
        /** SSE: a stream with no `connected` within this many ms is taken as held back (next transport). Default 5000. */
        streamTimeout?: number;
        /** While below the first transport, the ones above it are tried this often (ms, ± reconnectJitter). Default 60000. */
        upgradeInterval?: number;
        /** Long polling: how long the gateway may hold a poll, in seconds (0 to 30). Default 25. */
        pollWait?: number;
        /** A WebSocket class, e.g. for Node. Default the global one. */
        WebSocket?: { new (url: string): WebSocket } | null;
        /** An EventSource class, e.g. for Node. Default the global one. */
        EventSource?: { new (url: string, init?: { withCredentials?: boolean }): EventSource } | null;
    }

    interface Selector {
        jobId?: string;
        userId?: string;
        all?: boolean;
        /** With jobId: replay the job's stored events with a greater seq first. */
        since?: number;
    }

    type JobEventType = 'job.created' | 'job.started' | 'job.progress' | 'job.updated' | 'job.completed' | 'job.failed';

    interface JobEvent {
        type: JobEventType;
        jobId: string;
        /** 1 for the job's first event, +1 for each next. */
        seq: number;
        /** The job's stream: new whenever its seq starts again at 1. */
        epoch: string;
        status: string;
        timestamp: string;
        clientId: string;
        userId?: string;
        /** progress: {progress, message, step}; completed: {completedAt, result, artifacts}; failed: {error, errorMessage, completedAt}. */
        data: { [field: string]: any };
    }

    interface Connected {
        type: 'connected';
        connectionId: string;
        clientId: string;
        userId?: string;
        heartbeatIntervalMs: number;
        heartbeatTimeoutMs: number;
        serverTime: string;
    }

    interface Subscribed {
        type: 'subscribed';
        room: string;
        jobId?: string;
        /**
         * Present for a subscribe with since: false when some events after it were no longer
         * stored. Over SSE, absent for a job whose stream the client has not seen yet (its first
         * event then tells: `recovery-failed` when it is past `since` + 1).
         */
        recovered?: boolean;
        /** The job's current stream, with recovered. */
        epoch?: string;
        id?: string | number;
    }

    interface Unsubscribed {
        type: 'unsubscribed';
        room: string;
        id?: string | number;
    }

    interface Message {
        type: 'message';
        event: string;
        data: { [field: string]: any };
        timestamp: string;
    }

    interface ErrorReply {
        type: 'error';
        code: string;
        message: string;
        id?: string | number;
    }

    interface StateChange {
        state: State;
        previous: State;
        /** The transport of the new state: the one that opened, or is tried next. `open` again with another transport: it moved. */
        transport: Transport;
        /** The close code and reason that led to `reconnecting` or `closed` (for a stream or poll the gateway refused, its HTTP status). */
        code?: number;
        reason?: string;
        /** With `open`: the server's `connected` message, and whether this is a reconnect. */
        connection?: Connected;
        resumed?: boolean;
        /** With `reconnecting`: the wait before the next attempt, in ms, and its number. */
        delay?: number;
        attempt?: number;
    }

    interface Retry {
        code: number;
        reason: string;
        delay: number;
        attempt: number;
    }

    interface Events {
        /** The state changed. */
        state: StateChange;
        /** A connection was accepted (also after each reconnect and move; never over long polling). */
        connected: Connected;
        /** The server confirmed a room: each subscribe(), and each room joined again after a reconnect. */
        subscribed: Subscribed;
        unsubscribed: Unsubscribed;
        /** A reconnect was scheduled. */
        retry: Retry;
        /** A job event, once, in seq order per job. */
        event: JobEvent;
        'job.created': JobEvent;
        'job.started': JobEvent;
        'job.progress': JobEvent;
        'job.updated': JobEvent;
        'job.completed': JobEvent;
        'job.failed': JobEvent;
        /** The server could not replay every event after `since` (trimmed or expired): reload the job. */
        'recovery-failed': { jobId: string; since: number; epoch?: string };
        /** A broadcast (`POST /api/messages`, `broadcastToAll`, `emitToUser`). */
        message: Message;
        /** An error reply no promise was waiting for, or a message the client could not read. */
        error: JobsClientError;
    }

    class JobsClientError extends Error {
        /** The server's error code (`forbidden`, `bad_request`, ...), or `closed`, `cancelled`, `unsupported` (a room long polling cannot serve). */
        readonly code: string;
        /** The server's error reply, when there is one. */
        readonly reply: ErrorReply | null;
        /** For code `closed`: the close code that ended the client. */
        closeCode?: number;
    }
}

/** The error class of rejected promises and `error` events (also `JobsClient.Error` and `JobsClient.JobsClientError`). */
declare const JobsClientError: typeof JobsClient.JobsClientError;
type JobsClientError = JobsClient.JobsClientError;

export { JobsClient, JobsClientError };
export default JobsClient;
