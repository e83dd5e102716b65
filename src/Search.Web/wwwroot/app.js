// Search page: plain ES module, no build step. All corpus text goes into the DOM as text nodes; matches are marked from the
// ranges the server sends beside the text (markedText), so no markup is taken from the server (never innerHTML).

const FILTERS = ['province', 'city', 'district', 'year', 'type'];
const FACET_LABELS = { province: '省份', city: '城市', district: '区县', year: '年份', type: '文件类型', issuer: '发文机关' };
const VIEWS = ['search', 'compare', 'matrix', 'paste', 'quality', 'doc'];
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 300;
const MAX_PASTE = 5000;
const MULTI_YEAR_NOTE = '跨年度文件（如 2022—2023 年计划）计入所覆盖的每一年，与年份筛选一致，因此各年之和可能大于文件总数。';

const $ = (id) => document.getElementById(id);

// ---------- state <-> URL ----------

function readState() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get('q') ?? '', sort: p.get('sort') === 'date' ? 'date' : 'relevance', page: Math.max(1, parseInt(p.get('page') ?? '1', 10) || 1),
    view: VIEWS.includes(p.get('view')) ? p.get('view') : 'search', doc: p.get('doc') ?? '', m: p.get('m') ?? '', kind: p.get('kind') ?? '' };
  for (const f of FILTERS) s[f] = p.get(f) ?? '';
  return s;
}

function queryString(s, extra = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  for (const [k, v] of Object.entries(extra)) if (v !== '' && v != null) p.set(k, String(v));
  return p.toString();
}

function pageUrl(s) {
  const extra = {};
  if (s.view === 'search' && s.page > 1) extra.page = s.page;
  if (s.view !== 'search') extra.view = s.view;
  if (s.view === 'doc') { extra.doc = s.doc; extra.m = s.m; }
  if (s.view === 'quality' && s.kind) extra.kind = s.kind;
  const qs = queryString(s, extra);
  return qs ? `/?${qs}` : '/';
}

let state = readState();
let pushed = 0; // entries this page added, so 返回 goes back only within the app

/** Moves to a new state; push adds a history entry (filters, views), replace does not (typing). */
function go(next, { push = true } = {}) {
  state = { ...state, ...next };
  const url = pageUrl(state);
  if (url !== location.pathname + location.search) {
    history[push ? 'pushState' : 'replaceState'](null, '', url);
    if (push) pushed++;
  }
  render();
}

window.addEventListener('popstate', () => { state = readState(); render(); });

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

function el(tag, attrs = {}, ...children) {
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
function svg(tag, attrs = {}, text) {
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
async function api(kind, url) {
  inflight.get(kind)?.abort();
  const ctrl = new AbortController();
  inflight.set(kind, ctrl);
  const res = await fetch(url, { signal: ctrl.signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(body?.detail || body?.title || `请求失败（${res.status}）`, body);
  return body;
}

const isAbort = (e) => e?.name === 'AbortError';

function yearsText(h) {
  const years = h.years ?? [];
  return years.length > 1 ? `${years[0]}—${years[years.length - 1]}年` : (h.year ?? years[0]) ? `${h.year ?? years[0]}年` : '';
}

function regionLine(h) {
  return [[h.province, h.city, h.district].filter(Boolean).join(' · '), yearsText(h), h.type].filter(Boolean).join('　');
}

/** A stable colour per province: the same province has the same colour in every query. */
function provinceColour(name) {
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${hash % 360} 62% 46%)`;
}

function show(view) {
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
function showQueryError(e) {
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

function clearQueryError() {
  $('q-error').hidden = true;
  $('q-error').replaceChildren();
  $('q').removeAttribute('aria-invalid');
}

// ---------- render ----------

function render() {
  if ($('q') !== document.activeElement || $('q').value.trim() !== state.q) $('q').value = state.q;
  $('sort').value = state.sort;
  const hasQuery = state.q || FILTERS.some((f) => state[f]);
  for (const [id, format] of [['export-csv', 'csv'], ['export-xlsx', 'xlsx'], ['export-json', 'json']]) {
    $(id).href = `/api/export?${queryString(state, { format })}`;
    $(id).classList.toggle('disabled', !hasQuery);
  }
  $('export-menu').classList.toggle('disabled', !hasQuery);
  $('matrix-csv').href = `/api/matrix?${queryString(state, { format: 'csv' })}`;
  document.title = state.q ? `${state.q} – 政策文件检索` : '政策文件检索';
  if (state.view === 'doc' && state.doc) { show('document'); renderDocument(); return; }
  $('hit-nav').hidden = true;
  if (state.view === 'compare') { show('compare'); renderCompare(hasQuery); return; }
  if (state.view === 'matrix') { show('matrix'); renderMatrix(hasQuery); return; }
  if (state.view === 'paste') { show('paste'); return; }
  if (state.view === 'quality') { show('quality'); renderQuality(); return; }
  show('search');
  renderSearch(hasQuery);
}

let lastFilters = []; // the filters typed in the query, as the server last read them

async function renderSearch(hasQuery) {
  const status = $('status');
  if (!hasQuery) {
    status.textContent = '输入检索词开始检索。支持 "精确短语"、OR、-排除、province:广西、year:2020..2022 等写法。';
    $('results').replaceChildren(); $('pager').replaceChildren(); $('facets').replaceChildren(); $('active-filters').replaceChildren();
    $('trend').hidden = true;
    clearQueryError();
    return;
  }
  status.textContent = '检索中…';
  status.classList.remove('error');
  try {
    const qs = queryString(state, { page: state.page, size: PAGE_SIZE });
    const [result, trend] = await Promise.all([api('search', `/api/search?${qs}`), api('trend', `/api/trend?${queryString(state)}`)]);
    clearQueryError();
    lastFilters = result.filters ?? [];
    status.textContent = result.total === 0 ? '没有找到匹配的文件。' : `共 ${result.total} 份文件`
      + (result.total > PAGE_SIZE ? `，第 ${result.page} / ${Math.ceil(result.total / PAGE_SIZE)} 页` : '');
    renderFacets(result.facets);
    renderResults(result.hits);
    renderPager(result.total, result.page);
    renderTrend(trend);
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = '检索未能完成，请看检索框下的说明。';
    status.classList.add('error');
    showQueryError(e);
    $('results').replaceChildren(); $('pager').replaceChildren(); $('trend').hidden = true; $('facets').replaceChildren(); $('active-filters').replaceChildren();
  }
}

function openDoc(docId, measureId) { go({ view: 'doc', doc: docId, m: measureId ?? '' }); }

function renderResults(hits) {
  $('results').replaceChildren(...hits.map((h) => {
    const more = Math.max(0, (h.matchedMeasures ?? h.measures.length) - h.measures.length);
    return el('li', { class: 'hit', dataset: { district: h.district } },
      el('h3', {}, el('a', { href: pageUrl({ ...state, view: 'doc', doc: h.docId, m: h.measures[0]?.id ?? '' }), class: 'title', onclick: (ev) => {
        ev.preventDefault(); openDoc(h.docId, h.measures[0]?.id);
      } }, h.title || h.source)),
      el('p', { class: 'meta' }, el('span', { class: 'district' }, h.district || h.city || h.province || '未知地区'), ' ', regionLine(h),
        h.issuer ? el('span', { class: 'issuer' }, `　${h.issuer}`) : null, h.date ? el('span', { class: 'date' }, `　${h.date}`) : null),
      el('ul', { class: 'measures' }, h.measures.map((m) => measureItem(h, m))),
      more > 0 ? el('button', { type: 'button', class: 'link more', onclick: () => openDoc(h.docId, h.measures[0]?.id) }, `还有 ${more} 条相关措施，在原文中逐条查看`) : null);
  }));
}

function measureItem(h, m) {
  return el('li', { class: 'measure' },
    el('span', { class: 'path' }, m.pathLabel || m.path || '正文'),
    el('p', { class: 'snippet' }, markedText(m.snippetText, m.marks)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'link open', onclick: () => openDoc(h.docId, m.id) }, '在原文中查看'),
      el('button', { type: 'button', class: 'link similar-btn', onclick: (ev) => openSimilar(m.id, ev.currentTarget) }, '相似措施')));
}

function renderPager(total, page) {
  const pages = Math.ceil(total / PAGE_SIZE);
  const pager = $('pager');
  if (pages <= 1) { pager.replaceChildren(); return; }
  const button = (label, p, disabled) => el('button', { type: 'button', disabled, onclick: () => { go({ page: p }); scrollTo(0, 0); } }, label);
  pager.replaceChildren(button('上一页', page - 1, page <= 1), el('span', {}, `${page} / ${pages}`), button('下一页', page + 1, page >= pages));
}

// ---------- filters and facets: one state ----------

/** The query text with the typed filters of one field cut out (positions as the server reported them). */
function withoutTyped(field) {
  let q = state.q;
  const cuts = lastFilters.filter((f) => f.field === field).sort((a, b) => b.position - a.position);
  for (const f of cuts) q = q.slice(0, f.position) + q.slice(f.position + f.length);
  return q.replace(/\s{2,}/g, ' ').trim();
}

/** Removing a filter: a typed one is cut from the text, a chosen one cleared; region levels below it go too. */
function clearFilter(field) {
  const next = { [field]: '', page: 1, q: withoutTyped(field) };
  if (field === 'province') { next.city = ''; next.district = ''; }
  if (field === 'city') next.district = '';
  return next;
}

function renderFacets(facets) {
  const chips = [];
  for (const f of lastFilters)
    chips.push(el('button', { type: 'button', class: 'chip typed', title: '移除筛选（检索词中输入的条件）', dataset: { field: f.field },
      onclick: () => go(clearFilter(f.field)) }, `${FACET_LABELS[f.field] ?? f.field}：${f.value}`, el('span', { class: 'x', 'aria-hidden': 'true' }, ' ✕')));
  for (const f of FILTERS.filter((x) => state[x]))
    chips.push(el('button', { type: 'button', class: 'chip', title: '移除筛选', dataset: { field: f },
      onclick: () => go(clearFilter(f)) }, `${FACET_LABELS[f]}：${state[f]}`, el('span', { class: 'x', 'aria-hidden': 'true' }, ' ✕')));
  $('active-filters').replaceChildren(...chips);

  const values = (field) => facets?.[field] ?? [];
  const selected = (field) => values(field).find((v) => v.selected)?.value ?? state[field];
  const groups = [];
  // Province → city → district: a level appears under the value chosen above it, so the tree stays short.
  const region = el('ul', { class: 'tree' }, values('province').map((p) => {
    const item = facetItem('province', p);
    if (p.selected) {
      item.append(el('ul', {}, values('city').map((c) => {
        const cityItem = facetItem('city', c);
        if (c.selected) cityItem.append(el('ul', {}, values('district').map((d) => facetItem('district', d))));
        return cityItem;
      })));
    }
    return item;
  }));
  groups.push(el('section', { class: 'facet' }, el('h4', {}, '地区'), region));
  if (!selected('province') && values('district').length)
    groups.push(el('section', { class: 'facet' }, el('h4', {}, '区县'), el('ul', {}, values('district').map((d) => facetItem('district', d)))));
  for (const f of ['year', 'type']) {
    if (!values(f).length) continue;
    const list = el('ul', {}, values(f).map((v) => facetItem(f, v)));
    groups.push(el('section', { class: 'facet' }, el('h4', {}, FACET_LABELS[f]), list,
      f === 'year' ? el('p', { class: 'note' }, '跨年度文件计入所覆盖的每一年，故各年计数之和可能大于文件总数。') : null));
  }
  $('facets').replaceChildren(...groups);
}

/** A facet value: its count is what choosing it returns (the server counts a filtered field without its own filter); choosing
 * it replaces any filter of the same field, typed or chosen, and choosing a selected value removes the field's filter. */
function facetItem(field, v) {
  const active = !!v.selected;
  return el('li', {}, el('button', { type: 'button', class: `facet-value${active ? ' active' : ''}`, 'aria-pressed': active ? 'true' : 'false',
    dataset: { field, value: v.value },
    onclick: () => go(active ? clearFilter(field) : { ...clearFilter(field), [field]: v.value }) },
  el('span', { class: 'name' }, v.value), el('span', { class: 'count' }, String(v.count))));
}

// ---------- trend ----------

function renderTrend(t) {
  const box = $('trend');
  if (!t || t.years.length === 0) { box.hidden = true; return; }
  box.hidden = false;
  const W = 560, H = 150, pad = { l: 28, r: 8, t: 14, b: 22 };
  const max = Math.max(...t.perYear.map((y) => y.count), 1);
  const band = (W - pad.l - pad.r) / t.years.length;
  const barW = Math.min(44, band * 0.66);
  const scale = (H - pad.t - pad.b) / max;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `命中文件年度分布：${t.perYear.map((y) => `${y.year}年 ${y.count} 份`).join('，')}`, class: 'chart' });
  chart.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, class: 'axis' }));
  chart.append(svg('text', { x: pad.l - 6, y: pad.t + 4, class: 'tick', 'text-anchor': 'end' }, max));
  t.years.forEach((year, i) => {
    const x = pad.l + i * band + (band - barW) / 2;
    let y = H - pad.b;
    for (const p of t.provinces) {
      const cell = t.cells.find((c) => c.year === year && c.province === p);
      if (!cell) continue;
      const h = cell.count * scale;
      y -= h;
      const rect = svg('rect', { x, y, width: barW, height: Math.max(h, 1), fill: provinceColour(p), rx: 2, 'data-province': p });
      rect.append(svg('title', {}, `${year} · ${p || '未知省份'}：${cell.count} 份`));
      chart.append(rect);
    }
    const total = t.perYear.find((p) => p.year === year)?.count ?? 0;
    chart.append(svg('text', { x: x + barW / 2, y: y - 3, class: 'value', 'text-anchor': 'middle' }, total));
    chart.append(svg('text', { x: x + barW / 2, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, year));
  });
  $('trend-chart').replaceChildren(chart);
  $('trend-legend').replaceChildren(...t.provinces.map((p) => el('span', { class: 'swatch', dataset: { province: p } },
    (() => { const s = svg('svg', { width: 10, height: 10, 'aria-hidden': 'true' }); s.append(svg('rect', { width: 10, height: 10, rx: 2, fill: provinceColour(p) })); return s; })(), ` ${p || '未知省份'}`)));
  const notes = [`共 ${t.total} 份文件。`];
  if (t.multiYear) notes.push(`其中 ${t.multiYear} 份为跨年度文件，计入所覆盖的每一年，故各年之和（${t.perYear.reduce((a, y) => a + y.count, 0)}）大于文件数。`);
  else notes.push(MULTI_YEAR_NOTE);
  if (t.undated) notes.push(`${t.undated} 份文件没有年份，未计入图中。`);
  $('trend-note').textContent = notes.join('');
}

// ---------- compare ----------

let compareLimit = 20;

async function renderCompare(hasQuery) {
  const status = $('compare-status');
  const box = $('compare');
  $('compare-more').replaceChildren();
  if (!hasQuery) { status.textContent = '输入检索词，比较各区县的相关措施。'; box.replaceChildren(); return; }
  status.textContent = '比较中…';
  status.classList.remove('error');
  try {
    const r = await api('compare', `/api/compare?${queryString(state, { limit: compareLimit })}`);
    clearQueryError();
    status.textContent = r.districts.length ? `${r.districtCount} 个地区、${r.total} 份文件、${r.measures} 条措施提到该检索词`
      + (r.omitted ? `；按文件数显示前 ${r.districts.length} 个地区，另有 ${r.omitted} 个未显示` : '') : '没有找到匹配的文件。';
    box.replaceChildren(...r.districts.map((d) => el('section', { class: 'column', dataset: { district: d.district } },
      el('header', {}, el('h3', {}, d.district || d.city || d.province || '未知地区'),
        el('p', { class: 'meta' }, [d.province, d.city].filter(Boolean).join(' · '), `　${d.documents} 份文件、${d.measureCount} 条措施`)),
      el('ol', {}, d.measures.map((m) => el('li', { class: 'measure' },
        el('span', { class: 'path' }, m.pathLabel || m.path || '正文'), el('span', { class: 'doc-title' }, `${m.title}${m.year ? `（${m.year}）` : ''}`),
        el('p', { class: 'snippet' }, markedText(m.snippetText, m.marks)),
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'link open', onclick: () => openDoc(m.docId, m.id) }, '在原文中查看'),
          el('button', { type: 'button', class: 'link similar-btn', onclick: (ev) => openSimilar(m.id, ev.currentTarget) }, '相似措施'))))),
      d.measureCount > d.measures.length ? el('p', { class: 'note' }, `显示得分最高的 ${d.measures.length} 条，另有 ${d.measureCount - d.measures.length} 条`) : null)));
    if (r.omitted) $('compare-more').replaceChildren(el('button', { type: 'button', class: 'link', onclick: () => { compareLimit += 40; renderCompare(true); } }, `再显示 ${Math.min(40, r.omitted)} 个地区`));
  } catch (e) {
    showViewError(e, status, box);
  }
}

/** A view's request failed: the message in its status line, the faulty part of the query marked, the old content cleared. */
function showViewError(e, status, box) {
  if (isAbort(e)) return;
  status.textContent = e.message;
  status.classList.add('error');
  showQueryError(e);
  box.replaceChildren();
}

// ---------- matrix ----------

async function renderMatrix(hasQuery) {
  const status = $('matrix-status');
  const box = $('matrix');
  if (!hasQuery) { status.textContent = '输入检索词，查看各区县逐年提到它的措施数。'; box.replaceChildren(); return; }
  status.textContent = '统计中…';
  status.classList.remove('error');
  try {
    const r = await api('matrix', `/api/matrix?${queryString(state)}`);
    clearQueryError();
    status.textContent = r.rows.length ? `${r.rowCount} 个地区、${r.documents} 份文件、${r.measures} 条措施` + (r.omitted ? `；显示前 ${r.rows.length} 个地区，另有 ${r.omitted} 个未显示` : '') : '没有找到匹配的文件。';
    const cols = [...r.years.map((y) => ({ year: y, label: String(y) })), ...(r.hasUndated ? [{ year: null, label: '无年份' }] : [])];
    const head = el('tr', {}, el('th', { scope: 'col' }, '地区'), cols.map((c) => el('th', { scope: 'col' }, c.label)), el('th', { scope: 'col' }, '合计'));
    const body = [];
    let province = null, city = null;
    for (const row of r.rows) {
      if (row.province !== province) { province = row.province; city = null; body.push(el('tr', { class: 'group province' }, el('th', { scope: 'rowgroup', colspan: cols.length + 2 }, province || '未知省份'))); }
      if (row.city !== city) { city = row.city; if (city && city !== row.district) body.push(el('tr', { class: 'group city' }, el('th', { scope: 'rowgroup', colspan: cols.length + 2 }, city))); }
      const name = row.district || (row.city ? `${row.city}（市本级）` : `${row.province || '未知'}（省本级）`);
      body.push(el('tr', { dataset: { district: row.district } }, el('th', { scope: 'row' }, name),
        cols.map((c) => {
          const cell = row.cells.find((x) => x.year === c.year);
          if (!cell || !cell.measures && !cell.documents) return el('td', { class: 'empty' }, '');
          const first = c.year !== null && c.year === row.firstYear;
          return el('td', { class: first ? 'first' : null },
            el('button', { type: 'button', class: 'cell', 'aria-label': `${name} ${c.label}：${cell.measures} 条措施，${cell.documents} 份文件${first ? '（首次出现）' : ''}`,
              dataset: { year: c.year ?? '' }, onclick: (ev) => openCell(row, c, ev.currentTarget) }, String(cell.measures)));
        }),
        el('td', { class: 'total' }, String(row.measures))));
    }
    box.replaceChildren(el('table', { class: 'matrix' }, el('caption', { class: 'sr-only' }, '各地区逐年提到检索词的措施数'), el('thead', {}, head), el('tbody', {}, body)));
  } catch (e) {
    showViewError(e, status, box);
  }
}

/** A matrix cell's measures in the drawer: the export's rows for the district and year. */
async function openCell(row, col, opener) {
  const filters = { ...state, province: row.province, city: row.city, district: row.district, year: col.year ?? '' };
  openDrawer(opener, `${row.district || row.city || row.province} · ${col.label}`, false);
  $('similar-status').textContent = '加载中…';
  try {
    const r = await api('cell', `/api/export?${queryString(filters, { format: 'json' })}`);
    // A city's own documents have no district; a year column lists the documents of that year only.
    const rows = r.rows.filter((x) => x.measureId && (x.district ?? '') === (row.district ?? '') && (col.year === null ? !x.years : x.years.split(' ').includes(String(col.year))));
    $('similar-status').textContent = `${rows.length} 条措施`;
    $('similar-list').replaceChildren(...rows.map((x) => el('li', { class: 'similar-item' },
      el('p', { class: 'meta' }, el('span', { class: 'doc-title' }, x.title), ' ', el('span', { class: 'path' }, x.pathLabel || '')),
      el('p', { class: 'text' }, x.text),
      el('button', { type: 'button', class: 'link open', onclick: () => { closeDrawer(false); openDoc(x.docId, x.measureId); } }, '在原文中查看'))));
  } catch (e) {
    if (!isAbort(e)) $('similar-status').textContent = e.message;
  }
}

// ---------- document ----------

const HEAD_KINDS = ['letterhead', 'issueNumber', 'headline', 'title', 'dateline', 'addressee'];
const CLOSING_KINDS = ['attachmentNote', 'signature', 'date', 'note'];
const IMPRINT_KINDS = ['copyTo', 'imprint'];
const SOURCE_FIELDS = { issuer: '发文机关', number: '发文字号', date: '成文日期', publishedDate: '发布日期', type: '文件类型', region: '地区', year: '年份', title: '标题' };
let hits = []; // the document's matching measures, in order
let hitAt = -1;

async function renderDocument() {
  const header = $('doc-header'), body = $('doc-body'), outline = $('outline');
  header.replaceChildren(el('p', { class: 'status' }, '加载中…'));
  body.replaceChildren(); outline.replaceChildren();
  let d;
  try {
    d = await api('document', `/api/documents/${encodeURIComponent(state.doc)}${state.q ? `?q=${encodeURIComponent(state.q)}` : ''}`);
  } catch (e) {
    if (!isAbort(e)) header.replaceChildren(el('p', { class: 'status error' }, e.message));
    return;
  }
  const meta = d.metadata ?? {};
  const sources = meta.sources ?? {};
  const field = (label, value, key) => value ? el('span', { class: 'field' }, `${label}：${value}`, sources[key] ? el('small', { class: 'found', title: `${label}取自${sources[key]}` }, `来源：${sources[key]}`) : null) : null;
  const ocr = meta.ocrPages?.length ? el('p', { class: 'ocr' }, `本文件含 OCR 识别文字（第 ${meta.ocrPages.join('、')} 页），个别字可能有误。`) : null;
  header.replaceChildren(
    el('h2', {}, d.title || d.source, sources.title ? el('small', { class: 'found' }, `来源：${sources.title}`) : null),
    el('p', { class: 'meta' }, regionLine(meta), sources.region ? el('small', { class: 'found' }, `来源：${sources.region}`) : null),
    el('p', { class: 'fields' }, field('发文机关', meta.issuer, 'issuer'), field('发文字号', meta.number, 'number'), field('成文日期', meta.date, 'date'),
      field('发布日期', meta.publishedDate, 'publishedDate'), field('文件类型', (meta.types?.length ? meta.types : [meta.type]).filter(Boolean).join('、'), 'type')),
    ...(ocr ? [ocr] : []),
    el('p', { class: 'source' }, `来源文件：${d.source}${meta.format ? `（${meta.format}）` : ''}`));

  const labels = d.pathLabels ?? {};
  const measures = new Map(d.measures.map((m) => [m.id, m]));
  const tables = d.tables ?? [];
  const measureNode = (m) => {
    const marked = d.marks?.[m.id];
    return el('section', { class: `measure${m.id === state.m ? ' hit' : ''}${marked ? ' has-match' : ''}`, id: `m-${m.id}`, dataset: { id: m.id }, tabindex: '-1' },
      el('span', { class: 'path' }, labels[m.id] || m.path),
      el('p', { class: 'text' }, marked ? markedText(m.text, marked) : m.text),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'link similar-btn', onclick: (ev) => openSimilar(m.id, ev.currentTarget) }, '相似措施')));
  };
  const tableNode = (t) => el('div', { class: 'table-wrap' }, el('table', { class: 'doc-table' },
    el('tbody', {}, t.rows.map((r, i) => el('tr', {}, r.map((c) => el(i === 0 ? 'th' : 'td', {}, c)))))));
  const outlineItems = [];
  const nodes = [];
  const shownTables = new Set();
  if (d.parts?.length) {
    // Parts in text order, grouped by where they belong: the page around the document, a cover notice, the document
    // (head, body, closing), its attachments, and 版记.
    const zones = { page: [], cover: [], main: [], attachment: [] };
    for (const p of d.parts) (zones[p.zone] ?? zones.main).push(p);
    const partNode = (p) => {
      if (p.kind === 'measure') { const m = measures.get(p.measureId); return m ? measureNode(m) : null; }
      if (p.kind === 'table') {
        // A table is drawn once, from its rows, at its first part; the parts its rows span say nothing more.
        const t = tables.find((x) => x.start < p.end && x.end > p.start);
        if (!t) return el('pre', { class: 'part table-text' }, p.text ?? '');
        if (shownTables.has(t)) return null;
        shownTables.add(t);
        return tableNode(t);
      }
      if (p.kind === 'heading') {
        const h = el('h3', { class: 'section', id: `h-${p.start}`, tabindex: '-1' }, p.text ?? '');
        outlineItems.push(el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => { h.scrollIntoView({ block: 'start' }); h.focus(); } }, (p.text ?? '').slice(0, 40))));
        return h;
      }
      if (p.kind === 'title') return el('p', { class: 'part title-part', dataset: { kind: p.kind } }, p.text ?? '');
      return el('p', { class: `part ${p.kind}`, dataset: { kind: p.kind } }, p.name && p.kind !== 'text' ? el('span', { class: 'part-name' }, p.name) : null, p.text ?? '');
    };
    const collapsed = (summary, parts, cls) => parts.length ? el('details', { class: `zone ${cls}` }, el('summary', {}, summary), parts.map(partNode)) : null;
    nodes.push(collapsed('网页信息与政府信息公开表', zones.page, 'page'));
    nodes.push(collapsed('印发/转发通知', zones.cover, 'cover'));
    const main = zones.main;
    const head = [], closing = [], imprint = [], bodyParts = [];
    let bodyStarted = false;
    for (const p of main) {
      if (IMPRINT_KINDS.includes(p.kind)) imprint.push(p);
      else if (!bodyStarted && HEAD_KINDS.includes(p.kind)) head.push(p);
      else if (CLOSING_KINDS.includes(p.kind)) closing.push(p);
      else { bodyStarted = true; bodyParts.push(p); }
    }
    if (head.length) nodes.push(el('div', { class: 'zone head', 'aria-label': '版头' }, head.map(partNode)));
    nodes.push(el('div', { class: 'zone body' }, bodyParts.map(partNode)));
    if (closing.length) nodes.push(el('div', { class: 'zone closing', 'aria-label': '落款' }, closing.map(partNode)));
    const byAttachment = new Map();
    for (const p of zones.attachment) { if (!byAttachment.has(p.attachment ?? 0)) byAttachment.set(p.attachment ?? 0, []); byAttachment.get(p.attachment ?? 0).push(p); }
    for (const [n, parts] of byAttachment)
      nodes.push(el('section', { class: 'zone attachment' }, el('h3', { class: 'section' }, n ? `附件${n}` : '附件'), parts.map(partNode)));
    if (imprint.length) nodes.push(el('div', { class: 'zone imprint', 'aria-label': '版记' }, el('h4', {}, '版记'), imprint.map(partNode)));
  } else {
    for (const m of d.measures) nodes.push(measureNode(m));
  }
  if (d.glossary?.length) {
    nodes.push(el('h3', { class: 'section' }, '名词解释'));
    nodes.push(el('dl', { class: 'glossary' }, d.glossary.flatMap((g) => [el('dt', {}, g.term), el('dd', {}, g.definition)])));
  }
  body.replaceChildren(...nodes.filter(Boolean));
  outline.replaceChildren(el('h4', {}, '目录'), outlineItems.length ? el('ol', {}, outlineItems) : el('p', { class: 'note' }, '（无层次标题）'));
  hits = [...body.querySelectorAll('.measure.has-match')];
  let target = body.querySelector('.measure.hit') ?? hits[0] ?? null;
  hitAt = target ? hits.indexOf(target) : -1;
  updateHitNav();
  if (target) requestAnimationFrame(() => target.scrollIntoView({ block: 'center' }));
  else scrollTo(0, 0);
}

function updateHitNav() {
  const nav = $('hit-nav');
  nav.hidden = hits.length === 0;
  $('hit-pos').textContent = hits.length ? `命中 ${hitAt >= 0 ? hitAt + 1 : '–'} / ${hits.length}` : '';
  $('hit-prev').disabled = hits.length === 0;
  $('hit-next').disabled = hits.length === 0;
}

/** Next or previous measure where the query matches, wrapping around. */
function stepHit(delta) {
  if (!hits.length) return;
  hitAt = hitAt < 0 ? (delta > 0 ? 0 : hits.length - 1) : (hitAt + delta + hits.length) % hits.length;
  for (const h of document.querySelectorAll('#doc-body .measure.hit')) h.classList.remove('hit');
  const target = hits[hitAt];
  target.classList.add('hit');
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
  updateHitNav();
}

// ---------- drawer (similar measures, a matrix cell's measures) ----------

let drawerOpener = null;

function openDrawer(opener, title, similarMode) {
  drawerOpener = opener ?? document.activeElement;
  $('similar').hidden = false;
  $('similar-title').textContent = title;
  $('similar-own').parentElement.hidden = !similarMode;
  $('similar-source').replaceChildren();
  $('similar-list').replaceChildren();
  $('similar-more-line').replaceChildren();
  $('similar-close').focus();
}

function closeDrawer(restoreFocus = true) {
  if ($('similar').hidden) return;
  $('similar').hidden = true;
  if (restoreFocus && drawerOpener?.isConnected) drawerOpener.focus();
  drawerOpener = null;
}

let similarSource = null;

async function openSimilar(measureId, opener) {
  if (opener) { similarSource = measureId; openDrawer(opener, '相似措施', true); }
  $('similar-status').textContent = '查找中…';
  $('similar-list').replaceChildren();
  try {
    const own = $('similar-own').checked ? '&own=1' : '';
    const r = await api('similar', `/api/measures/${encodeURIComponent(measureId)}/similar?top=20${own}`);
    renderSimilar(r, $('similar-source'), $('similar-list'), $('similar-status'), $('similar-more-line'), true);
  } catch (e) {
    if (!isAbort(e)) $('similar-status').textContent = e.message;
  }
}

function renderSimilar(r, sourceBox, list, status, moreLine, inDrawer) {
  const s = r.source;
  sourceBox.replaceChildren(...[
    el('p', { class: 'label' }, s.id ? '源措施' : '粘贴的段落'),
    s.id ? el('p', { class: 'meta' }, el('span', { class: 'district' }, s.district || '未知地区'), ' ', el('span', { class: 'doc-title' }, `${s.title ?? ''}${s.year ? `（${s.year}）` : ''}`), ' ', el('span', { class: 'path' }, s.pathLabel || s.path || '')) : null,
    el('p', { class: 'text source-text' }, markedText(s.text, s.marks, 'shared')),
    el('p', { class: 'hint' }, `${r.otherDistrictsOnly ? '其他地区' : '各地区'}的相近措施，标出与源措施的共同用词`)].filter(Boolean));
  const item = (h) => el('li', { class: `similar-item${h.strong ? '' : ' weak'}`, dataset: { id: h.id } },
    el('p', { class: 'meta' }, el('span', { class: 'district' }, h.district || '未知地区'), ' ', el('span', { class: 'doc-title' }, `${h.title}${h.year ? `（${h.year}年）` : ''}`), ' ', el('span', { class: 'path' }, h.pathLabel || h.path)),
    el('p', { class: 'text' }, markedText(h.text, h.marks, 'shared')),
    h.sharedTerms.length ? el('p', { class: 'shared' }, '共同用词：', h.sharedTerms.map((t) => el('span', { class: 'term' }, t))) : null,
    el('button', { type: 'button', class: 'link open', onclick: () => { if (inDrawer) closeDrawer(false); openDoc(h.docId, h.id); } }, '在原文中查看'));
  const strong = r.hits.filter((h) => h.strong), weak = r.hits.filter((h) => !h.strong);
  status.textContent = r.hits.length ? `${strong.length} 条相近措施` + (weak.length ? `（另有 ${weak.length} 条相关度较低，已折叠）` : '') : '没有找到相似措施。';
  list.replaceChildren(...strong.map(item));
  moreLine.replaceChildren(weak.length ? el('button', { type: 'button', class: 'link show-more', onclick: (ev) => { list.append(...weak.map(item)); ev.currentTarget.remove(); } }, `显示其余 ${weak.length} 条（相关度较低）`) : '');
}

// ---------- paste a paragraph ----------

async function findSimilarToText() {
  const text = $('paste-text').value.trim();
  const status = $('paste-status');
  status.classList.remove('error');
  if (!text) { status.textContent = '请先粘贴一段文字。'; return; }
  status.textContent = '查找中…';
  try {
    const r = await api('paste', `/api/similar?text=${encodeURIComponent(text)}&top=20`);
    renderSimilar(r, $('paste-source'), $('paste-list'), status, $('paste-more-line'), false);
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = e.message;
    status.classList.add('error');
  }
}

function updatePasteCount() {
  const n = $('paste-text').value.trim().length;
  const count = $('paste-count');
  count.textContent = `${n} / ${MAX_PASTE} 字` + (n > MAX_PASTE ? `：超出 ${n - MAX_PASTE} 字，请删减后再查找` : '');
  count.classList.toggle('error', n > MAX_PASTE);
}

// ---------- quality ----------

const FIELD_NAMES = { title: '标题', province: '省份', city: '城市', district: '区县', issuer: '发文机关', type: '文件类型', year: '年份',
  date: '成文日期', publishedDate: '发布日期', number: '发文字号', measures: '措施' };
const WARNING_NAMES = { 'no issuer': '缺发文机关', 'no date': '缺成文日期', 'no measures': '未识别出措施', 'long measure': '措施过长',
  'table in measure': '措施中含表格', ocr: 'OCR 识别', 'parts removed': '删除了部分内容', 'page furniture dropped': '删除了页眉页脚', 'reader note': '读取说明' };

async function renderQuality() {
  const status = $('quality-status'), box = $('quality');
  status.textContent = '加载中…';
  try {
    const r = await api('quality', `/api/quality?size=100${state.kind ? `&kind=${encodeURIComponent(state.kind)}` : ''}`);
    status.textContent = `已索引 ${r.documents} 份文件，${r.failed.length} 个文件无法读取。`;
    const fields = el('div', { class: 'table-wrap' }, el('table', { class: 'quality-table' }, el('caption', {}, '各字段识别情况'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '字段'), el('th', { scope: 'col' }, '已识别'), el('th', { scope: 'col' }, '缺失'), el('th', { scope: 'col' }, '取自'))),
      el('tbody', {}, Object.entries(r.fields).map(([name, c]) => el('tr', { dataset: { field: name } }, el('th', { scope: 'row' }, FIELD_NAMES[name] ?? name),
        el('td', {}, String(c.found)), el('td', { class: c.missing ? 'missing' : '' }, String(c.missing)),
        el('td', {}, Object.entries(c.sources ?? {}).map(([where, n]) => `${where} ${n}`).join('、')))))));
    const formats = el('div', { class: 'table-wrap' }, el('table', { class: 'quality-table' }, el('caption', {}, '各格式'),
      el('thead', {}, el('tr', {}, ['格式', '文件', '已读取', '失败', 'OCR'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, Object.entries(r.formats).map(([name, c]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, String(c.files)), el('td', {}, String(c.documents)), el('td', {}, String(c.failed)), el('td', {}, String(c.ocr)))))));
    const kinds = el('div', { class: 'chips kinds' }, el('button', { type: 'button', class: `chip${state.kind ? '' : ' active'}`, 'aria-pressed': state.kind ? 'false' : 'true', onclick: () => go({ kind: '' }) }, '全部警告'),
      Object.entries(r.warningCounts).map(([k, n]) => el('button', { type: 'button', class: `chip${state.kind === k ? ' active' : ''}`, 'aria-pressed': state.kind === k ? 'true' : 'false', dataset: { kind: k }, onclick: () => go({ kind: k }) }, `${WARNING_NAMES[k] ?? k} ${n}`)));
    const warnings = el('ul', { class: 'warnings' }, r.warnings.map((w) => el('li', {}, el('span', { class: 'kind' }, WARNING_NAMES[w.kind] ?? w.kind), ' ',
      el('a', { href: pageUrl({ ...state, view: 'doc', doc: w.docId, m: '' }), class: 'source', onclick: (ev) => { ev.preventDefault(); openDoc(w.docId); } }, w.source), ' ', w.detail)));
    const shownNote = r.warningTotal > r.warnings.length ? el('p', { class: 'note' }, `显示前 ${r.warnings.length} 条，共 ${r.warningTotal} 条。`) : null;
    const failed = r.failed.length ? el('section', {}, el('h3', {}, '无法读取的文件'), el('ul', { class: 'failed' }, r.failed.map((f) => el('li', {}, el('code', {}, f.source), `：${f.error}`)))) : null;
    box.replaceChildren(...[el('div', { class: 'quality-grid' }, fields, formats), el('h3', {}, '需要留意的文件'), kinds, warnings, shownNote, failed].filter(Boolean));
  } catch (e) {
    if (!isAbort(e)) { status.textContent = e.message; status.classList.add('error'); }
  }
}

// ---------- wiring ----------

let typing;
$('q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const q = $('q').value.trim();
    if (q === state.q) return;
    // Typing refines one search: replace the history entry instead of adding one per keystroke.
    go({ q, page: 1, view: ['doc', 'paste', 'quality'].includes(state.view) ? 'search' : state.view }, { push: false });
  }, DEBOUNCE_MS);
});
$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearTimeout(typing);
  go({ q: $('q').value.trim(), page: 1, view: ['doc', 'paste', 'quality'].includes(state.view) ? 'search' : state.view });
});
$('sort').addEventListener('change', () => go({ sort: $('sort').value, page: 1 }));
for (const t of document.querySelectorAll('.tab[data-view]')) t.addEventListener('click', () => go({ view: t.dataset.view, page: 1 }));
$('back').addEventListener('click', () => { if (pushed > 0) { pushed--; history.back(); } else go({ view: 'search' }); });
$('home').addEventListener('click', (ev) => { ev.preventDefault(); go({ q: '', province: '', city: '', district: '', year: '', type: '', page: 1, view: 'search' }); });
$('similar-close').addEventListener('click', () => closeDrawer());
$('similar-own').addEventListener('change', () => { if (similarSource) openSimilar(similarSource); });
$('hit-prev').addEventListener('click', () => stepHit(-1));
$('hit-next').addEventListener('click', () => stepHit(1));
$('skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  const target = document.querySelector('#results .hit a.title') ?? $('main');
  target.focus();
});
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && !$('similar').hidden) { ev.preventDefault(); closeDrawer(); return; }
  // Keep Tab inside the open drawer (a modal dialog).
  if (ev.key === 'Tab' && !$('similar').hidden) {
    const focusable = [...$('similar').querySelectorAll('button, input, a[href]')].filter((x) => !x.disabled && x.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
    else if (!$('similar').contains(document.activeElement)) { ev.preventDefault(); first.focus(); }
    return;
  }
  // In a document: n / p (or j / k) for the next / previous hit, when not typing.
  if (state.view === 'doc' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
    if (ev.key === 'n' || ev.key === 'j') { ev.preventDefault(); stepHit(1); }
    if (ev.key === 'p' || ev.key === 'k') { ev.preventDefault(); stepHit(-1); }
  }
});
for (const id of ['export-csv', 'export-xlsx', 'export-json']) $(id).addEventListener('click', (ev) => { if ($(id).classList.contains('disabled')) ev.preventDefault(); else $('export-menu').open = false; });
$('paste-form').addEventListener('submit', (ev) => { ev.preventDefault(); findSimilarToText(); });
$('paste-text').addEventListener('input', updatePasteCount);
if (matchMedia('(max-width: 760px)').matches) $('filters-box').open = false;

render();
