// Search page: plain ES modules, no build step. This one draws the page for the current state: the result list with its
// facets and typed filters, and which view shows; core.js holds the state and helpers, document.js the document view,
// drawer.js similar measures, views.js the trend, comparison, matrix and quality views.

import { $, DEBOUNCE_MS, FACET_LABELS, FILTERS, PAGE_SIZE, api, back, clearQueryError, el, go, isAbort, markedText, onNavigate, openDoc, pageUrl,
  queryString, regionLine, show, showQueryError, state } from './core.js';
import { renderDocument } from './document.js';
import { openSimilar } from './drawer.js';
import { renderCompare, renderMatrix, renderQuality, renderTrend } from './views.js';

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
$('back').addEventListener('click', back);
$('home').addEventListener('click', (ev) => { ev.preventDefault(); go({ q: '', province: '', city: '', district: '', year: '', type: '', page: 1, view: 'search' }); });
$('skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  const target = document.querySelector('#results .hit a.title') ?? $('main');
  target.focus();
});
for (const id of ['export-csv', 'export-xlsx', 'export-json']) $(id).addEventListener('click', (ev) => { if ($(id).classList.contains('disabled')) ev.preventDefault(); else $('export-menu').open = false; });
if (matchMedia('(max-width: 760px)').matches) $('filters-box').open = false;

onNavigate(render);
render();
