// The views over every match of a query: the per-year trend, districts side by side, the district × year matrix; and the
// collection's quality report.

import { $, MULTI_YEAR_NOTE, api, clearQueryError, el, go, isAbort, markedText, openDoc, pageUrl, provinceColour, queryString, showViewError, state, svg } from './core.js';
import { closeDrawer, openDrawer, openSimilar } from './drawer.js';

// ---------- trend ----------

export function renderTrend(t) {
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

let compareLimit = 20; // the API's default: twenty districts, three best measures each

export async function renderCompare(hasQuery) {
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
      d.measureCount > d.measures.length ? el('p', { class: 'note' }, `显示得分最高的 ${d.measures.length} 条，另有 ${d.measureCount - d.measures.length} 条 `,
        el('button', { type: 'button', class: 'link all-measures', onclick: (ev) => openCell(d, ALL_YEARS, ev.currentTarget) }, '全部列出')) : null)));
    if (r.omitted) $('compare-more').replaceChildren(el('button', { type: 'button', class: 'link', onclick: () => { compareLimit += 40; renderCompare(true); } }, `再显示 ${Math.min(40, r.omitted)} 个地区`));
  } catch (e) {
    showViewError(e, status, box);
  }
}

// ---------- matrix ----------

export async function renderMatrix(hasQuery) {
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

/** Every year: a comparison column's measures. */
const ALL_YEARS = { all: true, label: '全部年份' };

/** A matrix cell's (or a comparison column's) measures in the drawer: the export's rows for the district and year. */
async function openCell(row, col, opener) {
  const filters = { ...state, province: row.province, city: row.city, district: row.district, year: col.all ? state.year : col.year ?? '' };
  openDrawer(opener, `${row.district || row.city || row.province} · ${col.label}`, false);
  $('similar-status').textContent = '加载中…';
  try {
    const r = await api('cell', `/api/export?${queryString(filters, { format: 'json' })}`);
    // A city's own documents have no district; a year column lists the documents of that year only.
    const rows = r.rows.filter((x) => x.measureId && (x.district ?? '') === (row.district ?? '')
      && (col.all || (col.year === null ? !x.years : x.years.split(' ').includes(String(col.year)))));
    $('similar-status').textContent = `${rows.length} 条措施`;
    $('similar-list').replaceChildren(...rows.map((x) => el('li', { class: 'similar-item' },
      el('p', { class: 'meta' }, el('span', { class: 'doc-title' }, x.title), ' ', el('span', { class: 'path' }, x.pathLabel || '')),
      el('p', { class: 'text' }, x.text),
      el('button', { type: 'button', class: 'link open', onclick: () => { closeDrawer(false); openDoc(x.docId, x.measureId); } }, '在原文中查看'))));
  } catch (e) {
    if (!isAbort(e)) $('similar-status').textContent = e.message;
  }
}

// ---------- quality ----------

const FIELD_NAMES = { title: '标题', province: '省份', city: '城市', district: '区县', issuer: '发文机关', type: '文件类型', year: '年份',
  date: '成文日期', publishedDate: '发布日期', number: '发文字号', measures: '措施' };
const WARNING_NAMES = { 'no issuer': '缺发文机关', 'no date': '缺成文日期', 'no measures': '未识别出措施', 'long measure': '措施过长',
  'table in measure': '措施中含表格', ocr: 'OCR 识别', 'parts removed': '删除了部分内容', 'page furniture dropped': '删除了页眉页脚', 'reader note': '读取说明' };

/** Fields in the order a citation reads them; unknown ones last. */
function fieldRank(name) {
  const i = Object.keys(FIELD_NAMES).indexOf(name);
  return i < 0 ? 99 : i;
}

export async function renderQuality() {
  const status = $('quality-status'), box = $('quality');
  status.textContent = '加载中…';
  try {
    const r = await api('quality', `/api/quality?size=100${state.kind ? `&kind=${encodeURIComponent(state.kind)}` : ''}`);
    status.textContent = `已索引 ${r.documents} 份文件，${r.failed.length} 个文件无法读取。`;
    const fields = el('div', { class: 'table-wrap' }, el('table', { class: 'quality-table' }, el('caption', {}, '各字段识别情况'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '字段'), el('th', { scope: 'col' }, '已识别'), el('th', { scope: 'col' }, '缺失'), el('th', { scope: 'col' }, '取自'))),
      el('tbody', {}, Object.entries(r.fields).sort(([a], [b]) => fieldRank(a) - fieldRank(b)).map(([name, c]) => el('tr', { dataset: { field: name } }, el('th', { scope: 'row' }, FIELD_NAMES[name] ?? name),
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
