// The emulator's session explorer. Everything shown is built with DOM nodes and textContent, never
// from markup strings, so a session name, property or gamertag holding markup shows as text.
// Live updates come from the server-sent event stream at /_emulator/events; nothing polls.
'use strict';

const state = {
  route: { view: 'sessions' },
  clock: { nowMs: 0, manual: false, fetchedAt: 0 },
  detail: null,     // the open session's view
  history: null,    // its versions
  requests: [],     // the request log, oldest first
  lastRequestSeq: 0,
  pending: new Map(),  // debounced refreshes by name
};

// ---- DOM helpers ------------------------------------------------------------------------------

// el('td', {className: 'x', title: 'y'}, child, 'text', ...): strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'className') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function replaceChildren(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function byId(id) { return document.getElementById(id); }

// ---- time -------------------------------------------------------------------------------------

// The emulator's time now: a manual clock stands still; a real one runs on from the last reading.
function emulatorNow() {
  if (state.clock.manual) return state.clock.nowMs;
  return state.clock.nowMs + (Date.now() - state.clock.fetchedAt);
}

function setClock(iso, manual) {
  const ms = Date.parse(iso);
  if (!Number.isNaN(ms)) {
    state.clock.nowMs = ms;
    state.clock.fetchedAt = Date.now();
  }
  if (manual !== undefined) state.clock.manual = manual;
  renderClock();
}

// 1500 -> "1.5 s", 125000 -> "2 min 5 s", 7200000 -> "2 h".
function formatDuration(ms) {
  const abs = Math.abs(ms);
  if (abs < 1000) return Math.round(abs) + ' ms';
  if (abs < 10000) return (abs / 1000).toFixed(1) + ' s';
  const s = Math.round(abs / 1000);
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  const h = Math.floor(m / 60);
  if (h < 48) return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  return Math.floor(h / 24) + ' d';
}

function ago(iso) {
  const t = Date.parse(iso);
  if (!iso || Number.isNaN(t)) return '-';
  const d = emulatorNow() - t;
  return d <= 0 ? 'just now' : formatDuration(d) + ' ago';
}

function formatTime(iso) {
  if (!iso) return '-';
  return String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// ---- fetching ---------------------------------------------------------------------------------

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
  return body;
}

function sessionPath(scid, template, name) {
  return '/_emulator/sessions/' + [scid, template, name].map(encodeURIComponent).join('/');
}

function sessionHash(scid, template, name) {
  return '#/session/' + [scid, template, name].map(encodeURIComponent).join('/');
}

// Coalesces bursts of events into one refresh per name.
function soon(name, fn, delayMs = 60) {
  if (state.pending.has(name)) return;
  state.pending.set(name, setTimeout(() => {
    state.pending.delete(name);
    fn().catch(showError);
  }, delayMs));
}

function showError(error) {
  const box = byId('feed-state');
  box.title = String(error && error.message ? error.message : error);
}

// ---- routing ----------------------------------------------------------------------------------

function parseRoute() {
  const hash = location.hash || '#/';
  const parts = hash.slice(2).split('/');
  if (parts[0] === 'session' && parts.length === 4) {
    try {
      return { view: 'session', scid: decodeURIComponent(parts[1]), template: decodeURIComponent(parts[2]),
               name: decodeURIComponent(parts[3]) };
    } catch (e) {
      return { view: 'sessions' };
    }
  }
  if (parts[0] === 'requests') return { view: 'requests' };
  return { view: 'sessions' };
}

function showView(view) {
  for (const id of ['sessions', 'session', 'requests']) byId('view-' + id).hidden = id !== view;
  byId('nav-sessions').className = view === 'requests' ? '' : 'current';
  byId('nav-requests').className = view === 'requests' ? 'current' : '';
}

async function route() {
  state.route = parseRoute();
  showView(state.route.view);
  if (state.route.view === 'session') {
    state.detail = null;
    state.history = null;
    await loadSession();
  } else if (state.route.view === 'requests') {
    await loadRequests(true);
  } else {
    await loadList();
  }
}

// ---- the session list -------------------------------------------------------------------------

function statusChip(member) {
  const label = member.gamertag || member.xuid || ('#' + member.index);
  return el('span', { className: 'chip status-' + member.status, title: member.status + ' (xuid ' + member.xuid + ')' }, label);
}

async function loadList() {
  const form = byId('filters');
  const query = new URLSearchParams();
  for (const name of ['scid', 'template', 'xuid']) {
    const value = form.elements[name].value.trim();
    if (value) query.set(name, value);
  }
  const body = await getJson('/_emulator/sessions' + (query.toString() ? '?' + query : ''));
  setClock(body.now);
  const rows = body.sessions.map((s) => {
    const link = el('a', { href: sessionHash(s.scid, s.template, s.name), className: 'session-link' }, s.name);
    const cause = s.lastCause ? describeCause(s.lastCause) : '';
    return el('tr', { dataset: { name: s.name, live: String(s.live) }, className: s.live ? '' : 'gone' },
              el('td', {}, link, el('div', { className: 'ref' }, s.scid + ' / ' + s.template)),
              el('td', { className: 'members' }, s.members.length ? s.members.map(statusChip) : el('span', { className: 'meta' }, 'none')),
              el('td', {}, String(s.visibility)),
              el('td', { className: 'last-change', dataset: { time: s.lastChange || '' } },
                 el('span', { className: 'when' }, ago(s.lastChange)), el('div', { className: 'meta' }, '#' + s.changeNumber + ' ' + cause)),
              el('td', {}, el('span', { className: 'badge ' + (s.live ? 'live' : 'deleted') }, s.live ? 'live' : 'deleted')));
  });
  replaceChildren(document.querySelector('#session-list tbody'), rows);
  byId('session-list-empty').hidden = rows.length > 0;
}

// ---- one session ------------------------------------------------------------------------------

function describeCause(cause) {
  if (!cause) return '';
  if (cause.kind === 'request' || (cause.kind === 'timer' && cause.method)) {
    const who = cause.identity ? ' by ' + cause.identity : '';
    return (cause.kind === 'timer' ? 'timer on ' : '') + cause.method + ' ' + cause.path + who;
  }
  return cause.kind + (cause.action ? ': ' + cause.action : '');
}

function yesNo(value) {
  return value === true ? el('span', { className: 'yes' }, 'yes') : el('span', { className: 'no' }, value === false ? 'no' : '-');
}

function pretty(value) {
  return value === undefined ? '{}' : JSON.stringify(value, null, 2);
}

async function loadSession() {
  const r = state.route;
  const [detail, history] = await Promise.all([getJson(sessionPath(r.scid, r.template, r.name)),
                                               getJson(sessionPath(r.scid, r.template, r.name) + '/history')]);
  if (state.route !== r) return;  // the page moved on meanwhile
  setClock(detail.now, detail.manualClock);
  state.detail = detail;
  state.history = history;
  renderSession();
}

function renderSession() {
  const d = state.detail;
  const doc = d.session || {};
  replaceChildren(byId('session-title'), el('span', { id: 'session-name' }, d.name), ' ',
                  el('span', { className: 'badge ' + (d.live ? 'live' : 'deleted') }, d.live ? 'live' : 'deleted'));
  replaceChildren(byId('session-meta'), d.scid + ' / ' + d.template + ' - change #' + (doc.changeNumber || 0) +
                  ', last change ' + ago(d.lastChange) + (d.lastCause ? ' (' + describeCause(d.lastCause) + ')' : ''));

  const members = (doc.members) || {};
  const statusOf = new Map((d.members || []).map((m) => [m.index, m.status]));
  const memberRows = Object.keys(members).map((index) => {
    const m = members[index] || {};
    const sys = (m.properties && m.properties.system) || {};
    const xuid = (m.constants && m.constants.system && m.constants.system.xuid) || '';
    const status = statusOf.get(index) || 'inactive';
    const roles = m.roles ? Object.entries(m.roles).map(([type, role]) => type + ': ' + role).join(', ') : '-';
    return el('tr', { className: 'member status-' + status, dataset: { index } },
              el('td', {}, index),
              el('td', { className: 'gamertag' }, m.gamertag || '-'),
              el('td', {}, String(xuid)),
              el('td', {}, el('span', { className: 'chip status-' + status }, status)),
              el('td', {}, yesNo(sys.active)),
              el('td', {}, yesNo(sys.ready)),
              el('td', { className: 'mono' }, sys.connection ? String(sys.connection) : '-'),
              el('td', {}, roles));
  });
  replaceChildren(document.querySelector('#members tbody'),
                  memberRows.length ? memberRows : el('tr', {}, el('td', { colspan: 8, className: 'meta' }, 'no members')));
  renderTimers();

  const init = doc.initializing;
  replaceChildren(byId('initialization'), init
    ? el('p', {}, 'Stage ', el('strong', { id: 'init-stage' }, String(init.stage)), ' (episode ' + init.episode + ', started ' + ago(init.stageStartTime) + ')')
    : el('p', { className: 'meta' }, 'not initializing'));
  const candidates = Array.isArray(doc.hostCandidates) ? doc.hostCandidates : [];
  replaceChildren(byId('host-candidates'), candidates.length
    ? el('ol', {}, candidates.map((c) => el('li', { className: 'mono' }, typeof c === 'string' ? c : JSON.stringify(c))))
    : el('p', { className: 'meta' }, 'none'));

  const props = doc.properties || {};
  byId('custom-properties').textContent = pretty(props.custom);
  byId('system-properties').textContent = pretty(props.system);
  byId('constants').textContent = pretty(doc.constants);
  renderHistory();
}

function renderTimers() {
  const d = state.detail;
  if (!d) return;
  const now = emulatorNow();
  const rows = (d.timers || []).map((t) => {
    const left = Date.parse(t.deadline) - now;
    return el('tr', { className: 'timer' + (left <= 0 ? ' due' : '') },
              el('td', {}, t.timeout),
              el('td', {}, t.member === '' ? 'session' : '#' + t.member),
              el('td', { className: 'countdown' }, left <= 0 ? 'due (runs on the next read)' : 'in ' + formatDuration(left)),
              el('td', { className: 'meta' }, formatTime(t.deadline)));
  });
  replaceChildren(document.querySelector('#timers tbody'),
                  rows.length ? rows : el('tr', {}, el('td', { colspan: 4, className: 'meta' }, 'no timers pending')));
}

function patchValue(op) {
  if (!('value' in op)) return '';
  const text = JSON.stringify(op.value);
  return text.length > 400 ? JSON.stringify(op.value, null, 1) : text;
}

function renderHistory() {
  const versions = (state.history && state.history.versions) || [];
  byId('history-count').textContent = '(' + versions.length + ' kept, newest first)';
  const items = versions.slice().reverse().map((v) => {
    const ops = v.patch.map((op) => el('tr', { className: 'op op-' + op.op },
                                       el('td', {}, op.op), el('td', { className: 'mono' }, op.path === '' ? '(whole document)' : op.path),
                                       el('td', { className: 'mono value' }, patchValue(op))));
    return el('li', { className: 'version' + (v.deleted ? ' deleted' : ''), dataset: { change: v.changeNumber, seq: v.seq } },
              el('div', { className: 'version-head' },
                 el('strong', {}, v.deleted ? 'deleted' : 'change #' + v.changeNumber), ' ',
                 el('span', { className: 'meta' }, formatTime(v.time) + ' (' + ago(v.time) + ')'), ' ',
                 el('span', { className: 'cause' }, describeCause(v.cause)),
                 v.changeTypes.length ? el('span', { className: 'types' }, v.changeTypes.join(', ')) : null),
              el('table', { className: 'patch' }, el('tbody', {}, ops)));
  });
  replaceChildren(byId('history'), items);
}

// ---- the request log --------------------------------------------------------------------------

async function loadRequests(all) {
  const since = all ? 0 : state.lastRequestSeq + 1;
  const body = await getJson('/_emulator/requests?since=' + since);
  if (all) state.requests = [];
  for (const r of body.requests) {
    state.requests.push(r);
    state.lastRequestSeq = Math.max(state.lastRequestSeq, r.seq);
  }
  if (state.requests.length > 2000) state.requests.splice(0, state.requests.length - 2000);
  renderRequests();
}

function renderRequests() {
  const filter = byId('request-filter').value.trim().toLowerCase();
  const shown = state.requests.filter((r) => !filter ||
    (r.method + ' ' + r.path + (r.query ? '?' + r.query : '') + ' ' + r.status).toLowerCase().includes(filter));
  const rows = shown.slice().reverse().map((r) => el('tr', { className: 'request status-' + Math.floor(r.status / 100) + 'xx' },
    el('td', {}, r.seq), el('td', { className: 'meta' }, formatTime(r.time)), el('td', {}, r.method),
    el('td', { className: 'mono' }, r.path + (r.query ? '?' + r.query : '')), el('td', {}, r.status)));
  replaceChildren(document.querySelector('#requests tbody'), rows);
}

// ---- the clock --------------------------------------------------------------------------------

function renderClock() {
  byId('clock').textContent = state.clock.nowMs ? formatTime(new Date(emulatorNow()).toISOString()) : '-';
  byId('clock-kind').textContent = state.clock.manual ? 'manual' : 'real';
  byId('advance-box').hidden = !state.clock.manual;
}

async function advance(ms) {
  if (!(ms >= 0)) return;
  const response = await fetch('/_emulator/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                     body: JSON.stringify({ advance_ms: ms }) });
  const body = await response.json().catch(() => null);
  if (body && body.now) setClock(body.now);
  tick();
}

// Countdowns and "ago" labels follow the emulator clock.
function tick() {
  renderClock();
  renderTimers();
  for (const cell of document.querySelectorAll('#session-list .last-change')) {
    cell.querySelector('.when').textContent = ago(cell.dataset.time);
  }
}

// ---- live updates -----------------------------------------------------------------------------

function refreshCurrent() {
  const r = state.route;
  if (r.view === 'session') soon('session', loadSession);
  else if (r.view === 'sessions') soon('list', loadList);
}

function connect() {
  const feed = new EventSource('/_emulator/events');
  const badge = byId('feed-state');
  feed.addEventListener('open', () => { badge.textContent = 'live'; badge.className = 'badge live'; });
  feed.addEventListener('error', () => { badge.textContent = 'reconnecting'; badge.className = 'badge off'; });
  feed.addEventListener('hello', (e) => {
    const hello = JSON.parse(e.data);
    setClock(hello.now, hello.manualClock);
    route().catch(showError);  // catch up on whatever happened while the stream was down
  });
  feed.addEventListener('change', (e) => {
    const change = JSON.parse(e.data);
    setClock(change.time);
    const r = state.route;
    if (r.view === 'sessions') soon('list', loadList);
    else if (r.view === 'session' && change.scid.toLowerCase() === r.scid.toLowerCase() &&
             change.template.toLowerCase() === r.template.toLowerCase() && change.name.toLowerCase() === r.name.toLowerCase()) {
      soon('session', loadSession);
    }
  });
  feed.addEventListener('request', () => {
    if (state.route.view === 'requests') soon('requests', () => loadRequests(false));
  });
  feed.addEventListener('clock', (e) => {
    setClock(JSON.parse(e.data).now);
    tick();
    refreshCurrent();
  });
  feed.addEventListener('reset', () => {
    state.lastRequestSeq = 0;
    state.requests = [];
    route().catch(showError);
  });
}

function start() {
  window.addEventListener('hashchange', () => route().catch(showError));
  byId('filters').addEventListener('input', () => soon('list', loadList, 150));
  byId('filters').addEventListener('submit', (e) => e.preventDefault());
  byId('request-filters').addEventListener('submit', (e) => e.preventDefault());
  byId('request-filter').addEventListener('input', renderRequests);
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', () => advance(Number(button.dataset.advance)).catch(showError));
  }
  byId('advance').addEventListener('click', () => advance(Number(byId('advance-ms').value)).catch(showError));
  route().catch(showError);
  setInterval(tick, 1000);  // redraws countdowns from the clock already known; it fetches nothing
  connect();
}

document.addEventListener('DOMContentLoaded', start);
