// Search page: plain ES module, no build step. All corpus text goes into the DOM as text nodes; matches are marked from the
// ranges the server sends beside the text (markedText), so no markup is taken from the server (never innerHTML).

const FILTERS = ['province', 'city', 'district', 'year', 'type'];
const FACET_LABELS = { province: '省份', city: '城市', district: '区县', year: '年份', type: '文件类型' };
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 300;

const $ = (id) => document.getElementById(id);

// ---------- state <-> URL ----------

function readState() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get('q') ?? '', sort: p.get('sort') === 'date' ? 'date' : 'relevance', page: Math.max(1, parseInt(p.get('page') ?? '1', 10) || 1),
    view: ['compare', 'doc'].includes(p.get('view')) ? p.get('view') : 'search', doc: p.get('doc') ?? '', m: p.get('m') ?? '' };
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
export function markedText(text, marks) {
  const frag = document.createDocumentFragment();
  const value = String(text ?? '');
  let at = 0;
  for (const { start, length } of marks ?? []) {
    if (start < at || start + length > value.length) continue;
    if (start > at) frag.append(value.slice(at, start));
    frag.append(el('mark', {}, value.slice(start, start + length)));
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

let inflight = new Map();
/** Fetches JSON; a newer request of the same kind aborts the older one, so a slow answer never overwrites a newer one. */
async function api(kind, url) {
  inflight.get(kind)?.abort();
  const ctrl = new AbortController();
  inflight.set(kind, ctrl);
  const res = await fetch(url, { signal: ctrl.signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.detail || body?.title || `请求失败（${res.status}）`);
  return body;
}

const isAbort = (e) => e?.name === 'AbortError';

function regionLine(h) {
  const years = (h.years ?? []).length > 1 ? `${h.years[0]}–${h.years[h.years.length - 1]}` : (h.year ?? '');
  return [[h.province, h.city, h.district].filter(Boolean).join(' · '), years ? `${years}年` : '', h.type].filter(Boolean).join('　');
}

function show(view) {
  for (const v of ['search', 'compare', 'document']) $(`view-${v}`).hidden = v !== view;
  // Facets narrow the result list; the comparison and the document read better with the full width.
  $('filters').hidden = view !== 'search';
  for (const t of document.querySelectorAll('.tab[data-view]'))
    t.classList.toggle('active', t.dataset.view === (view === 'document' ? 'search' : view));
}

// ---------- render ----------

function render() {
  if ($('q') !== document.activeElement || $('q').value.trim() !== state.q) $('q').value = state.q;
  $('sort').value = state.sort;
  const hasQuery = state.q || FILTERS.some((f) => state[f]);
  const exportLink = $('export');
  exportLink.href = `/api/export?${queryString(state, { format: 'csv' })}`;
  exportLink.classList.toggle('disabled', !hasQuery);
  document.title = state.q ? `${state.q} – 政策文件检索` : '政策文件检索';
  if (state.view === 'doc' && state.doc) { show('document'); renderDocument(); return; }
  if (state.view === 'compare') { show('compare'); renderCompare(hasQuery); return; }
  show('search');
  renderSearch(hasQuery);
}

async function renderSearch(hasQuery) {
  const status = $('status');
  if (!hasQuery) {
    status.textContent = '输入检索词开始检索。支持 "精确短语"、OR、-排除、province:广西、year:2020..2022 等写法。';
    $('results').replaceChildren(); $('pager').replaceChildren(); $('facets').replaceChildren(); $('active-filters').replaceChildren();
    $('trend').hidden = true;
    return;
  }
  status.textContent = '检索中…';
  status.classList.remove('error');
  try {
    const qs = queryString(state, { page: state.page, size: PAGE_SIZE });
    const [result, trend] = await Promise.all([api('search', `/api/search?${qs}`), api('trend', `/api/trend?${queryString(state)}`)]);
    status.textContent = result.total === 0 ? '没有找到匹配的文件。' : `共 ${result.total} 份文件`
      + (result.total > PAGE_SIZE ? `，第 ${result.page} / ${Math.ceil(result.total / PAGE_SIZE)} 页` : '');
    renderFacets(result.facets);
    renderResults(result.hits);
    renderPager(result.total, result.page);
    renderTrend(trend);
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = e.message;
    status.classList.add('error');
    $('results').replaceChildren(); $('pager').replaceChildren(); $('trend').hidden = true;
  }
}

function renderResults(hits) {
  $('results').replaceChildren(...hits.map((h) => el('li', { class: 'hit', dataset: { district: h.district } },
    el('h3', {}, el('a', { href: pageUrl({ ...state, view: 'doc', doc: h.docId, m: h.measures[0]?.id ?? '' }), class: 'title', onclick: (ev) => {
      ev.preventDefault(); go({ view: 'doc', doc: h.docId, m: h.measures[0]?.id ?? '' });
    } }, h.title || h.source)),
    el('p', { class: 'meta' }, el('span', { class: 'district' }, h.district || h.city || h.province || '未知地区'), ' ', regionLine(h),
      h.issuer ? el('span', { class: 'issuer' }, `　${h.issuer}`) : null, h.date ? el('span', { class: 'date' }, `　${h.date}`) : null),
    el('ul', { class: 'measures' }, h.measures.map((m) => measureItem(h, m))),
  )));
}

function measureItem(h, m) {
  return el('li', { class: 'measure' },
    el('span', { class: 'path' }, m.path || '正文'),
    el('p', { class: 'snippet' }, markedText(m.snippetText, m.marks)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'link open', onclick: () => go({ view: 'doc', doc: h.docId, m: m.id }) }, '在原文中查看'),
      el('button', { type: 'button', class: 'link similar-btn', onclick: () => openSimilar(m.id, h.district, m.path) }, '相似措施')));
}

function renderPager(total, page) {
  const pages = Math.ceil(total / PAGE_SIZE);
  const pager = $('pager');
  if (pages <= 1) { pager.replaceChildren(); return; }
  const button = (label, p, disabled) => el('button', { type: 'button', disabled, onclick: () => { go({ page: p }); scrollTo(0, 0); } }, label);
  pager.replaceChildren(button('上一页', page - 1, page <= 1), el('span', {}, `${page} / ${pages}`), button('下一页', page + 1, page >= pages));
}

function facetValues(facets, field) { return facets?.[field] ?? []; }

function renderFacets(facets) {
  const chips = FILTERS.filter((f) => state[f]).map((f) => el('button', { type: 'button', class: 'chip', title: '移除筛选',
    onclick: () => go(clearFilter(f)) }, `${FACET_LABELS[f]}：${state[f]}`, el('span', { class: 'x' }, ' ✕')));
  $('active-filters').replaceChildren(...chips);

  const groups = [];
  // Province → city → district: a level appears under the value chosen above it, so the tree stays short.
  const region = el('ul', { class: 'tree' }, facetValues(facets, 'province').map((p) => {
    const item = facetItem('province', p);
    if (state.province === p.value) {
      item.append(el('ul', {}, facetValues(facets, 'city').map((c) => {
        const cityItem = facetItem('city', c);
        if (state.city === c.value) cityItem.append(el('ul', {}, facetValues(facets, 'district').map((d) => facetItem('district', d))));
        return cityItem;
      })));
    }
    return item;
  }));
  groups.push(el('section', { class: 'facet' }, el('h4', {}, '地区'), region));
  if (!state.province && facetValues(facets, 'district').length)
    groups.push(el('section', { class: 'facet' }, el('h4', {}, '区县'), el('ul', {}, facetValues(facets, 'district').map((d) => facetItem('district', d)))));
  for (const f of ['year', 'type']) {
    const values = facetValues(facets, f);
    if (values.length) groups.push(el('section', { class: 'facet' }, el('h4', {}, FACET_LABELS[f]), el('ul', {}, values.map((v) => facetItem(f, v)))));
  }
  $('facets').replaceChildren(...groups);
}

function clearFilter(field) {
  const next = { [field]: '', page: 1 };
  if (field === 'province') { next.city = ''; next.district = ''; }
  if (field === 'city') next.district = '';
  return next;
}

function facetItem(field, v) {
  const active = state[field] === v.value;
  return el('li', {}, el('button', { type: 'button', class: `facet-value${active ? ' active' : ''}`, 'aria-pressed': active ? 'true' : 'false',
    dataset: { field, value: v.value },
    onclick: () => go(active ? clearFilter(field) : { ...clearFilter(field), [field]: v.value }) },
  el('span', { class: 'name' }, v.value), el('span', { class: 'count' }, String(v.count))));
}

const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#65a30d'];

function renderTrend(t) {
  const box = $('trend');
  if (!t || t.years.length === 0) { box.hidden = true; return; }
  box.hidden = false;
  const W = 560, H = 150, pad = { l: 28, r: 8, t: 14, b: 22 };
  const max = Math.max(...t.perYear.map((y) => y.count), 1);
  const band = (W - pad.l - pad.r) / t.years.length;
  const barW = Math.min(44, band * 0.66);
  const scale = (H - pad.t - pad.b) / max;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '命中文件年度分布', class: 'chart' });
  chart.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, class: 'axis' }));
  chart.append(svg('text', { x: pad.l - 6, y: pad.t + 4, class: 'tick', 'text-anchor': 'end' }, max));
  t.years.forEach((year, i) => {
    const x = pad.l + i * band + (band - barW) / 2;
    let y = H - pad.b;
    t.provinces.forEach((p, pi) => {
      const cell = t.cells.find((c) => c.year === year && c.province === p);
      if (!cell) return;
      const h = cell.count * scale;
      y -= h;
      const rect = svg('rect', { x, y, width: barW, height: Math.max(h, 1), fill: PALETTE[pi % PALETTE.length], rx: 2 });
      rect.append(svg('title', {}, `${year} · ${p}：${cell.count} 份`));
      chart.append(rect);
    });
    const total = t.perYear.find((p) => p.year === year)?.count ?? 0;
    chart.append(svg('text', { x: x + barW / 2, y: y - 3, class: 'value', 'text-anchor': 'middle' }, total));
    chart.append(svg('text', { x: x + barW / 2, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, year));
  });
  $('trend-chart').replaceChildren(chart);
  $('trend-legend').replaceChildren(...t.provinces.map((p, i) => el('span', { class: `swatch c${i % PALETTE.length}` }, p)));
}

async function renderCompare(hasQuery) {
  const status = $('compare-status');
  const box = $('compare');
  if (!hasQuery) { status.textContent = '输入检索词，比较各区县的相关措施。'; box.replaceChildren(); return; }
  status.textContent = '比较中…';
  status.classList.remove('error');
  try {
    const r = await api('compare', `/api/compare?${queryString(state)}`);
    status.textContent = r.districts.length ? `${r.districts.length} 个地区、${r.total} 份文件提到该检索词` : '没有找到匹配的文件。';
    box.replaceChildren(...r.districts.map((d) => el('section', { class: 'column', dataset: { district: d.district } },
      el('header', {}, el('h3', {}, d.district || d.city || d.province || '未知地区'),
        el('p', { class: 'meta' }, [d.province, d.city].filter(Boolean).join(' · '), `　${d.documents} 份文件`)),
      el('ol', {}, d.measures.map((m) => el('li', { class: 'measure' },
        el('span', { class: 'path' }, m.path || '正文'), el('span', { class: 'doc-title' }, `${m.title}${m.year ? `（${m.year}）` : ''}`),
        el('p', { class: 'snippet' }, markedText(m.snippetText, m.marks)),
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'link open', onclick: () => go({ view: 'doc', doc: m.docId, m: m.id }) }, '在原文中查看'),
          el('button', { type: 'button', class: 'link similar-btn', onclick: () => openSimilar(m.id, d.district, m.path) }, '相似措施'))))))));
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = e.message;
    status.classList.add('error');
    box.replaceChildren();
  }
}

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
  header.replaceChildren(
    el('h2', {}, d.title || d.source),
    el('p', { class: 'meta' }, [regionLine(meta), meta.issuer, meta.date, meta.number].filter(Boolean).join('　')),
    el('p', { class: 'source' }, `来源文件：${d.source}`));

  const outlineItems = [];
  const nodes = [];
  let next = 0;
  const emitSection = (s, i) => {
    const h = el(`h${Math.min(6, 2 + s.level)}`, { id: `sec-${i}`, class: `section level-${s.level}` }, el('span', { class: 'path' }, s.path), ' ', s.title ?? '');
    nodes.push(h);
    outlineItems.push(el('li', { class: `level-${s.level}` }, el('button', { type: 'button', class: 'link', onclick: () => h.scrollIntoView({ behavior: 'smooth', block: 'start' }) },
      `${s.path} ${s.title ?? ''}`)));
  };
  let target = null;
  for (const m of d.measures) {
    // Headings of the sections this measure sits in come just before it (the outline's order is the text's order).
    let last = -1;
    d.sections.forEach((s, i) => { if (i >= next && m.path.startsWith(s.path)) last = i; });
    for (; next <= last; next++) emitSection(d.sections[next], next);
    const headedByOwnSection = nodes.at(-1)?.classList.contains('section') && d.sections[next - 1]?.path === m.path;
    const marked = d.marks?.[m.id];
    const node = el('section', { class: `measure${m.id === state.m ? ' hit' : ''}${marked ? ' has-match' : ''}`, id: `m-${m.id}`, dataset: { id: m.id } },
      headedByOwnSection ? null : el('span', { class: 'path' }, m.path),
      el('p', { class: 'text' }, marked ? markedText(m.text, marked) : m.text),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'link similar-btn', onclick: () => openSimilar(m.id, meta.district, m.path) }, '相似措施')));
    if (m.id === state.m) target = node;
    nodes.push(node);
  }
  for (; next < d.sections.length; next++) emitSection(d.sections[next], next);
  if (d.glossary?.length) {
    nodes.push(el('h3', { class: 'section' }, '名词解释'));
    nodes.push(el('dl', { class: 'glossary' }, d.glossary.flatMap((g) => [el('dt', {}, g.term), el('dd', {}, g.definition)])));
  }
  body.replaceChildren(...nodes);
  outline.replaceChildren(el('h4', {}, '目录'), el('ol', {}, outlineItems));
  target ??= body.querySelector('.measure.has-match');
  if (target) requestAnimationFrame(() => target.scrollIntoView({ block: 'center' }));
  else scrollTo(0, 0);
}

// ---------- similar measures ----------

async function openSimilar(measureId, district, path) {
  const panel = $('similar');
  panel.hidden = false;
  $('similar-source').replaceChildren(el('span', { class: 'district' }, district || ''), ' ', el('span', { class: 'path' }, path || ''),
    el('p', { class: 'hint' }, '其他地区的相近措施，标出共同用词'));
  $('similar-status').textContent = '查找中…';
  $('similar-list').replaceChildren();
  try {
    const r = await api('similar', `/api/measures/${encodeURIComponent(measureId)}/similar?top=10`);
    $('similar-status').textContent = r.hits.length ? '' : '其他地区没有找到相似措施。';
    $('similar-list').replaceChildren(...r.hits.map((h) => el('li', { class: 'similar-item' },
      el('p', { class: 'meta' }, el('span', { class: 'district' }, h.district || '未知地区'), ' ', el('span', { class: 'path' }, h.path)),
      el('p', { class: 'text' }, h.text),
      h.sharedTerms.length ? el('p', { class: 'shared' }, '共同用词：', h.sharedTerms.map((t) => el('span', { class: 'term' }, t))) : null,
      el('button', { type: 'button', class: 'link open', onclick: () => { closeSimilar(); go({ view: 'doc', doc: h.docId, m: h.id }); } }, '在原文中查看'))));
  } catch (e) {
    if (!isAbort(e)) $('similar-status').textContent = e.message;
  }
}

function closeSimilar() { $('similar').hidden = true; }

// ---------- wiring ----------

let typing;
$('q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const q = $('q').value.trim();
    if (q === state.q) return;
    // Typing refines one search: replace the history entry instead of adding one per keystroke.
    go({ q, page: 1, view: state.view === 'doc' ? 'search' : state.view }, { push: false });
  }, DEBOUNCE_MS);
});
$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearTimeout(typing);
  go({ q: $('q').value.trim(), page: 1, view: state.view === 'doc' ? 'search' : state.view });
});
$('sort').addEventListener('change', () => go({ sort: $('sort').value, page: 1 }));
for (const t of document.querySelectorAll('.tab[data-view]')) t.addEventListener('click', () => go({ view: t.dataset.view, page: 1 }));
$('back').addEventListener('click', () => { if (pushed > 0) { pushed--; history.back(); } else go({ view: 'search' }); });
$('home').addEventListener('click', (ev) => { ev.preventDefault(); go({ q: '', province: '', city: '', district: '', year: '', type: '', page: 1, view: 'search' }); });
$('similar-close').addEventListener('click', closeSimilar);
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeSimilar(); });
$('export').addEventListener('click', (ev) => { if ($('export').classList.contains('disabled')) ev.preventDefault(); });
if (matchMedia('(max-width: 760px)').matches) $('filters-box').open = false;

render();
