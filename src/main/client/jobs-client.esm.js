/*!
 * jobs-client.esm.js: the browser client of jobs-gateway, an ES module (no build step, no dependency).
 *
 *   import { JobsClient } from '/jobs-client.esm.js';            (from the gateway, in a <script type="module">)
 *   import { JobsClient } from 'jobs-gateway-client';            (the npm package, under a bundler or Node)
 *   <script src="/jobs-client.js"></script>                       (the same client as a classic script: the global JobsClient)
 *
 *   const client = new JobsClient({ apiKey: 'demo-alice' });      // no apiKey: the page's login
 *   client.on('state', (s) => console.log(s.state, s.transport)); // connecting, open, reconnecting, closed
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
 * - Where WebSockets do not get through (a proxy refuses the upgrade: two WebSockets in a row
 *   end before 'connected' while the gateway answers HTTP), it goes on over Server-Sent Events
 *   (GET /api/stream), and where streamed responses do not get through either (cut, or held
 *   back until they end), over long polling (GET /api/poll), with the same rooms, positions and
 *   de-duplication. Now and then it tries the transports above the one it uses again, and
 *   moves back up once one of them is in every room.
 *
 * This file is the source. jobs-client.js is the same code in a classic script's wrapper, since a
 * classic script can import no module and pages that load it use the global at once: the lines
 * between the marks below are copied there by `node sync-script.mjs` (ClientPackageTest fails the
 * build when the two differ). Importing this module changes nothing global (package.json says
 * sideEffects: false).
 */

// The module's own URL: when it is the gateway's /.../jobs-client.esm.js, the WebSocket default is
// the `jobs` beside it. (A bundler may leave import.meta empty, or point it at a file: see defaultUrl.)
const scriptSrc = typeof import.meta.url === 'string' ? import.meta.url : null;

// >>> The client: these lines, down to the closing mark, are the same in jobs-client.esm.js (the source) and jobs-client.js (`node sync-script.mjs` copies them).
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

var TRANSPORTS = ['websocket', 'sse', 'poll'];
// WebSockets in a row that end before 'connected' while the gateway answers HTTP: then the next transport.
var WEBSOCKET_REFUSALS = 2;
// The epoch of a stream position whose epoch the client never saw: none, as a since without epoch.
var UNSEEN_EPOCH = '';
// A poll (and a stream) must name a job: with none subscribed, the one that checks the key or login names this.
var PLACEHOLDER_JOB = 'jobs-client.none';
// Past this, an HTTP check or a poll beyond its wait is taken as lost.
var HTTP_GRACE_MS = 10000;
// Long polls held at once, each one of the key's connections, while the rooms change.
var MAX_HELD_POLLS = 2;
// A transport that takes over closes the one before once in every room, or after this at the latest.
var TAKEOVER_MS = 10000;
var ID = /^[A-Za-z0-9._:-]{1,128}$/;

var DEFAULTS = {
  url: null,
  apiKey: null,
  ticketUrl: null,
  apiUrl: null,
  transports: TRANSPORTS,
  autoConnect: true,
  minReconnectDelay: 1000,
  maxReconnectDelay: 10000,
  reconnectJitter: 0.5,
  maxConnectionLimitRetries: 3,
  maxMessagesPerSecond: 10,
  maxResumedJobs: 50,
  maxTrackedJobs: 1000,
  streamTimeout: 5000,
  upgradeInterval: 60000,
  pollWait: 25,
  WebSocket: null,
  EventSource: null
};

/** A refusal from the server (its error code) or from the client ('closed', 'cancelled', 'unsupported'). */
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

/** The room key of a 'subscribed' reply (the client's own room is 'client:<id>' on the wire). */
function roomKeyOf(reply) {
  if (reply.jobId !== undefined) return 'job:' + reply.jobId;
  return String(reply.room).indexOf('client:') === 0 ? 'client' : reply.room;
}

/**
 * The gateway's `jobs` beside the script, when it was loaded from a gateway (an http(s) URL ending in
 * /jobs-client.js or /jobs-client.esm.js); else `/jobs` on the page's origin. Bundled, the module's
 * URL is the bundle's, or a file: URL of the build machine, or none at all: none of them is the gateway.
 */
function defaultUrl() {
  if (scriptSrc) {
    try {
      var src = new URL(scriptSrc);
      if ((src.protocol === 'http:' || src.protocol === 'https:') && /\/jobs-client(\.esm)?\.js$/.test(src.pathname)) {
        return new URL('jobs', src).href;
      }
    } catch (e) {
      // not a URL: fall back to the page's origin
    }
  }
  return '/jobs';
}

/** The transports asked for that this environment has, in the order asked. */
function transportsOf(options) {
  var asked = options.transports;
  if (!Array.isArray(asked) || asked.length === 0 || asked.some(function (t) { return TRANSPORTS.indexOf(t) < 0; })) {
    throw new TypeError('transports must list one or more of ' + TRANSPORTS.join(', '));
  }
  var http = typeof fetch === 'function' && typeof AbortController === 'function';
  var usable = asked.filter(function (t, i) {
    if (asked.indexOf(t) !== i) return false;
    if (t === 'websocket') return !!(options.WebSocket || typeof WebSocket !== 'undefined');
    if (t === 'sse') return http && !!(options.EventSource || typeof EventSource !== 'undefined');
    return http;
  });
  return usable.length > 0 ? usable : asked.slice(0, 1); // none: the first one fails and says why
}

class JobsClient {
  /** @param {object} [options] see jobs-client.d.ts */
  constructor(options) {
    this._options = Object.assign({}, DEFAULTS, options || {});
    this._transports = transportsOf(this._options);
    this._transport = this._transports[0];
    this._listeners = new Map();
    this._state = 'closed';
    this._stateTransport = null;
    this._connection = null;     // the last 'connected' message, while open (none over long polling)
    this._live = false;          // open on some transport: requests go out
    this._everOpen = false;
    this._closedByUser = true;   // not connected nor trying to
    this._closedFor = null;      // why the client stopped, once it did: new requests are refused
    this._link = null;           // the transport in use: {kind, role, key, connected, dead, close, ...}
    this._successor = null;      // over SSE: the stream with the new rooms, before it takes over
    this._probe = null;          // a transport above the one in use, being tried
    this._retiring = [];         // transports taken over from, delivering until the new one is in every room
    this._refusals = 0;          // WebSockets in a row that ended before 'connected' while the gateway answered
    this._attempt = 0;           // failed attempts since the last stable connection
    this._limitRefusals = 0;     // 4429 in a row
    this._openedAt = 0;
    this._retryTimer = null;
    this._upgradeTimer = null;
    this._changeTimer = null;
    this._watchdog = null;
    this._rooms = new Map();     // room key -> {key, jobId, fields, since, implicit, joined, on, waiters}
    this._jobs = new Map();      // jobId -> {lastSeq, epoch, terminal, held}; least recently active first
    this._inflight = new Map();  // request id -> entry
    this._waiting = [];          // history calls made while not open
    this._leaving = [];          // over SSE: unsubscribes settled once a stream without their room took over
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

  /** The transport in use or being tried: 'websocket', 'sse' or 'poll'. */
  get transport() {
    return this._transport;
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

  /** Emits 'state' when the state or the transport changes. */
  _setState(state, detail) {
    var previous = this._state;
    if (previous === state && this._stateTransport === this._transport) return;
    this._state = state;
    this._stateTransport = this._transport;
    this._emit('state', Object.assign({ state: state, previous: previous, transport: this._transport }, detail || {}));
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
    this._refusals = 0;
    this._transport = this._transports[0];
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
    this._shutdown(1000, 'closed by the application');
  }

  _open(state, detail) {
    this._setState(state, detail);
    this._link = this._startLink(this._transport, 'main');
  }

  /**
   * Starts a transport: 'main' (the one in use), 'probe' (one above it, being tried) or
   * 'successor' (over SSE, the stream with the new rooms). Its key is resolved first; a
   * WebSocket or a stream then presents a single-use ticket for it, a poll the key itself in a header.
   */
  _startLink(kind, role) {
    var self = this;
    var link = { kind: kind, role: role, key: null, ticketed: false, connected: false, dead: false, info: null,
      rooms: null, asked: null, awaiting: null, polls: [], timer: null, send: null, close: function () {} };
    var apiKey = this._options.apiKey;
    Promise.resolve(typeof apiKey === 'function' ? apiKey() : apiKey).then(function (key) {
      if (link.dead) return;
      link.key = key || null;
      if (!key || kind === 'poll') {
        self._begin(link, null); // the page's login, or a poll
        return;
      }
      // The key goes in a header, for a single-use ticket; only the ticket goes in the URL.
      self._ticket(key).then(function (ticket) {
        if (link.dead) return;
        link.ticketed = true;
        self._begin(link, ticket);
      }, function (failure) {
        if (link.dead) return;
        if (role === 'main') self._emit('error', new JobsClientError('ticket', failure.reason, null));
        self._failed(link, failure);
      });
    }, function (error) {
      if (link.dead) return;
      self._emit('error', new JobsClientError('api_key', 'the apiKey function failed: ' + error, null));
      self._failed(link, { code: 1006, reason: 'no API key' });
    });
    return link;
  }

  /**
   * Asks POST /api/tickets for a ticket; a refused key fails as a 4401 close would (no retry).
   * Any other failure is the gateway's, not the transport's: it is no reason to fall back.
   */
  _ticket(key) {
    var url = this._options.ticketUrl ? this._httpUrl(this._options.ticketUrl) : this._apiUrl('tickets');
    return fetch(url.href, { method: 'POST', headers: { 'Authorization': 'Bearer ' + key }, credentials: 'omit' })
      .then(function (response) {
        if (response.status === 401) throw { code: 4401, reason: 'the API key is invalid' };
        if (response.status !== 201) {
          throw { code: 1006, how: 'away', reason: 'POST ' + url.pathname + ' answered ' + response.status
              + (response.status === 404 ? ': set the ticketUrl option to where the gateway serves /api/tickets' : '') };
        }
        return response.json().then(function (body) { return body.ticket; });
      }, function (error) {
        throw { code: 1006, how: 'away', reason: 'no ticket: ' + (error && error.message || error) };
      });
  }

  _begin(link, ticket) {
    try {
      if (link.kind === 'websocket') this._beginSocket(link, ticket);
      else if (link.kind === 'sse') this._beginStream(link, ticket);
      else this._beginPolling(link);
    } catch (e) {
      // A URL or a class the browser rejects outright: retrying cannot help.
      var reason = String(e && e.message || e);
      if (link.role !== 'main') {
        this._failed(link, { code: 1006, reason: reason });
        return;
      }
      this._emit('error', new JobsClientError('connect', reason, null));
      this._shutdown(1006, reason);
    }
  }

  _baseUrl() {
    var base = this._options.url || JobsClient.defaultUrl || defaultUrl();
    return new URL(base, typeof location !== 'undefined' ? location.href : undefined);
  }

  /** An http(s) URL relative to the socket's. */
  _httpUrl(relative) {
    var url = new URL(relative, this._baseUrl());
    if (url.protocol === 'ws:') url.protocol = 'http:';
    if (url.protocol === 'wss:') url.protocol = 'https:';
    return url;
  }

  /** A resource of the HTTP API: under apiUrl, by default api/ beside the socket. */
  _apiUrl(path) {
    var base = this._options.apiUrl
      ? new URL(this._options.apiUrl, typeof location !== 'undefined' ? location.href : undefined)
      : this._httpUrl('api/');
    return new URL(path, base);
  }

  _socketUrl(ticket) {
    var url = this._baseUrl();
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    if (ticket) url.searchParams.set('ticket', ticket);
    return url.href;
  }

  // ------------------------------------------------------------------ WebSocket

  _beginSocket(link, ticket) {
    var Socket = this._options.WebSocket || (typeof WebSocket !== 'undefined' ? WebSocket : null);
    if (!Socket) throw new Error('no WebSocket implementation: pass options.WebSocket');
    var ws = new Socket(this._socketUrl(ticket));
    var self = this;
    link.send = function (text) { ws.send(text); };
    link.close = function () {
      ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000, 'client closed'); } catch (e) { /* already closing */ }
    };
    ws.onmessage = function (e) { self._receivedText(link, e.data); };
    ws.onclose = function (e) {
      var failure = { code: e.code, reason: e.reason };
      if (link.connected || link.ticketed || e.code !== 1006) {
        self._failed(link, failure);
        return;
      }
      // Ended before 'connected': a proxy that refuses WebSockets, or the gateway away? The ticket said it was there; without one, ask.
      self._reachable().then(function (reachable) {
        if (!reachable) failure.how = 'away';
        self._failed(link, failure);
      });
    };
    ws.onerror = function () {
      // a close event follows, with the code
    };
  }

  /**
   * Whether the gateway answers plain HTTP as itself: a poll that names no job is refused with
   * its JSON error (401 or 400), where a proxy's 502 or a server still deploying it answers otherwise.
   */
  _reachable() {
    if (typeof fetch !== 'function' || typeof AbortController !== 'function') return Promise.resolve(true);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, HTTP_GRACE_MS);
    return fetch(this._apiUrl('poll').href, { cache: 'no-store', credentials: 'include', signal: controller.signal })
      .then(function (response) { return response.json(); })
      .then(function (body) { return !!body && typeof body.error === 'string'; }, function () { return false; })
      .then(function (reachable) {
        clearTimeout(timer);
        return reachable;
      });
  }

  // ------------------------------------------------------------------ Server-Sent Events

  /**
   * An EventSource on /api/stream with every room and, as lastEventId, the position of every
   * job room: the stream resumes each as a since-subscribe would. No 'connected' within
   * streamTimeout: something between holds streamed responses back (the next transport).
   */
  _beginStream(link, ticket) {
    var Source = this._options.EventSource || EventSource;
    var self = this;
    if (link.role !== 'successor') this._resumeJobs();
    var source = new Source(this._streamUrl(link, ticket, true), { withCredentials: !link.key });
    link.close = function () { source.close(); };
    ['connected', 'subscribed', 'job', 'message'].forEach(function (type) {
      source.addEventListener(type, function (e) { self._receivedText(link, e.data); });
    });
    source.onerror = function () {
      // Closed here rather than left to EventSource's own retry: the ticket is spent, and the positions are the client's.
      source.close();
      if (link.dead) return;
      if (link.connected) {
        self._failed(link, { code: 1006, reason: 'the stream ended' });
        return;
      }
      self._diagnose(link).then(function (failure) { self._failed(link, failure); });
    };
    var wait = this._options.streamTimeout;
    link.timer = setTimeout(function () {
      if (link.connected || link.dead) return;
      self._failed(link, { code: 1006, how: 'blocked',
        reason: 'the stream sent nothing within ' + wait + ' ms: something between holds streamed responses back' });
    }, wait);
  }

  /** GET /api/stream with the rooms of the client (kept as link.rooms), and their positions. */
  _streamUrl(link, ticket, withPositions) {
    var self = this;
    var url = this._httpUrl('api/stream');
    var places = [];
    if (!link.rooms) {
      link.rooms = Array.from(this._rooms.keys());
      link.awaiting = new Set(link.rooms);
      link.asked = new Map();
    }
    link.rooms.forEach(function (key) {
      var room = self._rooms.get(key);
      if (!room) return;
      if (room.jobId !== undefined) {
        url.searchParams.append('jobId', room.jobId);
        var position = self._position(room);
        link.asked.set(room.jobId, position);
        if (position) places.push((position.epoch === undefined ? UNSEEN_EPOCH : position.epoch) + '.' + position.since + '.' + room.jobId);
      } else if (room.fields.all) {
        url.searchParams.set('all', 'true');
      } else if (room.fields.userId !== undefined) {
        url.searchParams.append('userId', room.fields.userId);
      } else {
        url.searchParams.set('client', 'true');
      }
    });
    if (!url.search) url.searchParams.set('jobId', PLACEHOLDER_JOB); // a stream names a room
    if (withPositions && places.length > 0) url.searchParams.set('lastEventId', places.join(','));
    if (ticket) url.searchParams.set('ticket', ticket);
    return url;
  }

  /**
   * Why a stream failed before 'connected', which EventSource does not say: the same request
   * again with fetch, which shows the status, and whether streamed responses get through.
   */
  _diagnose(link) {
    var wait = this._options.streamTimeout;
    var controller = new AbortController();
    var timer;
    var late = new Promise(function (resolve) {
      timer = setTimeout(function () {
        resolve({ code: 1006, how: 'blocked',
          reason: 'the stream sent nothing within ' + wait + ' ms: something between holds streamed responses back' });
      }, wait);
    });
    var asked = fetch(this._streamUrl(link, null, false).href, { headers: keyHeaders(link.key), cache: 'no-store',
      credentials: link.key ? 'omit' : 'include', signal: controller.signal })
      .then(function (response) {
        if (response.status !== 200) return refusal(response);
        return firstEvent(response.body).then(function (seen) {
          return seen ? { code: 1006, reason: 'the stream failed, though it answers' } : { code: 1006, how: 'blocked',
            reason: 'the stream ended before its first event: something between cuts streamed responses' };
        });
      }, function (error) {
        return { code: 1006, how: 'away', reason: 'the gateway is out of reach: ' + (error && error.message || error) };
      });
    return Promise.race([asked, late]).then(function (failure) {
      clearTimeout(timer);
      controller.abort();
      return failure;
    });
  }

  /** A stream's 'subscribed' (it has no request ids: the reply names its room). */
  _streamJoined(link, reply) {
    if (link !== this._link && link !== this._successor) return; // one taken over from
    var key = roomKeyOf(reply);
    var room = this._rooms.get(key);
    if (link.awaiting) link.awaiting.delete(key);
    if (room && reply.jobId !== undefined && link.asked.has(reply.jobId)) {
      var asked = link.asked.get(reply.jobId);
      if (asked && asked.epoch === undefined) {
        // Resumed from a position whose stream the client never saw: recovered:false says only that. The
        // job's current stream follows from its start; what the first new event's seq shows is what counts.
        reply = Object.assign({}, reply);
        delete reply.recovered;
        var job = this._track(reply.jobId);
        if (job.lastSeq < asked.since) job.lastSeq = asked.since;
        room.unseen = asked.since;
      } else if (asked && reply.recovered === false && samePosition(asked, this._position(room))) {
        this._unrecovered(reply.jobId, asked, reply.epoch);
      }
    }
    if (room) this._confirmed(room, link, reply);
    if (link === this._successor && link.info && link.awaiting.size === 0) this._takeOver(link);
  }

  /**
   * Over SSE, rooms change by opening a stream with every room and position, which takes over
   * once it is in all of them; the old one is closed then. (A stream cannot be told anything.)
   */
  _changeRooms() {
    if (this._changeTimer) return;
    var self = this;
    this._changeTimer = setTimeout(function () {
      self._changeTimer = null;
      var main = self._link;
      if (!main || main.kind !== 'sse' || !main.connected) return;
      if (self._successor) {
        self._successor.again = true; // once it took over
        return;
      }
      if (sameKeys(main.rooms, Array.from(self._rooms.keys()))) {
        self._left();
        return;
      }
      self._successor = self._startLink('sse', 'successor');
    }, 0); // every change of this task in one new stream
  }

  _takeOver(link) {
    var old = this._link;
    this._successor = null;
    link.role = 'main';
    this._link = link;
    this._connection = link.info;
    endLink(old);
    this._left();
    if (link.again || !sameKeys(link.rooms, Array.from(this._rooms.keys()))) this._changeRooms();
  }

  /** The unsubscribes that waited for a stream without their room. */
  _left() {
    this._leaving.splice(0).forEach(function (leaving) { leaving.resolve(leaving.reply); });
  }

  // ------------------------------------------------------------------ long polling

  _beginPolling(link) {
    link.close = function () {
      link.polls.forEach(function (poll) { poll.controller.abort(); });
      link.polls = [];
    };
    this._resumeJobs();
    this._poll(link, 0); // answered at once: it checks the key or login, and settles what waits
  }

  /**
   * Keeps a long poll held with every job room; a room not polled yet on this link is polled
   * at once first (wait=0). A held poll cannot be told of a new room, and one given up still
   * holds one of the key's connections until its wait ends: a second is held beside it
   * instead, and the first is left to end by itself.
   */
  _pump(link) {
    if (link.dead || link !== this._link || !link.connected) return;
    var rooms = this._jobRooms();
    if (rooms.length === 0) return;
    if (rooms.some(function (room) { return room.on !== link; })) {
      this._poll(link, 0);
      return;
    }
    var held = link.polls.filter(function (poll) { return poll.wait > 0; });
    var covered = held.some(function (poll) {
      return rooms.every(function (room) { return poll.jobs.has(room.jobId); });
    });
    if (covered) return;
    if (held.length >= MAX_HELD_POLLS) {
      held[0].controller.abort();
      link.polls.splice(link.polls.indexOf(held[0]), 1);
    }
    this._poll(link, this._options.pollWait);
  }

  /** GET /api/poll with every job room's position (a room without one starts from the job's position now). */
  _poll(link, wait) {
    var self = this;
    var poll = { jobs: new Set(), asked: new Map(), wait: wait, controller: new AbortController() };
    var url = this._apiUrl('poll');
    var rooms = this._jobRooms();
    (rooms.length > 0 ? rooms : [null]).forEach(function (room) {
      var jobId = room ? room.jobId : PLACEHOLDER_JOB;
      var position = room ? self._position(room) : null;
      url.searchParams.append('jobId', jobId);
      url.searchParams.append('since', String(position ? position.since : 0));
      url.searchParams.append('epoch', position && position.epoch !== undefined ? position.epoch : '');
      poll.jobs.add(jobId);
      poll.asked.set(jobId, position);
    });
    url.searchParams.set('wait', String(wait));
    link.polls.push(poll);
    this._get(url, link.key, poll.controller, wait * 1000 + HTTP_GRACE_MS).then(function (body) {
      var at = link.polls.indexOf(poll);
      if (at >= 0) link.polls.splice(at, 1);
      if (link.dead) return;
      if (!link.connected) self._connected(null, link);
      self._polled(link, poll, body);
      self._pump(link);
    }, function (failure) {
      var at = link.polls.indexOf(poll);
      if (at >= 0) link.polls.splice(at, 1);
      if (!failure.aborted) self._failed(link, failure);
    });
  }

  /** A poll's answer: the job rooms it covered are confirmed, then its events are delivered. */
  _polled(link, poll, body) {
    var self = this;
    var positions = body.positions || {};
    var recovered = body.recovered || {};
    var startedLive = new Set(); // what this answer brings of them came before the subscribe
    if (link === this._link) {
      poll.jobs.forEach(function (jobId) {
        var room = self._rooms.get('job:' + jobId);
        if (!room) return;
        var asked = poll.asked.get(jobId);
        var position = positions[jobId] || {};
        var now = self._position(room);
        if (!asked && !now) {
          startedLive.add(jobId);
          room.start = { since: position.seq || 0, epoch: position.epoch };
        } else if (asked && recovered[jobId] === false && samePosition(asked, now)
            && room.unrecovered !== asked.since + '.' + asked.epoch) {
          room.unrecovered = asked.since + '.' + asked.epoch; // a poll asks again from there: said once
          self._unrecovered(jobId, asked, position.epoch);
        }
        if (room.on !== link) {
          var reply = { type: 'subscribed', room: room.key, jobId: jobId };
          if (asked) reply.recovered = recovered[jobId] !== false;
          if (asked && position.epoch !== undefined) reply.epoch = position.epoch;
          self._confirmed(room, link, reply);
        }
      });
    }
    (body.events || []).forEach(function (event) {
      if (!startedLive.has(event.jobId) && self._rooms.has('job:' + event.jobId)) self._jobEvent(event, link);
    });
  }

  /** Long polling serves job rooms only: a room joined before waits for a stream or a WebSocket; a new one is refused. */
  _unpollable(room) {
    var error = new JobsClientError('unsupported', 'long polling serves job rooms only, and the network lets neither'
      + ' WebSockets nor streamed responses through: ' + room.key + ' needs one of them', null);
    if (!room.joined) this._rooms.delete(room.key);
    if (room.waiters.length > 0) settle(room.waiters.splice(0), error);
    else this._emit('error', error);
  }

  /** An HTTP GET of the API, with the key in a header or the page's cookies; rejected with a failure. */
  _get(url, key, controller, timeoutMs) {
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    return fetch(url.href, { headers: keyHeaders(key), credentials: key ? 'omit' : 'include', cache: 'no-store',
      signal: controller.signal })
      .then(function (response) {
        if (response.status === 200) return response.json();
        return refusal(response).then(function (failure) { throw failure; });
      })
      .then(function (body) {
        clearTimeout(timer);
        return body;
      }, function (error) {
        clearTimeout(timer);
        if (error && error.answered) throw error;
        throw { aborted: controller.signal.aborted && !timedOut, code: 1006, how: 'away',
          reason: timedOut ? 'no answer from ' + url.pathname + ' within ' + timeoutMs + ' ms'
            : 'the gateway is out of reach: ' + (error && error.message || error) };
      });
  }

  // ------------------------------------------------------------------ moving between transports

  /** Now and then, while below the first transport, tries those above it. */
  _scheduleUpgrade() {
    clearTimeout(this._upgradeTimer);
    this._upgradeTimer = null;
    if (!this._link || this._transports.indexOf(this._link.kind) <= 0 || this._probe) return;
    var o = this._options;
    var delay = Math.max(1000, o.upgradeInterval * (1 + o.reconnectJitter * (Math.random() * 2 - 1)));
    var self = this;
    this._upgradeTimer = setTimeout(function () {
      self._upgradeTimer = null;
      self._probeAfter(null);
    }, delay);
  }

  /** Tries the transport after `tried` (null: the first), as long as it is above the one in use. */
  _probeAfter(tried) {
    if (!this._live || !this._link) return;
    var next = tried === null ? 0 : this._transports.indexOf(tried) + 1;
    if (next >= this._transports.indexOf(this._link.kind)) {
      this._scheduleUpgrade();
      return;
    }
    this._probe = this._startLink(this._transports[next], 'probe');
  }

  /** A probe got 'connected': it takes over, and the old transport delivers until the new one is in every room. */
  _promote(link, info) {
    var old = this._link;
    this._probe = null;
    endLink(this._successor);
    this._successor = null;
    this._left();
    if (old.kind === 'websocket') this._requeueUnanswered();
    old.role = 'retiring';
    this._retiring.push(old);
    link.role = 'main';
    link.retire = old;
    this._link = link;
    this._transport = link.kind;
    var self = this;
    link.retireTimer = setTimeout(function () { self._retire(link); }, TAKEOVER_MS);
    this._connected(info, link);
  }

  _retire(link) {
    var old = link.retire;
    if (!old) return;
    link.retire = null;
    clearTimeout(link.retireTimer);
    this._retiring = this._retiring.filter(function (l) { return l !== old; });
    endLink(old);
  }

  /** A room is in on this link now: its waiters are settled, and a takeover may be complete. */
  _confirmed(room, link, reply) {
    room.on = link;
    room.joined = true;
    settle(room.waiters.splice(0), null, reply);
    this._emit('subscribed', reply);
    if (link.retire && Array.from(this._rooms.values()).every(function (r) { return r.on === link; })) {
      this._retire(link);
    }
  }

  // ------------------------------------------------------------------ losing and opening

  /** A transport ended: a probe's next is tried, a successor's failure reopens the stream, the main one reconnects. */
  _failed(link, failure) {
    if (link.dead) return;
    endLink(link);
    if (link === this._probe) {
      this._probe = null;
      this._probeAfter(link.kind);
    } else if (link === this._successor) {
      this._successor = null;
      if (failure.how === 'refused' && this._blame(link, failure)) {
        this._changeRooms();
      } else if (this._link) {
        // No second stream now (the key's connection limit, a cut): the stream is opened again with every room.
        this._failed(this._link, { code: 1006, reason: 'the stream is opened again for its new rooms: ' + failure.reason });
      }
    } else if (link === this._link) {
      this._dropped(link, failure);
    }
  }

  _dropped(link, failure) {
    var code = failure.code;
    var reason = failure.reason;
    var wasOpen = link.connected;
    this._link = null;
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
    var delay;
    if (failure.how === 'refused') {
      if (!this._blame(link, failure)) {
        this._shutdown(failure.status, 'the gateway refused: ' + reason);
        return;
      }
      delay = 0; // without the rooms it refused
    } else if (!wasOpen && this._fallsBack(link, failure)) {
      delay = 0; // another transport: nothing to wait for
    } else {
      if (wasOpen && Date.now() - this._openedAt >= STABLE_MS) {
        this._attempt = 0;
      }
      delay = this._backoff(this._attempt++);
    }
    var retry = { code: code, reason: reason || '', delay: delay, attempt: this._attempt };
    this._setState('reconnecting', retry);
    this._emit('retry', retry);
    var self = this;
    this._retryTimer = setTimeout(function () {
      self._retryTimer = null;
      self._open('reconnecting');
    }, delay);
  }

  /**
   * Whether a transport that never opened gives way to the next one (and moves to it): a
   * WebSocket after WEBSOCKET_REFUSALS in a row, a stream that something between cut or held
   * back. A gateway that is away is no reason: the same transport is tried again.
   */
  _fallsBack(link, failure) {
    var next = this._transports[this._transports.indexOf(link.kind) + 1];
    if (!next || failure.how === 'away' || failure.code === TOO_MANY_CONNECTIONS) return false;
    if (link.kind === 'websocket' && ++this._refusals < WEBSOCKET_REFUSALS) return false;
    if (link.kind === 'sse' && failure.how !== 'blocked') return false;
    this._transport = next;
    return true;
  }

  /**
   * A stream or poll refused with 403 or 400 for its rooms: the rooms not joined yet that it
   * can be about are refused (all-jobs first, then user rooms, for a 403), with the server's
   * error. False when there is none to blame (an origin not allowed, say).
   */
  _blame(link, failure) {
    var fresh = Array.from(this._rooms.values()).filter(function (room) {
      return room.on !== link && (!link.rooms || link.rooms.indexOf(room.key) >= 0);
    });
    var blamed = fresh;
    if (failure.status === 403) {
      blamed = fresh.filter(function (room) { return room.key === 'all-jobs'; });
      if (blamed.length === 0) blamed = fresh.filter(function (room) { return room.fields.userId !== undefined; });
    }
    var self = this;
    blamed.forEach(function (room) {
      self._rooms.delete(room.key);
      if (room.waiters.length > 0) settle(room.waiters.splice(0), failure.error);
      else self._emit('error', failure.error);
    });
    return blamed.length > 0;
  }

  _retryNow() {
    if (this._retryTimer) {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
      this._open('reconnecting');
    }
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
    clearTimeout(this._upgradeTimer);
    clearTimeout(this._changeTimer);
    this._watchdog = this._upgradeTimer = this._changeTimer = null;
    [this._probe, this._successor].concat(this._retiring).forEach(endLink);
    this._probe = this._successor = null;
    this._retiring = [];
    this._left(); // the rooms of a connection end with it
    this._connection = null;
    this._live = false;
    this._requeueUnanswered();
    this._jobs.forEach(function (job) { job.held = null; });
  }

  /** A WebSocket's requests that were sent or queued and not answered: they go out again on the next connection. */
  _requeueUnanswered() {
    clearTimeout(this._sendTimer);
    this._sendTimer = null;
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
  }

  /** Stops for good: state closed, every pending request rejected. */
  _shutdown(code, reason) {
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    endLink(this._link);
    this._link = null;
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
    var link = this._link;
    var interval = this._connection && this._connection.heartbeatIntervalMs;
    // A stream's pings are comments, which EventSource does not show: it says itself when the stream ends.
    if (!interval || !link || link.kind !== 'websocket') return;
    var silence = 2 * interval + 5000;
    var self = this;
    this._watchdog = setTimeout(function () {
      // No ping for two intervals: the server or the network went away without a close.
      self._failed(link, { code: 1006, reason: 'no message from the server for ' + silence + ' ms' });
    }, silence);
  }

  // ------------------------------------------------------------------ receiving

  _receivedText(link, data) {
    if (link.dead) return;
    var message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      this._emit('error', new JobsClientError('bad_message', 'the server sent something that is not JSON', null));
      return;
    }
    this._received(link, message);
  }

  /** A message of any link: only the main one's replies count, and broadcasts (every link gets them) once. */
  _received(link, message) {
    var main = link === this._link;
    if (main && this._connection) this._armWatchdog();
    switch (message.type) {
      case 'connected':
        if (link === this._probe) this._promote(link, message);
        else if (link === this._successor) {
          link.info = message;
          link.connected = true;
          clearTimeout(link.timer);
        }
        else if (main && !link.connected) this._connected(message, link);
        break;
      case 'ping':
        if (main) this._send({ type: 'pong' }, null, true);
        else if (link.send) link.send(JSON.stringify({ type: 'pong' }));
        break;
      case 'subscribed':
        if (link.kind === 'sse') this._streamJoined(link, message);
        else if (main) this._answered(message);
        break;
      case 'unsubscribed':
      case 'history':
        if (main) this._answered(message);
        break;
      case 'error':
        if (main) this._refused(message);
        break;
      case 'message':
        if (main) this._emit('message', message);
        break;
      default:
        if (typeof message.type === 'string' && message.type.indexOf('job.') === 0
            && typeof message.jobId === 'string' && typeof message.seq === 'number') {
          this._jobEvent(message, link);
        }
    }
  }

  _connected(info, link) {
    link.connected = true;
    clearTimeout(link.timer);
    this._connection = info;
    this._live = true;
    this._openedAt = Date.now();
    this._limitRefusals = 0;
    if (link.kind === 'websocket') this._refusals = 0;
    this._windowStart = -Infinity;
    var resumed = this._everOpen;
    this._everOpen = true;
    this._armWatchdog();
    var detail = { resumed: resumed };
    if (info) detail.connection = info;
    this._setState('open', detail);
    if (info) this._emit('connected', info);
    this._resume(link);
    this._scheduleUpgrade();
  }

  /**
   * Joins every room again on a new link. Over a WebSocket job rooms go first, each with since =
   * the last seq seen, so that a job's replay reaches this connection before its live events
   * can come through a wider room; a stream had them all in its URL; a poll serves job rooms only.
   */
  _resume(link) {
    var self = this;
    var rooms = Array.from(this._rooms.values());
    if (link.kind === 'websocket') {
      this._resumeJobs();
      rooms = Array.from(this._rooms.values());
      rooms.filter(function (r) { return r.jobId !== undefined; }).forEach(function (r) { self._subscribe(r); });
      rooms.filter(function (r) { return r.jobId === undefined; }).forEach(function (r) { self._subscribe(r); });
    } else if (link.kind === 'sse') {
      if (!sameKeys(link.rooms, Array.from(this._rooms.keys()))) this._changeRooms();
    } else {
      rooms.filter(function (r) { return r.jobId === undefined; }).forEach(function (r) { self._unpollable(r); });
    }
    this._waiting.splice(0).forEach(function (entry) { self._sendHistory(entry); });
  }

  /** Unfinished jobs seen only through a wider room get a job room of their own, to resume them with since. */
  _resumeJobs() {
    var self = this;
    var budget = this._options.maxResumedJobs;
    this._rooms.forEach(function (room) { if (room.implicit) budget--; });
    this._jobs.forEach(function (job, jobId) {
      if (budget > 0 && !job.terminal && job.lastSeq > 0 && !self._rooms.has('job:' + jobId)) {
        budget--;
        self._rooms.set('job:' + jobId, newRoom(roomOf({ jobId: jobId }), undefined, true));
      }
    });
  }

  /**
   * Where a job room resumes from: {since, epoch}, epoch undefined when the client has not seen
   * the job's stream; null for a room that starts live.
   */
  _position(room) {
    var job = this._jobs.get(room.jobId);
    if (job && job.lastSeq > 0) {
      return { since: room.since === undefined ? job.lastSeq : Math.max(room.since, job.lastSeq), epoch: job.epoch };
    }
    if (room.since !== undefined) return { since: room.since, epoch: undefined };
    if (room.start) return room.start; // where a poll found it when it started live
    if (room.joined) return { since: 0, epoch: undefined }; // joined before and saw nothing yet: anything published while away counts
    return null;
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
        this._unrecovered(entry.room.jobId, { since: entry.message.since, epoch: entry.message.epoch }, reply.epoch);
      }
    }
    if (entry.kind === 'subscribe' && this._rooms.get(entry.room.key) === entry.room) {
      this._confirmed(entry.room, this._link, reply);
      settle(entry.waiters, null, reply);
      return;
    }
    settle(entry.waiters, null, reply);
    if (reply.type !== 'history') this._emit(reply.type, reply);
  }

  /** The server could not replay everything after a position (recovered:false). */
  _unrecovered(jobId, asked, currentEpoch) {
    var job = this._jobs.get(jobId);
    if (job && (currentEpoch === undefined || currentEpoch !== job.epoch)) {
      // The position belonged to a stream that is gone: the replay that follows starts the new one.
      job.lastSeq = 0;
      job.epoch = currentEpoch;
    }
    this._emit('recovery-failed', { jobId: jobId, since: asked.since, epoch: asked.epoch });
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
        if (entry.kind === 'subscribe' && self._rooms.get(entry.room.key) !== entry.room) {
          settle(entry.waiters, new JobsClientError('cancelled', 'unsubscribed before the server answered', null));
          return;
        }
        var onSocket = self._live && self._link.kind === 'websocket';
        if (entry.kind === 'subscribe') {
          Array.prototype.push.apply(entry.room.waiters, entry.waiters);
          if (onSocket) self._subscribe(entry.room, entry.retries + 1);
          else if (self._live) self._joinRoom(entry.room);
        } else if (entry.kind === 'history') {
          entry.retries++;
          if (self._live) self._sendHistory(entry);
          else self._waiting.push(entry);
        } else if (onSocket) {
          self._send(entry.message, entry);
        } else {
          settle(entry.waiters, null, { type: 'unsubscribed', room: entry.room.key });
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

  _jobEvent(event, link) {
    if (event.jobId === PLACEHOLDER_JOB) return;
    var job = this._track(event.jobId);
    if (link.role === 'retiring' && job.epoch !== undefined && event.epoch !== job.epoch) {
      return; // the transport taken over from must not take the job back to another stream
    }
    if (job.held) {
      job.held.push(event);
      return;
    }
    this._deliver(event.jobId, job, event);
  }

  _deliver(jobId, job, event) {
    var newStream = job.epoch !== undefined && event.epoch !== undefined && event.epoch !== job.epoch;
    if (!newStream && event.seq <= job.lastSeq) return;
    var room = this._rooms.get('job:' + jobId);
    if (room && room.unseen !== undefined) {
      // Resumed without the stream's epoch: a first event past the next seq shows what is gone.
      var since = room.unseen;
      room.unseen = undefined;
      if (event.seq > since + 1 + (event.replaced || 0)) {
        this._emit('recovery-failed', { jobId: jobId, since: since });
      }
    }
    job.lastSeq = event.seq;
    job.epoch = event.epoch;
    job.terminal = TERMINAL_TYPES[event.type] === true;
    this._jobs.delete(jobId);
    this._jobs.set(jobId, job);
    this._emit('event', event);
    this._emit(event.type, event);
    if (job.terminal && room && room.implicit) {
      // joined only to resume it: a finished job needs its room no more
      this._rooms.delete(room.key);
      if (this._live && this._link.kind === 'websocket') {
        this._send({ type: 'unsubscribe', jobId: jobId }, { kind: 'unsubscribe', room: room, waiters: [] });
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

  _jobRooms() {
    return Array.from(this._rooms.values()).filter(function (room) { return room.jobId !== undefined; });
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
      var id = target.jobId !== undefined ? target.jobId : target.fields.userId;
      if (id !== undefined && !ID.test(id)) {
        // as the server answers it; a stream or a poll would be refused whole for it
        throw new JobsClientError('bad_request', (target.jobId !== undefined ? 'jobId' : 'userId')
          + ' must be 1 to 128 characters of A-Z a-z 0-9 . _ : -', null);
      }
      var room = self._rooms.get(target.key);
      if (!room) {
        room = newRoom(target, since, false);
        self._rooms.set(target.key, room);
      } else {
        room.implicit = false;
        if (since !== undefined) room.since = since;
      }
      room.waiters.push({ resolve: resolve, reject: reject });
      if (self._live) self._joinRoom(room);
    });
  }

  /** Joins a room on the link in use: a subscribe, a new stream, or the next poll. */
  _joinRoom(room) {
    var link = this._link;
    if (link.kind === 'websocket') {
      this._subscribe(room);
    } else if (link.kind === 'poll') {
      if (room.jobId === undefined) this._unpollable(room);
      else this._pump(link);
    } else if (room.on === link) {
      // in the stream already: what a replay would bring again, the client has had
      this._confirmed(room, link, room.jobId === undefined ? { type: 'subscribed', room: room.key }
        : { type: 'subscribed', room: room.key, jobId: room.jobId });
    } else {
      this._changeRooms();
    }
  }

  _subscribe(room, retries) {
    var message = Object.assign({ type: 'subscribe' }, room.fields);
    if (room.jobId !== undefined) {
      var position = this._position(room);
      if (position) {
        message.since = position.since;
        if (position.epoch !== undefined) message.epoch = position.epoch; // the stream that seq belongs to
        this._track(room.jobId).held = [];
      }
    }
    room.joined = true;
    this._send(message, { kind: 'subscribe', room: room, waiters: room.waiters.splice(0), retries: retries || 0 });
  }

  /** Leaves a room; answers a promise of the 'unsubscribed' reply (at once when not connected). */
  unsubscribe(selector) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var target = roomOf(selector);
      var room = self._rooms.get(target.key) || newRoom(target, undefined, false);
      self._rooms.delete(target.key);
      settle(room.waiters.splice(0), new JobsClientError('cancelled', 'unsubscribed before the server answered', null));
      var reply = { type: 'unsubscribed', room: target.key };
      var kind = self._live ? self._link.kind : null;
      if (kind === 'websocket') {
        self._send(Object.assign({ type: 'unsubscribe' }, target.fields),
          { kind: 'unsubscribe', room: room, waiters: [{ resolve: resolve, reject: reject }] });
      } else if (kind === 'sse') {
        self._leaving.push({ resolve: resolve, reply: reply });
        self._changeRooms();
      } else {
        resolve(reply); // not connected, or polling: the next poll leaves it out
      }
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
      if (self._live) self._sendHistory(entry);
      else self._waiting.push(entry);
    }).then(function (reply) { return reply.events; });
  }

  /**
   * A history request on the link in use. Over SSE or polling it is a poll that waits for
   * nothing, which takes the key and the page's login alike (GET /api/jobs/{id}/history takes
   * a key only), and answers a job it may not see as an unknown one, as a WebSocket does.
   */
  _sendHistory(entry) {
    if (this._link.kind === 'websocket') {
      this._send(entry.message, entry);
      return;
    }
    var jobId = entry.message.jobId;
    var limit = entry.message.limit === undefined ? 100 : entry.message.limit;
    if (typeof limit !== 'number' || !(limit >= 1) || Math.floor(limit) !== limit) {
      settle(entry.waiters, new JobsClientError('bad_request', 'limit must be a whole number of 1 or more', null));
      return;
    }
    var url = this._apiUrl('poll');
    url.searchParams.set('jobId', jobId);
    url.searchParams.set('since', '0');
    url.searchParams.set('wait', '0');
    this._get(url, this._link.key, new AbortController(), HTTP_GRACE_MS).then(function (body) {
      var events = (body.events || []).filter(function (e) { return e.jobId === jobId; });
      settle(entry.waiters, null, { type: 'history', jobId: jobId, events: events.slice(-limit) });
    }, function (failure) {
      settle(entry.waiters, failure.error || new JobsClientError('unavailable', failure.reason, null));
    });
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
    var link = this._link;
    if (this._sendTimer || !this._live || !link || link.kind !== 'websocket') return;
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
        link.send(JSON.stringify(item.message));
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
    joined: false, on: null, start: null, unseen: undefined, unrecovered: null, waiters: [] };
}

function settle(waiters, error, value) {
  waiters.forEach(function (w) {
    if (error) w.reject(error);
    else w.resolve(value);
  });
}

/** Ends a link for good: its events are ignored from now on. */
function endLink(link) {
  if (!link || link.dead) return;
  link.dead = true;
  clearTimeout(link.timer);
  link.close();
}

function samePosition(a, b) {
  return !!a && !!b && a.since === b.since && a.epoch === b.epoch;
}

function sameKeys(a, b) {
  return !!a && a.length === b.length && b.every(function (key) { return a.indexOf(key) >= 0; });
}

function keyHeaders(key) {
  return key ? { 'X-API-Key': key } : {};
}

/** A refusal of the HTTP API as a failure: the close code it stands for, and how to go on. */
function refusal(response) {
  var status = response.status;
  return response.json().catch(function () { return {}; }).then(function (body) {
    var reason = (body && body.message) || 'HTTP ' + status;
    var failure = { answered: true, status: status, code: 1006, reason: reason,
      error: new JobsClientError((body && body.error) || 'http_' + status, reason, null) };
    if (status === 401) failure.code = 4401;
    else if (status === 429) failure.code = TOO_MANY_CONNECTIONS;
    else if (status === 400 || status === 403) failure.how = 'refused';
    else if (status >= 500) failure.how = 'away';
    else failure.how = 'blocked'; // not the gateway's answer: a 404 of something between, say
    return failure;
  });
}

/** Whether a streamed body brings its first event (true) or ends before it (false). */
function firstEvent(body) {
  if (!body || typeof body.getReader !== 'function' || typeof TextDecoder !== 'function') return Promise.resolve(true);
  var reader = body.getReader();
  var decoder = new TextDecoder();
  var text = '';
  function read() {
    return reader.read().then(function (chunk) {
      if (chunk.done) return false;
      text += decoder.decode(chunk.value, { stream: true });
      return /(^|\n)data:/.test(text) ? true : read();
    });
  }
  return read().catch(function () { return false; });
}

JobsClient.Error = JobsClientError;
JobsClient.JobsClientError = JobsClientError;
JobsClient.defaultUrl = null;
JobsClient.DEFAULTS = DEFAULTS;

/**
 * The server's estimate on a job.progress (its data's etaSeconds and ratePerSecond) for people,
 * e.g. "~12 s left, 3.4 %/s"; '' when the data has neither.
 */
JobsClient.describeEstimate = function (data) {
  var parts = [];
  if (data && typeof data.etaSeconds === 'number') parts.push('~' + describeSeconds(data.etaSeconds) + ' left');
  if (data && typeof data.ratePerSecond === 'number') {
    var rate = data.ratePerSecond;
    parts.push((rate >= 10 ? Math.round(rate) : rate >= 0.1 ? rate.toFixed(1) : rate.toPrecision(2)) + ' %/s');
  }
  return parts.join(', ');
};

function describeSeconds(seconds) {
  if (seconds < 90) return seconds + ' s';
  if (seconds < 90 * 60) return Math.round(seconds / 60) + ' min';
  return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
}
// <<< The client ends here.

export { JobsClient, JobsClientError };
export default JobsClient;
