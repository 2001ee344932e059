'use strict';
// The operators' page: draws the snapshot, then applies the server-sent events. No libraries: charts are SVG.
// Reconnects by itself: EventSource retries only after network errors and gives up for good (readyState CLOSED)
// on any HTTP error answer, so the page watches readyState and the silence between events, and opens a new
// stream with backoff; "live" is shown only once a snapshot has arrived on the new stream.
(function () {
  const fleet = new Map();
  const alarms = new Map();
  let commands = [];
  let session = null;
  let es = null;
  let lastEvent = 0;
  let backoff = 500;
  let reconnectTimer = null;
  let inSnapshot = false;
  window.__cascade = { alarmSeen: {}, reconnects: 0, events: 0 };

  const $ = id => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }
  const time = ms => ms ? new Date(ms).toLocaleTimeString() : '';
  const num = v => (typeof v === 'number' ? (Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v));

  function setConn(text, cls) { const c = $('conn'); c.textContent = text; c.className = cls || ''; }
  function showError(text) { $('error').textContent = text || ''; }

  function chart(series, threshold) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('viewBox', '0 0 200 60');
    svg.setAttribute('preserveAspectRatio', 'none');
    if (series.length === 0) return svg;
    const vs = series.map(p => p.v);
    let lo = Math.min(...vs, threshold), hi = Math.max(...vs, threshold);
    if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
    const x = i => series.length === 1 ? 100 : (i / (series.length - 1)) * 200;
    const y = v => 56 - ((v - lo) / (hi - lo)) * 52;
    const t = document.createElementNS(ns, 'line');
    t.setAttribute('x1', 0); t.setAttribute('x2', 200); t.setAttribute('y1', y(threshold)); t.setAttribute('y2', y(threshold));
    t.setAttribute('stroke', '#f87171'); t.setAttribute('stroke-dasharray', '3 3'); t.setAttribute('stroke-width', '0.8');
    svg.append(t);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', series.map((p, i) => x(i).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' '));
    line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#60a5fa'); line.setAttribute('stroke-width', '1.5');
    svg.append(line);
    return svg;
  }

  function deviceButtons(d) {
    if (!session || !session.mayAct) return [];
    const b = [];
    if (d.kind === 'vibration') b.push(el('button', { class: 'resume', 'data-id': d.deviceId, onclick: () => act('devices', d.deviceId, 'resume') }, 'Resume'));
    b.push(el('button', { class: 'lock', 'data-id': d.deviceId, onclick: () => act('devices', d.deviceId, 'lock') }, 'Lock out'));
    b.push(el('button', { class: 'unlock', 'data-id': d.deviceId, onclick: () => act('devices', d.deviceId, 'unlock') }, 'Unlock'));
    return b;
  }

  function renderDevice(d) {
    const label = d.kind === 'soil' ? 'forecast moisture %' : 'anomaly score';
    const last = d.series.length ? d.series[d.series.length - 1].v : null;
    const card = el('div', { class: 'device', id: 'dev-' + d.deviceId, 'data-points': d.series.length, 'data-last': last == null ? '' : last },
      el('div', {}, el('span', { class: 'name' }, d.deviceId), ' ', el('span', { class: 'state state-' + d.state }, d.state)),
      el('div', { class: 'meta' }, label + ': ', el('span', { class: 'value' }, last == null ? '-' : num(last)),
        ' (threshold ' + num(d.threshold) + ')'),
      chart(d.series, d.threshold),
      el('div', { class: 'meta' }, 'seen ' + time(d.lastSeenMs) + (d.edgeModel ? ' - edge ' + d.edgeModel : '') + (d.cloudModel ? ' - cloud ' + d.cloudModel : '')),
      el('div', {}, ...deviceButtons(d)));
    const old = $('dev-' + d.deviceId);
    if (old) old.replaceWith(card); else $('fleet').append(card);
  }

  function alarmRow(r) {
    const a = r.current;
    const buttons = [];
    if (session && session.mayAct) {
      if (!a.acknowledged) buttons.push(el('button', { class: 'ack', 'data-id': a.alarmId, onclick: () => act('alarms', a.alarmId, 'acknowledge') }, 'Acknowledge'));
      if (a.active) buttons.push(el('button', { class: 'clear', 'data-id': a.alarmId, onclick: () => act('alarms', a.alarmId, 'clear') }, 'Clear'));
    }
    const history = el('details', {}, el('summary', {}, 'history (' + r.history.length + ')'),
      ...r.history.map(h => el('div', {}, time(h.updatedMs) + ' ' + h.status + ' x' + h.count + (h.acknowledgedBy ? ' ack ' + h.acknowledgedBy : '') + (h.clearedBy ? ' cleared ' + h.clearedBy : '') + (h.note ? ' "' + h.note + '"' : ''))));
    return el('tr', { id: 'alarm-' + a.alarmId, 'data-status': a.status },
      el('td', { class: 'sev-' + a.severity }, a.severity), el('td', {}, a.deviceId), el('td', {}, a.cause),
      el('td', { class: 'status' }, a.status.replace('_', ' ')), el('td', {}, a.count), el('td', {}, a.summary, history),
      el('td', {}, time(a.updatedMs)), el('td', {}, a.acknowledgedBy || a.clearedBy), el('td', {}, ...buttons));
  }

  // Whole table, sorted: open alarms first, newest first (on a snapshot only).
  function renderAlarms() {
    const rows = [...alarms.values()].sort((a, b) => (b.current.active - a.current.active) || (b.current.updatedMs - a.current.updatedMs));
    $('alarms').replaceChildren(...rows.map(alarmRow));
  }

  // One alarm changed: replace its row in place, or put a new one on top (no redraw of the other rows).
  function renderAlarm(r) {
    const tr = alarmRow(r);
    const old = $('alarm-' + r.current.alarmId);
    if (old) old.replaceWith(tr); else $('alarms').prepend(tr);
  }

  function renderCommands() {
    $('commands').replaceChildren(...commands.slice(0, 50).map(c => el('tr', { id: 'cmd-' + c.commandId },
      el('td', {}, time(c.issuedMs)), el('td', {}, c.deviceId), el('td', {}, c.type), el('td', {}, c.origin),
      el('td', { class: 'status' }, c.status), el('td', {}, [c.rule, c.detail].filter(Boolean).join(': ')))));
  }

  function renderHealth(h) {
    const lag = Object.values(h.consumerLag || {}).reduce((s, v) => s + v, 0);
    const figures = [
      ['results/s', h.resultsPerSec], ['escalations/s', h.escalationsPerSec], ['escalations per result', h.escalationRate],
      ['verdict p50 ms', h.verdictLatencyP50Ms], ['verdict p99 ms', h.verdictLatencyP99Ms], ['ack p99 ms', h.ackLatencyP99Ms],
      ['batch size mean', h.batchSizeMean], ['batch size max', h.batchSizeMax], ['consumer lag', lag],
      ['devices', h.devices], ['active alarms', h.activeAlarms]];
    for (const [k, v] of Object.entries(h.host || {})) figures.push([k, v]);
    $('health').replaceChildren(...figures.map(([k, v]) => el('div', { class: 'figure', 'data-key': k }, el('div', { class: 'v' }, num(v == null ? 0 : v)), el('div', { class: 'k' }, k))));
  }

  function onAlarm(row) {
    const prev = alarms.get(row.current.alarmId);
    if (prev && prev.current.updatedMs > row.current.updatedMs) return;
    alarms.set(row.current.alarmId, row);
    if (!inSnapshot) renderAlarm(row);
    window.__cascade.alarmSeen[row.current.alarmId + '@' + row.current.status] = Date.now();
  }

  function snapshot(s) {
    fleet.clear(); $('fleet').replaceChildren();
    for (const d of s.fleet) { fleet.set(d.deviceId, d); renderDevice(d); }
    alarms.clear();
    inSnapshot = true;
    for (const r of s.alarms) onAlarm(r);
    inSnapshot = false;
    renderAlarms();
    commands = s.commands; renderCommands();
    renderHealth(s.health);
  }

  function handler(fn) {
    return e => { lastEvent = Date.now(); window.__cascade.events++; fn(e.data ? JSON.parse(e.data) : null); };
  }

  function connect() {
    if (es) es.close();
    setConn(window.__cascade.reconnects ? 'reconnecting...' : 'connecting...', 'down');
    lastEvent = Date.now();
    es = new EventSource('/events');
    es.addEventListener('snapshot', handler(s => { snapshot(s); backoff = 500; setConn('live', 'live'); }));
    es.addEventListener('fleet', handler(list => { for (const d of list) { fleet.set(d.deviceId, d); renderDevice(d); } }));
    es.addEventListener('alarm', handler(onAlarm));
    es.addEventListener('commands', handler(list => { commands = list; renderCommands(); }));
    es.addEventListener('health', handler(renderHealth));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) scheduleReconnect(); else setConn('reconnecting...', 'down');
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    if (es) { es.close(); es = null; }
    setConn('reconnecting...', 'down');
    window.__cascade.reconnects++;
    reconnectTimer = setTimeout(async () => {
      reconnectTimer = null;
      try {
        const r = await fetch('/api/session', { cache: 'no-store', credentials: 'same-origin' });
        if (r.status === 401) { location.href = '/login'; return; }
        if (r.ok) session = await r.json();
      } catch (e) { /* server unreachable: the stream attempt below fails and backs off again */ }
      connect();
    }, backoff);
    backoff = Math.min(backoff * 2, 8000);
  }

  // The server sends health every second: six seconds of silence means the stream is dead even if the browser
  // still believes it open (half-open TCP, a proxy that buffers).
  setInterval(() => { if (es && Date.now() - lastEvent > 6000) scheduleReconnect(); }, 1000);

  async function act(kind, id, verb) {
    showError('');
    let note = '';
    if (verb === 'lock' || verb === 'clear') note = prompt('Note (why)?', '') || '';
    try {
      const r = await fetch('/api/' + kind + '/' + encodeURIComponent(id) + '/' + verb, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf }, body: JSON.stringify({ note }) });
      if (r.status === 401) { location.href = '/login'; return; }
      if (!r.ok) { const b = await r.json().catch(() => ({})); showError(verb + ' refused: ' + (b.error || r.status)); }
    } catch (e) { showError(verb + ' failed: ' + e); }
  }

  $('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': session ? session.csrf : '' } }).catch(() => {});
    location.href = '/login';
  });

  (async () => {
    const r = await fetch('/api/session', { cache: 'no-store', credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/login'; return; }
    session = await r.json();
    $('who').textContent = session.user + ' (' + session.role + ')';
    connect();
  })();
})();
