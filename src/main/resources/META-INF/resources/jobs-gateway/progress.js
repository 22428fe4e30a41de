/*
 * The script of <jobs:progress>: JobsProgress.attach(elementId) makes the element follow its
 * job. Tags of one page that share a gateway URL and key share one JobsClient (one connection),
 * and tags of the same job share its subscription, over whichever transport gets through (job
 * rooms and history work on all three). Re-rendered tags (Faces Ajax) attach again.
 */
var JobsProgress = JobsProgress || (function () {
  'use strict';

  var clients = new Map(); // url + ' ' + apiKey -> {client, jobs: Map(jobId -> {elements, last})}

  function attach(id) {
    var el = document.getElementById(id);
    if (!el || el.jobsProgressAttached) return;
    el.jobsProgressAttached = true;
    var jobId = el.dataset.jobId;
    if (!jobId) {
      el.dataset.status = 'unknown';
      text(el, '.jobs-progress__status', 'no job');
      text(el, '.jobs-progress__message', 'No job id was given.');
      return;
    }
    var url = el.dataset.url || (el.dataset.contextPath || '') + '/jobs';
    var entry = connection(url, el.dataset.apiKey || null);
    var job = entry.jobs.get(jobId);
    if (!job) {
      job = { elements: [], last: null };
      entry.jobs.set(jobId, job);
      entry.client.subscribe({ jobId: jobId, since: 0 }).catch(function (e) {
        each(job, function (target) {
          target.dataset.status = 'error';
          text(target, '.jobs-progress__message', 'Cannot follow this job: ' + e.message);
        });
      });
    }
    job.elements.push(el);
    showConnection(el, entry.client.state, entry.client.transport);
    if (job.last) render(el, job.last);
  }

  function connection(url, apiKey) {
    var key = url + ' ' + (apiKey || '');
    var entry = clients.get(key);
    if (entry) return entry;
    var client = new JobsClient({ url: url, apiKey: apiKey });
    entry = { client: client, jobs: new Map() };
    clients.set(key, entry);
    client.on('event', function (event) {
      var job = entry.jobs.get(event.jobId);
      if (!job) return;
      job.last = merge(job.last, event);
      each(job, function (el) { render(el, job.last); });
    });
    client.on('recovery-failed', function (r) {
      // Some events are gone: the latest stored one says where the job is.
      client.history(r.jobId, { limit: 1 }).then(function (events) {
        var job = entry.jobs.get(r.jobId);
        if (!job || events.length === 0) return;
        job.last = merge(job.last, events[0]);
        each(job, function (el) { render(el, job.last); });
      });
    });
    client.on('state', function (change) {
      entry.jobs.forEach(function (job) {
        each(job, function (el) { showConnection(el, change.state, change.transport); });
      });
    });
    return entry;
  }

  /** The job's state so far: progress and message carry over events that do not have them. */
  function merge(previous, event) {
    var data = event.data || {};
    var state = {
      seq: event.seq,
      type: event.type,
      status: event.status,
      progress: previous ? previous.progress : 0,
      message: previous ? previous.message : '',
      estimate: '' // the server's, from job.progress only: any other event makes it stale
    };
    if (event.type === 'job.created') state.message = 'Waiting to start';
    if (event.type === 'job.started') state.message = 'Started';
    if (event.type === 'job.progress') {
      if (typeof data.progress === 'number') state.progress = data.progress;
      if (data.message) state.message = data.message;
      state.estimate = JobsClient.describeEstimate(data);
    }
    if (event.type === 'job.updated' && event.status === 'stalled' && data.lastEventAt) {
      state.message = 'No news since ' + new Date(data.lastEventAt).toLocaleTimeString();
    }
    if (event.type === 'job.completed') {
      state.progress = 100;
      state.message = 'Completed';
    }
    if (event.type === 'job.failed') {
      state.message = (data.error || 'failed') + (data.errorMessage ? ': ' + data.errorMessage : '');
    }
    return state;
  }

  function render(el, state) {
    el.dataset.status = state.status;
    el.dataset.progress = String(state.progress);
    el.dataset.seq = String(state.seq);
    text(el, '.jobs-progress__status', state.status);
    text(el, '.jobs-progress__percent', state.progress + ' %');
    text(el, '.jobs-progress__message', state.message);
    text(el, '.jobs-progress__eta', state.estimate);
    var fill = el.querySelector('.jobs-progress__fill');
    if (fill) fill.style.width = state.progress + '%';
    var bar = el.querySelector('.jobs-progress__bar');
    if (bar) bar.setAttribute('aria-valuenow', String(state.progress));
  }

  /** The connection's state, and its transport (websocket, sse or poll: the client falls back by itself). */
  function showConnection(el, state, transport) {
    el.dataset.connection = state;
    el.dataset.transport = transport;
    var live = el.querySelector('.jobs-progress__live');
    if (live) live.title = (state === 'open' ? 'live' : state) + (transport === 'websocket' ? '' : ' (' + transport + ')');
  }

  /** Calls fn for each element of the job still in the page, forgetting the others. */
  function each(job, fn) {
    job.elements = job.elements.filter(function (el) { return el.isConnected; });
    job.elements.forEach(fn);
  }

  function text(el, selector, value) {
    var target = el.querySelector(selector);
    if (target) target.textContent = value;
  }

  return { attach: attach };
})();
