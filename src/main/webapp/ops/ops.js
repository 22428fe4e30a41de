// The operations page: asks GET data (this folder's /ops/data) every second and draws what the
// meters of every node say, as charts that move. Counters are totals since a node started: a rate
// is the difference between two reports of one node over the time between them, and the lag
// percentiles come from the histogram's bucket differences, as Prometheus' histogram_quantile
// does (linear inside a bucket). No framework, no build step: uPlot draws the charts.
(() => {
  'use strict';

  const POLL_MS = 1000;
  const POINTS = 300; // five minutes at one a second
  const KEY_STORE = 'jobs-gateway.ops.key';
  const TRANSPORTS = ['websocket', 'sse', 'poll'];
  const QUANTILES = [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]];
  const COLORS = ['#4f46e5', '#15924f', '#d03a3a', '#b7791f', '#0891b2', '#db2777', '#65a30d', '#9333ea',
    '#ea580c', '#475569', '#0d9488', '#2563eb'];

  // Each chart: a title, and the series it shows now, from this poll's nodes and their rates.
  // `missing` is what a series that has no value in a poll shows: 0 for a count, a gap otherwise.
  const CHARTS = [
    { id: 'connections', title: 'Open connections, by node and transport', missing: null,
      series: (nodes) => nodes.flatMap((n) => TRANSPORTS.map((t) => [`${n.node} ${t}`, n.snapshot.connections[t]])) },
    { id: 'rooms', title: 'Rooms and subscriptions, by node', missing: null,
      series: (nodes) => nodes.flatMap((n) => [[`${n.node} rooms`, n.snapshot.rooms],
        [`${n.node} subscriptions`, n.snapshot.subscriptions]]) },
    { id: 'events', title: 'Events published (by source) and delivered (by node), per second', missing: null,
      series: (nodes) => [...Object.entries(sum(nodes, (r) => r.published)).map(([s, v]) => [`published ${s}`, v]),
        ...nodes.map((n) => [`delivered ${n.node}`, n.rates && n.rates.deliveries])] },
    { id: 'closes', title: 'Closes per second, by code', missing: 0,
      series: (nodes) => Object.entries(sum(nodes, (r) => r.closes)).filter(([, v]) => v > 0) },
    { id: 'slow', title: 'Slow-reader replacements and rate limits, per second', missing: null,
      series: (nodes) => [['progress replaced', total(nodes, (r) => r.progressReplaced)],
        ['rate limited', total(nodes, (r) => r.rateLimited)]] },
    { id: 'lag', title: 'Delivery lag in ms, every node: p50 · p90 · p99 of the last interval', missing: null,
      series: (nodes) => { const lag = lagOf(nodes); return QUANTILES.map(([name]) => [name, lag[name]]); } },
  ];

  const $ = (id) => document.getElementById(id);
  const frames = []; // one per poll: { t, values: { chartId: { label: value } } }
  const last = new Map(); // node -> { at, snapshot, rates }: the last report seen of each node
  const plots = new Map(); // chartId -> { plot, labels, figure }
  let key = sessionStorage.getItem(KEY_STORE);

  // ------------------------------------------------------------------ asking

  async function poll() {
    let response;
    try {
      response = await fetch('data', { headers: key ? { Authorization: 'Bearer ' + key } : {}, cache: 'no-store' });
    } catch (e) {
      setStatus('error', 'The gateway does not answer (' + e.message + '); asking again.');
      return later();
    }
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      return signedOut(response.status, body.message || '');
    }
    if (!response.ok) {
      setStatus('error', 'GET /ops/data answered ' + response.status + '; asking again.');
      return later();
    }
    show(await response.json());
    later();
  }

  function later() {
    setTimeout(poll, POLL_MS);
  }

  /** Without a key, a 401 only means the login (if any) is not enough: ask for a key, saying why only after one was tried. */
  function signedOut(code, message) {
    const tried = key !== null;
    key = null;
    sessionStorage.removeItem(KEY_STORE);
    $('board').hidden = true;
    $('forget-key').hidden = true;
    $('key-form').hidden = false;
    $('key-error').textContent = tried || code === 403 ? code + ': ' + message : '';
    setStatus('signed-out', 'An API key with the admin scope shows this page.', { code });
    $('key').focus();
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    key = $('key').value.trim();
    sessionStorage.setItem(KEY_STORE, key);
    $('key').value = '';
    $('key-form').hidden = true;
    setStatus('starting', 'Asking the gateway…');
    poll();
  });

  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    location.reload();
  });

  function setStatus(state, text, extra = {}) {
    const status = $('status');
    status.textContent = text;
    status.dataset.state = state;
    delete status.dataset.code;
    Object.assign(status.dataset, extra);
  }

  // ------------------------------------------------------------------ counting

  function show(data) {
    const nodes = data.nodes.map((snapshot) => ({ node: snapshot.node, snapshot, rates: ratesOf(snapshot) }));
    for (const node of last.keys()) {
      if (!nodes.some((n) => n.node === node)) last.delete(node);
    }
    const values = {};
    for (const chart of CHARTS) {
      values[chart.id] = Object.fromEntries(chart.series(nodes).filter(([, v]) => v !== undefined));
    }
    frames.push({ t: Date.parse(data.takenAt) / 1000, values });
    if (frames.length > POINTS) frames.shift();

    setStatus('live', `${nodes.length} node${nodes.length === 1 ? '' : 's'}${data.cluster ? ', cluster' : ''}, `
        + `updated ${new Date(data.takenAt).toLocaleTimeString()}`, { auth: key ? 'key' : 'login', nodes: nodes.length });
    $('key-form').hidden = true;
    $('forget-key').hidden = !key;
    $('board').hidden = false;
    $('cluster-problem').hidden = data.complete;
    $('cluster-problem').textContent = data.complete ? '' : 'Only this node is shown: ' + data.problem;
    showTotals(nodes);
    showNodes(nodes, Date.parse(data.takenAt));
    CHARTS.forEach(draw);
  }

  /** This report's rates against the node's last one; the last rates again for the same report (another node's, once a second). */
  function ratesOf(snapshot) {
    const at = Date.parse(snapshot.takenAt);
    const before = last.get(snapshot.node);
    if (before && at === before.at) return before.rates;
    let rates = null;
    if (before && at > before.at) {
      const seconds = (at - before.at) / 1000;
      const old = before.snapshot;
      const per = (now, then) => (now >= (then || 0) ? (now - (then || 0)) / seconds : null); // null: the node restarted
      const perLabel = (now, then) => Object.fromEntries(Object.entries(now).map(([k, v]) => [k, per(v, then[k])]));
      const buckets = snapshot.lag.buckets.map((b, i) => ({ le: b.le, count: b.count - (old.lag.buckets[i] || { count: 0 }).count }));
      rates = {
        published: perLabel(snapshot.published, old.published),
        deliveries: per(snapshot.deliveries, old.deliveries),
        closes: perLabel(snapshot.closes, old.closes),
        rateLimited: per(snapshot.rateLimited, old.rateLimited),
        progressReplaced: per(snapshot.progressReplaced, old.progressReplaced),
        lag: { count: snapshot.lag.count - old.lag.count, buckets },
      };
    }
    last.set(snapshot.node, { at, snapshot, rates });
    return rates;
  }

  /** The labelled rates of every node added up, label by label; null until some node has rates. */
  function sum(nodes, pick) {
    const out = {};
    for (const n of nodes.filter((n) => n.rates)) {
      for (const [k, v] of Object.entries(pick(n.rates))) {
        if (v !== null) out[k] = (out[k] || 0) + v;
      }
    }
    return out;
  }

  function total(nodes, pick) {
    const rated = nodes.filter((n) => n.rates && pick(n.rates) !== null);
    return rated.length ? rated.reduce((s, n) => s + pick(n.rates), 0) : null;
  }

  /** p50, p90 and p99 in ms of the deliveries of the last interval of the given nodes, their buckets merged. */
  function lagOf(nodes) {
    const merged = new Map();
    let count = 0;
    for (const n of nodes.filter((n) => n.rates && n.rates.lag.count > 0)) {
      count += n.rates.lag.count;
      n.rates.lag.buckets.forEach((b) => merged.set(b.le, (merged.get(b.le) || 0) + b.count));
    }
    const buckets = [...merged].sort((a, b) => a[0] - b[0]).map(([le, c]) => ({ le, count: c }));
    return Object.fromEntries(QUANTILES.map(([name, q]) => {
      const seconds = quantile(q, buckets, count);
      return [name, seconds === null ? null : seconds * 1000];
    }));
  }

  /** As histogram_quantile: linear inside the bucket the rank falls in; in the +Inf bucket, the highest bound. */
  function quantile(q, buckets, count) {
    if (!count) return null;
    const rank = q * count;
    let lower = 0;
    let below = 0;
    for (const b of buckets) {
      if (b.count >= rank) {
        const inBucket = b.count - below;
        return inBucket > 0 ? lower + (b.le - lower) * (rank - below) / inBucket : b.le;
      }
      lower = b.le;
      below = b.count;
    }
    return lower;
  }

  // ------------------------------------------------------------------ showing

  const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(Number.isInteger(v) ? 0 : digits));

  function setValue(element, value, text = fmt(value)) {
    element.textContent = text;
    element.dataset.value = value === null || value === undefined ? '' : value;
  }

  function showTotals(nodes) {
    const s = (pick) => nodes.reduce((acc, n) => acc + pick(n.snapshot), 0);
    setValue($('total-connections'), s((x) => TRANSPORTS.reduce((a, t) => a + (x.connections[t] || 0), 0)));
    setValue($('total-rooms'), s((x) => x.rooms));
    setValue($('total-subscriptions'), s((x) => x.subscriptions));
    const published = Object.values(sum(nodes, (r) => r.published));
    setValue($('total-published'), published.length ? published.reduce((a, b) => a + b, 0) : null);
    setValue($('total-deliveries'), total(nodes, (r) => r.deliveries));
    const closes = Object.values(sum(nodes, (r) => r.closes));
    setValue($('total-closes'), closes.length ? closes.reduce((a, b) => a + b, 0) : null);
    setValue($('total-replaced'), total(nodes, (r) => r.progressReplaced));
    const lag = lagOf(nodes);
    setValue($('total-lag'), lag.p99, QUANTILES.map(([name]) => fmt(lag[name])).join(' · '));
    Object.assign($('total-lag').dataset, { p50: lag.p50 ?? '', p90: lag.p90 ?? '' });
  }

  function showNodes(nodes, now) {
    const body = document.querySelector('#nodes tbody');
    body.replaceChildren(...nodes.map((n, i) => {
      const row = document.createElement('tr');
      row.dataset.node = n.node;
      const r = n.rates;
      const closes = r ? Object.values(r.closes).reduce((a, b) => a + (b || 0), 0) : null;
      const published = r ? Object.values(r.published).reduce((a, b) => a + (b || 0), 0) : null;
      const cells = [['node', n.node, i === 0 ? n.node + ' (this one)' : n.node],
        ...TRANSPORTS.map((t) => [t, n.snapshot.connections[t]]),
        ['rooms', n.snapshot.rooms], ['subscriptions', n.snapshot.subscriptions], ['published', published],
        ['deliveries', r && r.deliveries], ['closes', closes], ['lag-p99', lagOf([n]).p99],
        ['age', (now - Date.parse(n.snapshot.takenAt)) / 1000, fmt(Math.max(0, now - Date.parse(n.snapshot.takenAt)) / 1000) + ' s']];
      for (const [field, value, text] of cells) {
        const cell = document.createElement('td');
        cell.dataset.field = field;
        setValue(cell, value, text === undefined ? fmt(value) : text);
        row.appendChild(cell);
      }
      return row;
    }));
  }

  /** Redraws a chart with the frames' values; makes it anew when its series changed (a node or a close code came or went). */
  function draw(chart) {
    const labels = [...new Set(frames.flatMap((f) => Object.keys(f.values[chart.id])))];
    const data = [frames.map((f) => f.t), ...labels.map((label) => frames.map((f) => {
      const v = f.values[chart.id][label];
      return v === undefined || v === null ? chart.missing : v;
    }))];
    const figure = $('chart-' + chart.id);
    let entry = plots.get(chart.id);
    if (!entry || entry.labels.join('\n') !== labels.join('\n')) {
      if (entry) entry.plot.destroy();
      const plot = new uPlot({
        ...plotSize(figure), legend: { live: false },
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
        series: [{}, ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5,
          points: { show: false } }))],
      }, data, figure.querySelector('.plot'));
      entry = { plot, labels };
      plots.set(chart.id, entry);
    } else {
      entry.plot.setData(data);
    }
    figure.dataset.points = frames.length;
    figure.dataset.series = JSON.stringify(labels);
    figure.dataset.last = JSON.stringify(Object.fromEntries(labels.map((l, i) => [l, data[i + 1][data[0].length - 1]])));
  }

  const plotSize = (figure) => ({ width: Math.max(200, figure.clientWidth - 32), height: 200 });

  // One figure per chart from the start, so that the grid has its columns before the first plot takes its width.
  for (const chart of CHARTS) {
    const figure = document.createElement('figure');
    figure.id = 'chart-' + chart.id;
    figure.className = 'card chart';
    const caption = document.createElement('figcaption');
    caption.textContent = chart.title;
    const plot = document.createElement('div');
    plot.className = 'plot';
    figure.append(caption, plot);
    $('charts').appendChild(figure);
    new ResizeObserver(() => {
      const entry = plots.get(chart.id);
      if (entry) entry.plot.setSize(plotSize(figure));
    }).observe(figure);
  }

  poll();
})();
