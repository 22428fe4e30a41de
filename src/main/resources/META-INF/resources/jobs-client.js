/*!
 * jobs-client.js: the browser client of jobs-gateway (no build step, no dependency).
 *
 *   <script src="/jobs-client.js"></script>                       (defines the global JobsClient)
 *   import { JobsClient } from '/jobs-client.esm.js';             (ES module)
 *   const JobsClient = require('./jobs-client.js');               (CommonJS, for bundlers)
 *
 *   const client = new JobsClient({ apiKey: 'demo-alice' });      // no apiKey: the page's login
 *   client.on('state', (s) => console.log(s.state));              // connecting, open, reconnecting, closed
 *   client.on('event', (e) => console.log(e.jobId, e.seq, e.type));
 *   client.on('recovery-failed', ({ jobId }) => reloadJob(jobId));
 *   await client.subscribe({ jobId: 'report-42', since: 0 });
 *
 * The wire protocol is src/docs/protocol.md of jobs-gateway. What this client adds to it:
 * - It answers every ping, paces what it sends below the server's rate limit, and notices a
 *   server that went silent (no message for twice the heartbeat interval plus 5 s).
 * - It reconnects with exponential backoff and jitter, except after 4401 (bad key) and 1008
 *   (rate limit broken), and after a few 4429 (too many connections) in a row.
 * - After a reconnect it joins every room again and resumes every job it follows from the
 *   last seq it saw and that seq's stream (subscribe with since and epoch), job rooms before wider rooms, so that a job's
 *   replay comes before its live events. Jobs seen only through a wider room (client, user,
 *   all-jobs) that had not finished are resumed the same way, and their room is left again
 *   when they finish.
 * - The application gets each job event once, in seq order: an event with a seq at or below
 *   the last one seen of its job is dropped, unless it is of a new epoch (the job's seq started
 *   again: a server restarted, Redis lost its data), which is taken from its start. When the
 *   server cannot replay everything (recovered:false) the client emits 'recovery-failed' with
 *   the job's id.
 */
(function (root, factory) {
  'use strict';
  var script = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : null;
  var JobsClient = factory(script);
  if (typeof module === 'object' && module && module.exports) {
    module.exports = JobsClient;
  } else {
    root.JobsClient = JobsClient;
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this, function (scriptSrc) {
  'use strict';

  var TERMINAL_TYPES = { 'job.completed': true, 'job.failed': true };

  // Refusals that the same settings will meet again: the client stops.
  var FATAL_CLOSES = {
    4401: 'the API key is missing or invalid, or no user is logged in',
    1008: 'the connection sent more messages than the server allows'
  };
  var TOO_MANY_CONNECTIONS = 4429;

  // A connection that stayed open this long starts the backoff afresh when it drops.
  var STABLE_MS = 5000;
  // How a rate_limited request is retried (the server did not carry it out).
  var RATE_LIMITED_RETRY_MS = 1000;
  var RATE_LIMITED_MAX_RETRIES = 5;
  // Margin over the server's one-second windows.
  var WINDOW_MS = 1050;

  var DEFAULTS = {
    url: null,
    apiKey: null,
    ticketUrl: null,
    autoConnect: true,
    minReconnectDelay: 1000,
    maxReconnectDelay: 10000,
    reconnectJitter: 0.5,
    maxConnectionLimitRetries: 3,
    maxMessagesPerSecond: 10,
    maxResumedJobs: 50,
    maxTrackedJobs: 1000,
    WebSocket: null
  };

  /** A refusal from the server (its error code) or from the client ('closed', 'cancelled'). */
  class JobsClientError extends Error {
    constructor(code, message, reply) {
      super(message);
      this.name = 'JobsClientError';
      this.code = code;
      this.reply = reply;
    }
  }

  /** The room key of a selector, and the selector's wire fields. */
  function roomOf(selector) {
    var s = selector || {};
    var named = ['jobId', 'userId', 'all'].filter(function (k) { return s[k] !== undefined && s[k] !== false; });
    if (named.length > 1) {
      throw new TypeError('name at most one of jobId, userId, all');
    }
    if (s.jobId !== undefined) {
      if (typeof s.jobId !== 'string') throw new TypeError('jobId must be a string');
      return { key: 'job:' + s.jobId, jobId: s.jobId, fields: { jobId: s.jobId } };
    }
    if (s.userId !== undefined) {
      if (typeof s.userId !== 'string') throw new TypeError('userId must be a string');
      return { key: 'user:' + s.userId, fields: { userId: s.userId } };
    }
    if (s.all === true) {
      return { key: 'all-jobs', fields: { all: true } };
    }
    return { key: 'client', fields: {} };
  }

  function defaultUrl() {
    if (scriptSrc) {
      try {
        var src = new URL(scriptSrc);
        if (/\/jobs-client(\.esm)?\.js$/.test(src.pathname)) {
          return new URL('jobs', src).href;
        }
      } catch (e) {
        // not a URL: fall back to the page's origin
      }
    }
    return '/jobs';
  }

  class JobsClient {
    /** @param {object} [options] see jobs-client.d.ts */
    constructor(options) {
      this._options = Object.assign({}, DEFAULTS, options || {});
      this._listeners = new Map();
      this._state = 'closed';
      this._connection = null;     // the last 'connected' message, while open
      this._everOpen = false;
      this._closedByUser = true;   // not connected nor trying to
      this._closedFor = null;      // why the client stopped, once it did: new requests are refused
      this._ws = null;
      this._generation = 0;        // handlers of an abandoned socket see an older generation
      this._attempt = 0;           // failed attempts since the last stable connection
      this._limitRefusals = 0;     // 4429 in a row
      this._openedAt = 0;
      this._retryTimer = null;
      this._watchdog = null;
      this._rooms = new Map();     // room key -> {key, jobId, fields, since, implicit, waiters}
      this._jobs = new Map();      // jobId -> {lastSeq, epoch, terminal, held}; least recently active first
      this._inflight = new Map();  // request id -> entry
      this._waiting = [];          // history calls made while not open
      this._queue = [];            // outgoing entries, paced
      this._windowStart = -Infinity;
      this._windowCount = 0;
      this._sendTimer = null;
      this._nextId = 1;
      this._onOnline = this._retryNow.bind(this);
      // Connects on the next microtask, so that listeners added right after `new` see 'connecting'.
      this._autoConnect = this._options.autoConnect !== false;
      if (this._autoConnect) {
        var self = this;
        Promise.resolve().then(function () {
          if (self._autoConnect) self.connect();
        });
      }
    }

    /** 'connecting', 'open', 'reconnecting' or 'closed'. */
    get state() {
      return this._autoConnect ? 'connecting' : this._state;
    }

    /** The server's 'connected' message of the current connection (connectionId, clientId, userId, ...), or null. */
    get connection() {
      return this._connection;
    }

    /** The last seq delivered of a job, or undefined. */
    lastSeq(jobId) {
      var job = this._jobs.get(jobId);
      return job ? job.lastSeq : undefined;
    }

    // ------------------------------------------------------------------ events

    /** Adds a listener; answers a function that removes it. */
    on(type, listener) {
      var set = this._listeners.get(type);
      if (!set) {
        set = new Set();
        this._listeners.set(type, set);
      }
      set.add(listener);
      var self = this;
      return function () { self.off(type, listener); };
    }

    off(type, listener) {
      var set = this._listeners.get(type);
      if (set) set.delete(listener);
    }

    once(type, listener) {
      var off = this.on(type, function (payload) {
        off();
        listener.call(this, payload);
      });
      return off;
    }

    _emit(type, payload) {
      var set = this._listeners.get(type);
      if (!set) return;
      Array.from(set).forEach(function (listener) {
        try {
          listener.call(this, payload);
        } catch (e) {
          // One failing listener must neither stop the others nor the client: report it as uncaught.
          setTimeout(function () { throw e; });
        }
      }, this);
    }

    /** Emits 'state' when the state changes. */
    _setState(state, detail) {
      var previous = this._state;
      if (previous === state) return;
      this._state = state;
      this._emit('state', Object.assign({ state: state, previous: previous }, detail || {}));
    }

    // ------------------------------------------------------------------ connection

    /** Connects, if not connected or trying to. Called by the constructor unless autoConnect is false. */
    connect() {
      this._autoConnect = false;
      if (!this._closedByUser) return this;
      this._closedByUser = false;
      this._closedFor = null;
      this._attempt = 0;
      this._limitRefusals = 0;
      if (typeof window !== 'undefined' && window.addEventListener) {
        window.addEventListener('online', this._onOnline);
      }
      this._open(this._everOpen ? 'reconnecting' : 'connecting');
      return this;
    }

    /** Closes for good (until connect() is called again); pending requests are rejected. */
    close() {
      this._autoConnect = false;
      if (this._closedByUser && this._state === 'closed') return;
      this._closedByUser = true;
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
      var ws = this._abandonSocket();
      if (ws) {
        try { ws.close(1000, 'client closed'); } catch (e) { /* already closing */ }
      }
      this._shutdown(1000, 'closed by the application');
    }

    _open(state, detail) {
      this._setState(state, detail);
      var generation = ++this._generation;
      var self = this;
      var apiKey = this._options.apiKey;
      Promise.resolve(typeof apiKey === 'function' ? apiKey() : apiKey).then(function (key) {
        if (generation !== self._generation || self._closedByUser) return;
        if (!key) {
          self._createSocket(generation, null); // the page's login
          return;
        }
        // The key goes in a header, for a single-use ticket; only the ticket goes in the URL.
        self._ticket(key).then(function (ticket) {
          if (generation !== self._generation || self._closedByUser) return;
          self._createSocket(generation, ticket);
        }, function (failure) {
          if (generation !== self._generation || self._closedByUser) return;
          self._emit('error', new JobsClientError('ticket', failure.message, null));
          self._dropped(generation, failure.code, failure.message);
        });
      }, function (error) {
        if (generation !== self._generation || self._closedByUser) return;
        self._emit('error', new JobsClientError('api_key', 'the apiKey function failed: ' + error, null));
        self._dropped(generation, 1006, 'no API key');
      });
    }

    /** Asks POST /api/tickets for a ticket; a refused key fails as a 4401 close would (no retry). */
    _ticket(key) {
      var base = this._baseUrl();
      var url = this._options.ticketUrl ? new URL(this._options.ticketUrl, base) : new URL('api/tickets', base);
      if (url.protocol === 'ws:') url.protocol = 'http:';
      if (url.protocol === 'wss:') url.protocol = 'https:';
      return fetch(url.href, { method: 'POST', headers: { 'Authorization': 'Bearer ' + key }, credentials: 'omit' })
        .then(function (response) {
          if (response.status === 401) throw { code: 4401, message: 'the API key is invalid' };
          if (response.status !== 201) {
            throw { code: 1006, message: 'POST ' + url.pathname + ' answered ' + response.status
                + (response.status === 404 ? ': set the ticketUrl option to where the gateway serves /api/tickets' : '') };
          }
          return response.json().then(function (body) { return body.ticket; });
        }, function (error) {
          throw { code: 1006, message: 'no ticket: ' + (error && error.message || error) };
        });
    }

    _baseUrl() {
      var base = this._options.url || JobsClient.defaultUrl || defaultUrl();
      return new URL(base, typeof location !== 'undefined' ? location.href : undefined);
    }

    _socketUrl(ticket) {
      var url = this._baseUrl();
      if (url.protocol === 'http:') url.protocol = 'ws:';
      if (url.protocol === 'https:') url.protocol = 'wss:';
      if (ticket) url.searchParams.set('ticket', ticket);
      return url.href;
    }

    _createSocket(generation, ticket) {
      var Socket = this._options.WebSocket || (typeof WebSocket !== 'undefined' ? WebSocket : null);
      var ws;
      try {
        if (!Socket) throw new Error('no WebSocket implementation: pass options.WebSocket');
        ws = new Socket(this._socketUrl(ticket));
      } catch (e) {
        // A URL the browser rejects outright: retrying cannot help.
        this._emit('error', new JobsClientError('connect', String(e && e.message || e), null));
        this._shutdown(1006, String(e && e.message || e));
        return;
      }
      var self = this;
      this._ws = ws;
      ws.onmessage = function (e) {
        if (generation === self._generation) self._received(e.data);
      };
      ws.onclose = function (e) {
        if (generation === self._generation) self._dropped(generation, e.code, e.reason);
      };
      ws.onerror = function () {
        // a close event follows, with the code
      };
    }

    /** Detaches the current socket (its events are ignored from now on) and answers it. */
    _abandonSocket() {
      var ws = this._ws;
      this._ws = null;
      this._generation++;
      if (ws) {
        ws.onmessage = ws.onclose = ws.onerror = null;
      }
      return ws;
    }

    _retryNow() {
      if (this._retryTimer) {
        clearTimeout(this._retryTimer);
        this._retryTimer = null;
        this._open('reconnecting');
      }
    }

    _dropped(generation, code, reason) {
      if (generation !== this._generation) return;
      var wasOpen = this._connection !== null;
      this._abandonSocket();
      this._connectionLost();
      if (this._closedByUser) return;
      if (FATAL_CLOSES[code]) {
        this._shutdown(code, reason || FATAL_CLOSES[code]);
        return;
      }
      if (code === TOO_MANY_CONNECTIONS) {
        this._limitRefusals++;
        if (this._limitRefusals > this._options.maxConnectionLimitRetries) {
          this._shutdown(code, reason || 'the key has too many connections open');
          return;
        }
      }
      if (wasOpen && Date.now() - this._openedAt >= STABLE_MS) {
        this._attempt = 0;
      }
      var delay = this._backoff(this._attempt++);
      var retry = { code: code, reason: reason || '', delay: delay, attempt: this._attempt };
      this._setState('reconnecting', retry);
      this._emit('retry', retry);
      var self = this;
      this._retryTimer = setTimeout(function () {
        self._retryTimer = null;
        self._open('reconnecting');
      }, delay);
    }

    _backoff(attempt) {
      var o = this._options;
      var delay = Math.min(o.maxReconnectDelay, o.minReconnectDelay * Math.pow(2, attempt));
      var jitter = delay * o.reconnectJitter * (Math.random() * 2 - 1);
      return Math.max(0, Math.round(Math.min(o.maxReconnectDelay, delay + jitter)));
    }

    /** The connection is gone: what was sent and not answered waits for the next one. */
    _connectionLost() {
      clearTimeout(this._watchdog);
      clearTimeout(this._sendTimer);
      this._watchdog = null;
      this._sendTimer = null;
      this._connection = null;
      var self = this;
      var unanswered = Array.from(this._inflight.values()).concat(this._queue.map(function (q) { return q.entry; }));
      this._inflight.clear();
      this._queue = [];
      unanswered.forEach(function (entry) {
        if (!entry) return; // a pong
        if (entry.kind === 'subscribe') {
          var room = self._rooms.get(entry.room.key);
          if (room === entry.room) {
            Array.prototype.push.apply(room.waiters, entry.waiters);
          } else {
            settle(entry.waiters, new JobsClientError('cancelled', 'unsubscribed before the server answered', null));
          }
        } else if (entry.kind === 'unsubscribe') {
          // the rooms of a connection end with it
          settle(entry.waiters, null, { type: 'unsubscribed', room: entry.room.key });
        } else {
          self._waiting.push(entry);
        }
      });
      this._jobs.forEach(function (job) { job.held = null; });
    }

    /** Stops for good: state closed, every pending request rejected. */
    _shutdown(code, reason) {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
      this._abandonSocket();
      this._connectionLost();
      this._closedByUser = true;
      if (typeof window !== 'undefined' && window.removeEventListener) {
        window.removeEventListener('online', this._onOnline);
      }
      var error = new JobsClientError('closed', 'the client is closed: ' + reason, null);
      error.closeCode = code;
      this._closedFor = error;
      this._rooms.forEach(function (room) {
        settle(room.waiters.splice(0), error);
      });
      settle(this._waiting.splice(0).reduce(function (all, e) { return all.concat(e.waiters); }, []), error);
      this._setState('closed', { code: code, reason: reason });
    }

    _armWatchdog() {
      clearTimeout(this._watchdog);
      var interval = this._connection && this._connection.heartbeatIntervalMs;
      if (!interval) return;
      var silence = 2 * interval + 5000;
      var generation = this._generation;
      var self = this;
      this._watchdog = setTimeout(function () {
        // No ping for two intervals: the server or the network went away without a close.
        var ws = self._ws;
        self._dropped(generation, 1006, 'no message from the server for ' + silence + ' ms');
        try { ws.close(); } catch (e) { /* it is gone anyway */ }
      }, silence);
    }

    // ------------------------------------------------------------------ receiving

    _received(data) {
      var message;
      try {
        message = JSON.parse(data);
      } catch (e) {
        this._emit('error', new JobsClientError('bad_message', 'the server sent something that is not JSON', null));
        return;
      }
      if (this._connection) this._armWatchdog();
      switch (message.type) {
        case 'connected':
          this._connected(message);
          break;
        case 'ping':
          this._send({ type: 'pong' }, null, true);
          break;
        case 'subscribed':
        case 'unsubscribed':
        case 'history':
          this._answered(message);
          break;
        case 'error':
          this._refused(message);
          break;
        case 'message':
          this._emit('message', message);
          break;
        default:
          if (typeof message.type === 'string' && message.type.indexOf('job.') === 0
              && typeof message.jobId === 'string' && typeof message.seq === 'number') {
            this._jobEvent(message);
          }
      }
    }

    _connected(info) {
      this._connection = info;
      this._openedAt = Date.now();
      this._limitRefusals = 0;
      this._windowStart = -Infinity;
      var resumed = this._everOpen;
      this._everOpen = true;
      this._armWatchdog();
      this._setState('open', { connection: info, resumed: resumed });
      this._emit('connected', info);
      this._resume();
    }

    /**
     * Joins every room again. Job rooms go first, each with since = the last seq seen, so that
     * a job's replay reaches this connection before its live events can come through a wider room.
     */
    _resume() {
      var self = this;
      var budget = this._options.maxResumedJobs;
      this._rooms.forEach(function (room) { if (room.implicit) budget--; });
      this._jobs.forEach(function (job, jobId) {
        if (budget > 0 && !job.terminal && job.lastSeq > 0 && !self._rooms.has('job:' + jobId)) {
          budget--;
          self._rooms.set('job:' + jobId, newRoom(roomOf({ jobId: jobId }), undefined, true));
        }
      });
      var rooms = Array.from(this._rooms.values());
      rooms.filter(function (r) { return r.jobId !== undefined; }).forEach(function (r) { self._subscribe(r); });
      rooms.filter(function (r) { return r.jobId === undefined; }).forEach(function (r) { self._subscribe(r); });
      this._waiting.splice(0).forEach(function (entry) { self._send(entry.message, entry); });
    }

    _answered(reply) {
      var entry = this._inflight.get(reply.id);
      if (!entry) return;
      this._inflight.delete(reply.id);
      if (entry.kind === 'subscribe' && entry.room.jobId !== undefined && entry.message.since !== undefined) {
        var job = this._jobs.get(entry.room.jobId);
        // What came meanwhile is in the replay that follows this reply.
        if (job) job.held = null;
        if (reply.recovered === false) {
          if (job && (reply.epoch === undefined || reply.epoch !== job.epoch)) {
            // The position belonged to a stream that is gone: the replay that follows starts the new one.
            job.lastSeq = 0;
            job.epoch = reply.epoch;
          }
          this._emit('recovery-failed', { jobId: entry.room.jobId, since: entry.message.since, epoch: entry.message.epoch });
        }
      }
      settle(entry.waiters, null, reply);
      if (reply.type !== 'history') this._emit(reply.type, reply);
    }

    _refused(error) {
      var entry = error.id !== undefined ? this._inflight.get(error.id) : undefined;
      var failure = new JobsClientError(error.code, error.message, error);
      if (!entry) {
        this._emit('error', failure);
        return;
      }
      this._inflight.delete(error.id);
      if (error.code === 'rate_limited' && entry.retries < RATE_LIMITED_MAX_RETRIES) {
        // Not carried out: sent again later. A since-subscribe keeps holding its job's events meanwhile.
        var self = this;
        setTimeout(function () {
          if (!self._connection) {
            if (entry.kind === 'subscribe') Array.prototype.push.apply(entry.room.waiters, entry.waiters);
            else if (entry.kind === 'history') self._waiting.push(entry);
            else settle(entry.waiters, null, { type: 'unsubscribed', room: entry.room.key });
            return;
          }
          if (entry.kind === 'subscribe') {
            if (self._rooms.get(entry.room.key) !== entry.room) {
              settle(entry.waiters, new JobsClientError('cancelled', 'unsubscribed before the server answered', null));
              return;
            }
            Array.prototype.push.apply(entry.room.waiters, entry.waiters);
            self._subscribe(entry.room, entry.retries + 1);
          } else {
            entry.retries++;
            self._send(entry.message, entry);
          }
        }, RATE_LIMITED_RETRY_MS * (1 + Math.random()));
        return;
      }
      if (entry.kind === 'subscribe' && entry.room.jobId !== undefined) {
        this._release(entry.room.jobId);
      }
      if (entry.kind === 'subscribe' && this._rooms.get(entry.room.key) === entry.room) {
        this._rooms.delete(entry.room.key);
        if (entry.waiters.length === 0) {
          // a room joined again after a reconnect, refused this time: nobody else will hear of it
          this._emit('error', failure);
        }
      }
      settle(entry.waiters, failure);
    }

    _jobEvent(event) {
      var job = this._track(event.jobId);
      if (job.held) {
        job.held.push(event);
        return;
      }
      this._deliver(event.jobId, job, event);
    }

    _deliver(jobId, job, event) {
      var newStream = job.epoch !== undefined && event.epoch !== undefined && event.epoch !== job.epoch;
      if (!newStream && event.seq <= job.lastSeq) return;
      job.lastSeq = event.seq;
      job.epoch = event.epoch;
      job.terminal = TERMINAL_TYPES[event.type] === true;
      this._jobs.delete(jobId);
      this._jobs.set(jobId, job);
      this._emit('event', event);
      this._emit(event.type, event);
      if (job.terminal) {
        var room = this._rooms.get('job:' + jobId);
        if (room && room.implicit) {
          // joined only to resume it: a finished job needs its room no more
          this._rooms.delete(room.key);
          if (this._connection) {
            this._send({ type: 'unsubscribe', jobId: jobId }, { kind: 'unsubscribe', room: room, waiters: [] });
          }
        }
      }
    }

    /** A refused or abandoned since-subscribe: the events held for it are delivered after all. */
    _release(jobId) {
      var job = this._jobs.get(jobId);
      if (!job || !job.held) return;
      var held = job.held.sort(function (a, b) { return a.seq - b.seq; });
      job.held = null;
      held.forEach(function (event) { this._deliver(jobId, job, event); }, this);
    }

    _track(jobId) {
      var job = this._jobs.get(jobId);
      if (job) return job;
      job = { lastSeq: 0, epoch: undefined, terminal: false, held: null };
      this._jobs.set(jobId, job);
      if (this._jobs.size > this._options.maxTrackedJobs) {
        for (var entry of this._jobs) {
          if (entry[1] !== job && !this._rooms.has('job:' + entry[0]) && !entry[1].held) {
            this._jobs.delete(entry[0]);
            break;
          }
        }
      }
      return job;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Joins a room: {jobId}, {jobId, since}, {userId}, {all: true}, or nothing for the key's
     * client. Answers a promise of the server's 'subscribed' reply; it is rejected with a
     * JobsClientError carrying the server's error code. The room is joined again after every
     * reconnect until unsubscribe().
     */
    subscribe(selector) {
      var self = this;
      return new Promise(function (resolve, reject) {
        var target = roomOf(selector);
        var since = selector && selector.since;
        if (since !== undefined && (target.jobId === undefined || !(since >= 0) || Math.floor(since) !== since)) {
          throw new TypeError('since must be a whole number >= 0, with jobId');
        }
        if (self._closedFor) throw self._closedFor;
        var room = self._rooms.get(target.key);
        if (!room) {
          room = newRoom(target, since, false);
          self._rooms.set(target.key, room);
        } else {
          room.implicit = false;
          if (since !== undefined) room.since = since;
        }
        room.waiters.push({ resolve: resolve, reject: reject });
        if (self._connection) self._subscribe(room);
      });
    }

    _subscribe(room, retries) {
      var message = Object.assign({ type: 'subscribe' }, room.fields);
      if (room.jobId !== undefined) {
        var job = this._jobs.get(room.jobId);
        var since = room.since;
        if (job && job.lastSeq > 0) {
          since = since === undefined ? job.lastSeq : Math.max(since, job.lastSeq);
          if (job.epoch !== undefined) message.epoch = job.epoch; // the stream that seq belongs to
        } else if (since === undefined && this._everJoined(room)) {
          since = 0; // joined before and saw nothing yet: anything published while away counts
        }
        if (since !== undefined) {
          message.since = since;
          this._track(room.jobId).held = [];
        }
      }
      room.joined = true;
      this._send(message, { kind: 'subscribe', room: room, waiters: room.waiters.splice(0), retries: retries || 0 });
    }

    _everJoined(room) {
      return room.joined === true;
    }

    /** Leaves a room; answers a promise of the 'unsubscribed' reply (at once when not connected). */
    unsubscribe(selector) {
      var self = this;
      return new Promise(function (resolve, reject) {
        var target = roomOf(selector);
        var room = self._rooms.get(target.key) || newRoom(target, undefined, false);
        self._rooms.delete(target.key);
        settle(room.waiters.splice(0), new JobsClientError('cancelled', 'unsubscribed before the server answered', null));
        if (!self._connection) {
          resolve({ type: 'unsubscribed', room: target.key });
          return;
        }
        self._send(Object.assign({ type: 'unsubscribe' }, target.fields),
          { kind: 'unsubscribe', room: room, waiters: [{ resolve: resolve, reject: reject }] });
      });
    }

    /** The last `limit` (default 100) stored events of a job, oldest first; does not join its room. */
    history(jobId, options) {
      var self = this;
      return new Promise(function (resolve, reject) {
        if (typeof jobId !== 'string') throw new TypeError('jobId must be a string');
        if (self._closedFor) throw self._closedFor;
        var message = { type: 'history', jobId: jobId };
        if (options && options.limit !== undefined) message.limit = options.limit;
        var entry = { kind: 'history', message: message, retries: 0, waiters: [{ resolve: resolve, reject: reject }] };
        if (self._connection) self._send(message, entry);
        else self._waiting.push(entry);
      }).then(function (reply) { return reply.events; });
    }

    _send(message, entry, urgent) {
      if (entry) {
        var id = this._nextId++;
        message = Object.assign({}, message, { id: id });
        entry.message = message;
        this._inflight.set(id, entry);
      }
      var item = { message: message, entry: entry };
      if (urgent) this._queue.unshift(item);
      else this._queue.push(item);
      this._flush();
    }

    /** Sends what waits, at most maxMessagesPerSecond in each window of a little over a second. */
    _flush() {
      if (this._sendTimer || !this._ws || !this._connection) return;
      while (this._queue.length > 0) {
        var now = Date.now();
        if (now >= this._windowStart + WINDOW_MS) {
          this._windowStart = now;
          this._windowCount = 0;
        }
        if (this._windowCount >= this._options.maxMessagesPerSecond) {
          var self = this;
          this._sendTimer = setTimeout(function () {
            self._sendTimer = null;
            self._flush();
          }, this._windowStart + WINDOW_MS - now);
          return;
        }
        var item = this._queue.shift();
        this._windowCount++;
        try {
          this._ws.send(JSON.stringify(item.message));
        } catch (e) {
          // the socket is closing: its close event puts the request back
          this._queue.unshift(item);
          this._windowCount--;
          return;
        }
      }
    }
  }

  function newRoom(target, since, implicit) {
    return { key: target.key, jobId: target.jobId, fields: target.fields, since: since, implicit: implicit,
      joined: false, waiters: [] };
  }

  function settle(waiters, error, value) {
    waiters.forEach(function (w) {
      if (error) w.reject(error);
      else w.resolve(value);
    });
  }

  JobsClient.Error = JobsClientError;
  JobsClient.JobsClientError = JobsClientError;
  JobsClient.defaultUrl = null;
  JobsClient.DEFAULTS = DEFAULTS;
  return JobsClient;
});
