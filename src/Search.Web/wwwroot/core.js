// The page's shared ground: its state and URL, the DOM and API helpers, and how errors are shown. All corpus text goes into
// the DOM as text nodes; matches are marked from the ranges the server sends beside the text (markedText), so no markup is
// taken from the server (never innerHTML).

export const FILTERS = ['province', 'city', 'district', 'year', 'type'];
export const FACET_LABELS = { province: '省份', city: '城市', district: '区县', year: '年份', type: '文件类型', issuer: '发文机关' };
const VIEWS = ['search', 'compare', 'matrix', 'paste', 'quality', 'doc'];
export const PAGE_SIZE = 10;
export const DEBOUNCE_MS = 300;
export const MAX_PASTE = 5000;
export const MULTI_YEAR_NOTE = '跨年度文件（如 2022—2023 年计划）计入所覆盖的每一年，与年份筛选一致，因此各年之和可能大于文件总数。';

export const $ = (id) => document.getElementById(id);

// ---------- state <-> URL ----------

function readState() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get('q') ?? '', sort: p.get('sort') === 'date' ? 'date' : 'relevance', page: Math.max(1, parseInt(p.get('page') ?? '1', 10) || 1),
    view: VIEWS.includes(p.get('view')) ? p.get('view') : 'search', doc: p.get('doc') ?? '', m: p.get('m') ?? '', kind: p.get('kind') ?? '' };
  for (const f of FILTERS) s[f] = p.get(f) ?? '';
  return s;
}

export function queryString(s, extra = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  for (const [k, v] of Object.entries(extra)) if (v !== '' && v != null) p.set(k, String(v));
  return p.toString();
}

export function pageUrl(s) {
  const extra = {};
  if (s.view === 'search' && s.page > 1) extra.page = s.page;
  if (s.view !== 'search') extra.view = s.view;
  if (s.view === 'doc') { extra.doc = s.doc; extra.m = s.m; }
  if (s.view === 'quality' && s.kind) extra.kind = s.kind;
  const qs = queryString(s, extra);
  return qs ? `/?${qs}` : '/';
}

export let state = readState();
let pushed = 0; // entries this page added, so 返回 goes back only within the app
let renderView = () => {};

/** Sets what draws the page for the current state (app.js), called on every move and on Back/Forward. */
export function onNavigate(draw) { renderView = draw; }

/** Moves to a new state; push adds a history entry (filters, views), replace does not (typing). */
export function go(next, { push = true } = {}) {
  state = { ...state, ...next };
  const url = pageUrl(state);
  if (url !== location.pathname + location.search) {
    history[push ? 'pushState' : 'replaceState'](null, '', url);
    if (push) pushed++;
  }
  renderView();
}

/** 返回: back through the entries this page added, else to the result list. */
export function back() {
  if (pushed > 0) { pushed--; history.back(); } else go({ view: 'search' });
}

window.addEventListener('popstate', () => { state = readState(); renderView(); });

// ---------- helpers ----------

/** Builds nodes from text and the ranges the server marked in it: text runs become text nodes, marked runs mark elements. */
export function markedText(text, marks, cls) {
  const frag = document.createDocumentFragment();
  const value = String(text ?? '');
  let at = 0;
  for (const { start, length } of marks ?? []) {
    if (start < at || start + length > value.length) continue;
    if (start > at) frag.append(value.slice(at, start));
    frag.append(el('mark', { class: cls }, value.slice(start, start + length)));
    at = start + length;
  }
  if (at < value.length) frag.append(value.slice(at));
  return frag;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = String(text);
  return node;
}

/** An error from the API: its message (the server's, Chinese first) and, for a query error, where it is. */
class ApiError extends Error {
  constructor(message, problem) { super(message); this.problem = problem; }
}

let inflight = new Map();
/** Fetches JSON; a newer request of the same kind aborts the older one, so a slow answer never overwrites a newer one. */
export async function api(kind, url) {
  inflight.get(kind)?.abort();
  const ctrl = new AbortController();
  inflight.set(kind, ctrl);
  const res = await fetch(url, { signal: ctrl.signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(body?.detail || body?.title || `请求失败（${res.status}）`, body);
  return body;
}

export const isAbort = (e) => e?.name === 'AbortError';

function yearsText(h) {
  const years = h.years ?? [];
  return years.length > 1 ? `${years[0]}—${years[years.length - 1]}年` : (h.year ?? years[0]) ? `${h.year ?? years[0]}年` : '';
}

export function regionLine(h) {
  return [[h.province, h.city, h.district].filter(Boolean).join(' · '), yearsText(h), h.type].filter(Boolean).join('　');
}

/** A stable colour per province: the same province has the same colour in every query. */
export function provinceColour(name) {
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${hash % 360} 62% 46%)`;
}

export function show(view) {
  for (const v of ['search', 'compare', 'matrix', 'paste', 'quality', 'document']) $(`view-${v}`).hidden = v !== view;
  // Facets narrow the result list; the other views read better with the full width.
  $('filters').hidden = view !== 'search';
  for (const t of document.querySelectorAll('.tab[data-view]')) {
    const active = t.dataset.view === (view === 'document' ? 'search' : view);
    t.classList.toggle('active', active);
    if (active) t.setAttribute('aria-current', 'page'); else t.removeAttribute('aria-current');
  }
}

// ---------- query errors ----------

/** Shows a query error under the box with the faulty part of the query marked, and selects that part in the box. */
export function showQueryError(e) {
  const box = $('q-error');
  const p = e?.problem;
  if (p && Number.isInteger(p.position) && state.q) {
    const q = state.q;
    const start = Math.min(p.position, q.length), end = Math.min(q.length, start + Math.max(1, p.length ?? 1));
    box.replaceChildren(el('span', { class: 'msg' }, e.message), el('code', { class: 'echo' }, q.slice(0, start),
      el('mark', { class: 'fault' }, q.slice(start, end) || '␣'), q.slice(end)));
    const input = $('q');
    input.setAttribute('aria-invalid', 'true');
    if (input.value === q) try { input.setSelectionRange(start, end); } catch { /* not focusable yet */ }
  } else {
    box.replaceChildren(el('span', { class: 'msg' }, e.message));
  }
  box.hidden = false;
}

export function clearQueryError() {
  $('q-error').hidden = true;
  $('q-error').replaceChildren();
  $('q').removeAttribute('aria-invalid');
}

/** A view's request failed: the message in its status line, the faulty part of the query marked, the old content cleared. */
export function showViewError(e, status, box) {
  if (isAbort(e)) return;
  status.textContent = e.message;
  status.classList.add('error');
  showQueryError(e);
  box.replaceChildren();
}

/** Opens a document, at a measure when one is given. */
export function openDoc(docId, measureId) { go({ view: 'doc', doc: docId, m: measureId ?? '' }); }
