/*
 * The demo page: one JobsClient on the key of the input field (or the login when it is empty),
 * in the room of the key's client, so that it sees every job of that client. Each job is a card
 * whose progress bar follows its events; every event also goes to the log. Over long polling,
 * which serves job rooms only, the page follows the jobs it starts, each in its own room.
 */
(function () {
  'use strict';

  var KEY_STORAGE = 'jobs-gateway-demo.apiKey';
  var MAX_LOG_LINES = 1000;

  var $ = function (id) { return document.getElementById(id); };
  var client = null;
  var currentKey = '';
  var demoEnabled = true;
  var batchEnabled = true;
  var jobCards = new Map();
  var inClientRoom = false;
  var joiningClientRoom = false;
  var TRANSPORT_NAMES = { websocket: 'WebSocket', sse: 'Server-Sent Events', poll: 'long polling' };

  // ---------------------------------------------------------------- connection

  function connect(key) {
    if (client) client.close();
    currentKey = key;
    inClientRoom = false;
    joiningClientRoom = false;
    client = new JobsClient({ apiKey: key || null });
    client.on('state', showState);
    client.on('retry', function (r) {
      $('state-text').textContent = 'Reconnecting in ' + seconds(r.delay) + '…';
    });
    client.on('connected', function (info) {
      $('fact-client').textContent = info.clientId;
      $('fact-user').textContent = info.userId || '(none)';
      $('fact-connection').textContent = info.connectionId.slice(0, 8) + '…';
      $('fact-connection').title = info.connectionId;
      $('fact-heartbeat').textContent = 'ping every ' + seconds(info.heartbeatIntervalMs);
    });
    client.on('subscribed', function (reply) {
      if (!reply.jobId) $('state').dataset.room = reply.room;
    });
    client.on('event', function (event) {
      showEvent(event);
      if ((event.type === 'job.completed' || event.type === 'job.failed') && !inClientRoom) {
        client.unsubscribe({ jobId: event.jobId }); // followed in its own room: done with it
      }
    });
    client.on('message', function (m) {
      note('message “' + m.event + '”: ' + JSON.stringify(m.data), 'message');
    });
    client.on('recovery-failed', function (r) {
      note('Some events of ' + r.jobId + ' after seq ' + r.since + ' are no longer stored: reloading its state',
        'warning');
      client.history(r.jobId, { limit: 1 }).then(function (events) {
        if (events.length > 0) updateCard(events[events.length - 1]);
      });
    });
    client.on('error', function (e) {
      if (e.code === 'unsupported') note(e.message, 'warning');
      else notice('The server answered ' + e.code + ': ' + e.message);
    });
    joinClientRoom();
  }

  function joinClientRoom() {
    if (joiningClientRoom) return;
    joiningClientRoom = true;
    var joining = client;
    joining.subscribe().then(function (reply) {
      if (joining !== client) return;
      joiningClientRoom = false;
      inClientRoom = true;
      note('Subscribed to ' + reply.room + ': every job of this client shows up here', 'state');
    }, function (e) {
      if (joining !== client) return;
      joiningClientRoom = false;
      inClientRoom = false;
      if (e.code === 'unsupported') {
        note('Over long polling this page follows the jobs it starts; jobs started elsewhere show up once Server-Sent'
          + ' Events or a WebSocket get through', 'warning');
      } else if (e.code !== 'closed') {
        notice('Could not subscribe: ' + e.message);
      }
    });
  }

  function showState(change) {
    var state = change.state;
    var badge = $('state');
    badge.dataset.state = state;
    badge.dataset.transport = change.transport;
    if (state !== 'open') delete badge.dataset.room;
    var text = {
      connecting: 'Connecting…',
      open: 'Connected',
      reconnecting: 'Reconnecting…',
      closed: 'Disconnected'
    }[state];
    if (state === 'open' && client.connection) {
      text = 'Connected · ' + client.connection.clientId + (client.connection.userId ? ' / ' + client.connection.userId : '');
    }
    if (state === 'open' && change.transport !== 'websocket') {
      text += ' · over ' + TRANSPORT_NAMES[change.transport];
    }
    $('state-text').textContent = text;
    if (state === 'open') {
      var over = ' over ' + TRANSPORT_NAMES[change.transport];
      note(change.previous === 'open' ? 'Moved to' + over + ': rooms joined there, jobs resumed from their last seq'
        : change.resumed ? 'Reconnected' + over + ': rooms joined again, jobs resumed from their last seq'
          : 'Connected' + over, 'state');
      hideNotice();
      if (!inClientRoom && change.transport !== 'poll') joinClientRoom();
    } else if (state === 'reconnecting' && change.previous === 'open') {
      note('Connection lost (' + (change.code || '?') + (change.reason ? ' ' + change.reason : '') + '): reconnecting',
        'warning');
    } else if (state === 'closed' && change.code !== 1000) {
      var why = change.code === 4401
        ? (currentKey ? 'the API key is not valid' : 'no API key and no login')
        : change.code === 4429 ? 'this key has too many connections open' : (change.reason || 'closed');
      note('Refused (' + change.code + '): ' + why, 'error');
      notice('Not connected: ' + why + '. Check the key and press Connect.');
      ['fact-client', 'fact-user', 'fact-connection', 'fact-heartbeat'].forEach(function (id) { $(id).textContent = '–'; });
    }
    updateButtons();
  }

  // ---------------------------------------------------------------- jobs

  function startJob(failing) {
    var steps = clamp(parseInt($('steps').value, 10) || 8, 1, 100);
    var stepMillis = clamp(parseInt($('step-millis').value, 10) || 0, 0, 60000);
    var body = { steps: steps, stepMillis: stepMillis };
    if (failing) body.failAtStep = Math.max(1, Math.ceil(steps * 0.6));
    fetch('api/demo/jobs', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + currentKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.status !== 202) {
          throw new Error(json.message || ('HTTP ' + response.status));
        }
        card(json.jobId);
        note('Started ' + json.jobId + (failing ? ' (fails at step ' + body.failAtStep + ')' : ''), 'state');
        if (!inClientRoom) {
          client.subscribe({ jobId: json.jobId, since: 0 }).catch(function (e) {
            if (e.code !== 'closed') notice('Could not follow ' + json.jobId + ': ' + e.message);
          });
        }
      });
    }).catch(function (e) {
      notice('Could not start a job: ' + e.message);
    });
  }

  function startBatchJob() {
    var rows = clamp(parseInt($('batch-rows').value, 10) || 2000, 10, 20000);
    fetch('api/demo/batch-jobs', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + currentKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rows: rows })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.status !== 202) {
          throw new Error(json.message || ('HTTP ' + response.status));
        }
        card(json.jobId).dataset.kind = 'batch';
        note('Started batch job ' + json.jobId + ' (' + rows + ' rows)', 'state');
        if (!inClientRoom) {
          client.subscribe({ jobId: json.jobId, since: 0 }).catch(function (e) {
            if (e.code !== 'closed') notice('Could not follow ' + json.jobId + ': ' + e.message);
          });
        }
      });
    }).catch(function (e) {
      notice('Could not start a batch job: ' + e.message);
    });
  }

  /** The rows a batch job's listeners counted (job.progress, job.failed, or job.completed's result). */
  function showCounts(el, counts) {
    if (!counts || typeof counts.read !== 'number') return;
    el.dataset.read = String(counts.read);
    el.dataset.written = String(counts.written);
    el.dataset.skipped = String(counts.skipped);
    var text = counts.read + ' read · ' + counts.written + ' written · ' + counts.skipped + ' skipped';
    if (counts.retried) text += ' · ' + counts.retried + ' retried';
    var span = el.querySelector('.counts');
    span.textContent = text;
    span.hidden = false;
  }

  function card(jobId) {
    var existing = jobCards.get(jobId);
    if (existing) return existing;
    var el = document.createElement('article');
    el.className = 'job';
    el.dataset.jobId = jobId;
    el.dataset.status = 'pending';
    el.dataset.progress = '0';
    el.innerHTML =
      '<div class="job-head">' +
      '  <code class="job-id"></code>' +
      '  <span class="badge"></span>' +
      '  <button type="button" class="button ghost small history-button">History</button>' +
      '</div>' +
      '<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">' +
      '  <div class="fill"></div></div>' +
      '<div class="job-foot">' +
      '  <span class="percent">0 %</span>' +
      '  <span class="message">Waiting for events…</span>' +
      '  <span class="eta"></span>' +
      '  <span class="seq"></span>' +
      '</div>' +
      '<div class="counts" hidden></div>' +
      '<div class="job-error" hidden></div>';
    el.querySelector('.job-id').textContent = jobId;
    el.querySelector('.badge').textContent = 'pending';
    el.querySelector('.history-button').addEventListener('click', function () { showHistory(jobId); });
    var list = $('jobs');
    list.insertBefore(el, list.firstChild);
    $('no-jobs').hidden = true;
    jobCards.set(jobId, el);
    $('job-count').textContent = jobCards.size + (jobCards.size === 1 ? ' job' : ' jobs');
    return el;
  }

  function updateCard(event) {
    var el = card(event.jobId);
    var data = event.data || {};
    var progress = Number(el.dataset.progress);
    var message = el.querySelector('.message').textContent;
    switch (event.type) {
      case 'job.created': message = 'Created'; break;
      case 'job.started': message = 'Started'; break;
      case 'job.progress':
        if (typeof data.progress === 'number') progress = data.progress;
        message = data.message || message;
        showCounts(el, data);
        break;
      case 'job.updated':
        message = event.status === 'stalled' && data.lastEventAt
          ? 'Stalled: no news since ' + new Date(data.lastEventAt).toLocaleTimeString()
          : 'Updated: ' + JSON.stringify(data);
        break;
      case 'job.completed':
        progress = 100;
        if (data.result && data.result.batchStatus) {
          message = 'Completed · exit status ' + data.result.exitStatus;
          showCounts(el, data.result);
        } else {
          message = 'Completed' + (data.result ? ' · result ' + JSON.stringify(data.result) : '');
        }
        break;
      case 'job.failed':
        message = 'Failed';
        var error = el.querySelector('.job-error');
        error.textContent = (data.error || 'failed') + (data.errorMessage ? ': ' + data.errorMessage : '');
        error.hidden = false;
        showCounts(el, data);
        break;
    }
    var status = event.status || el.dataset.status;
    el.dataset.status = status;
    el.dataset.progress = String(progress);
    el.dataset.seq = String(event.seq);
    el.querySelector('.badge').textContent = status;
    el.querySelector('.fill').style.width = progress + '%';
    el.querySelector('.bar').setAttribute('aria-valuenow', String(progress));
    el.querySelector('.percent').textContent = progress + ' %';
    el.querySelector('.message').textContent = message;
    el.querySelector('.seq').textContent = 'seq ' + event.seq;
    // The server's estimate rides on each job.progress; any other event makes it stale.
    el.querySelector('.eta').textContent = event.type === 'job.progress' ? JobsClient.describeEstimate(data) : '';
  }

  function showEvent(event) {
    updateCard(event);
    var data = event.data || {};
    var detail = event.type === 'job.progress'
      ? (typeof data.progress === 'number' ? data.progress + ' % · ' : '') + (data.message || '')
      : event.type === 'job.failed' ? (data.error + ': ' + data.errorMessage)
        : event.type === 'job.completed' ? 'result ' + JSON.stringify(data.result || {})
          : event.status;
    var li = logLine('event', event.timestamp);
    li.dataset.jobId = event.jobId;
    li.dataset.seq = String(event.seq);
    li.dataset.type = event.type;
    li.appendChild(span('log-job', event.jobId));
    li.appendChild(span('log-seq', '#' + event.seq));
    li.appendChild(span('log-type ' + event.type.replace('.', '-'), event.type));
    li.appendChild(span('log-detail', detail));
  }

  function showHistory(jobId) {
    var dialog = $('history');
    $('history-job').textContent = jobId;
    var rows = $('history-rows');
    rows.innerHTML = '<tr><td colspan="5" class="muted">Loading…</td></tr>';
    dialog.dataset.jobId = jobId;
    dialog.dataset.loaded = 'false';
    if (!dialog.open) dialog.showModal();
    client.history(jobId).then(function (events) {
      rows.innerHTML = '';
      events.forEach(function (e) {
        var tr = document.createElement('tr');
        tr.dataset.seq = String(e.seq);
        [String(e.seq), e.type, e.status, time(e.timestamp), JSON.stringify(e.data)].forEach(function (text, i) {
          var td = document.createElement('td');
          td.textContent = text;
          if (i === 4) td.className = 'data';
          tr.appendChild(td);
        });
        rows.appendChild(tr);
      });
      if (events.length === 0) rows.innerHTML = '<tr><td colspan="5" class="muted">No stored events.</td></tr>';
      dialog.dataset.loaded = 'true';
    }, function (e) {
      rows.innerHTML = '';
      var tr = rows.insertRow();
      var td = tr.insertCell();
      td.colSpan = 5;
      td.textContent = 'Could not read the history: ' + e.message;
    });
  }

  // ---------------------------------------------------------------- log and notices

  function logLine(kind, timestamp) {
    var log = $('log');
    var li = document.createElement('li');
    li.className = 'log-' + kind;
    li.appendChild(span('log-time', time(timestamp || new Date().toISOString())));
    var stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
    log.appendChild(li);
    while (log.childElementCount > MAX_LOG_LINES) log.removeChild(log.firstChild);
    if (stick) log.scrollTop = log.scrollHeight;
    return li;
  }

  function note(text, kind) {
    logLine(kind || 'state').appendChild(span('log-note', text));
  }

  function notice(text) {
    var el = $('notice');
    el.textContent = text;
    el.hidden = false;
  }

  function hideNotice() {
    $('notice').hidden = true;
  }

  function span(className, text) {
    var s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  function time(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return '';
    return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function seconds(ms) {
    return ms >= 1000 ? Math.round(ms / 100) / 10 + ' s' : ms + ' ms';
  }

  function clamp(n, min, max) {
    return Math.min(max, Math.max(min, n));
  }

  function updateButtons() {
    var usable = demoEnabled && currentKey !== '' && client && client.state === 'open';
    $('start-job').disabled = !usable;
    $('start-failing-job').disabled = !usable;
    $('start-batch-job').disabled = !usable || !batchEnabled;
  }

  /** POST /api/demo/jobs and /api/demo/batch-jobs without a key: 404 when they are off, 401 when they are on. */
  function probeDemo() {
    probe('api/demo/jobs', 'demo-note', 'Demo jobs are off on this server: start it with jobs.demo.enabled=true '
      + '(server-config/demo.properties does).', function () { demoEnabled = false; });
    probe('api/demo/batch-jobs', 'batch-note', 'Batch jobs are off on this server: the demo is off, or the server has'
      + ' no Jakarta Batch (on WildFly, the batch-jberet subsystem of standalone.xml).', function () { batchEnabled = false; });
  }

  function probe(url, noteId, offText, turnOff) {
    fetch(url, { method: 'POST' }).then(function (response) {
      if (response.status === 404) {
        turnOff();
        $(noteId).textContent = offText;
        $(noteId).classList.add('warning');
        updateButtons();
      }
    }).catch(function () { /* the connection state says it */ });
  }

  // ---------------------------------------------------------------- start

  document.addEventListener('DOMContentLoaded', function () {
    var stored = null;
    try { stored = localStorage.getItem(KEY_STORAGE); } catch (e) { /* private mode */ }
    if (stored !== null) $('api-key').value = stored;
    document.querySelectorAll('.origin').forEach(function (el) { el.textContent = location.origin; });

    $('key-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var key = $('api-key').value.trim();
      try { localStorage.setItem(KEY_STORAGE, key); } catch (err) { /* private mode */ }
      jobCards.forEach(function (el) { el.remove(); });
      jobCards.clear();
      $('no-jobs').hidden = false;
      $('job-count').textContent = 'none yet';
      hideNotice();
      note(key ? 'Connecting with key ' + key : 'Connecting as the logged-in user', 'state');
      connect(key);
    });
    $('start-job').addEventListener('click', function () { startJob(false); });
    $('start-failing-job').addEventListener('click', function () { startJob(true); });
    $('start-batch-job').addEventListener('click', startBatchJob);
    $('clear-log').addEventListener('click', function () { $('log').innerHTML = ''; });

    probeDemo();
    connect($('api-key').value.trim());
  });
})();
