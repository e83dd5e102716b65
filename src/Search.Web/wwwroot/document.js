// The document view: the document by its official parts (版头, 正文, 落款, attachments, 版记), where each field was found,
// and stepping from hit to hit.

import { $, api, el, isAbort, markedText, regionLine, state } from './core.js';
import { openSimilar } from './drawer.js';

const HEAD_KINDS = ['letterhead', 'issueNumber', 'headline', 'title', 'dateline', 'addressee'];
const CLOSING_KINDS = ['attachmentNote', 'signature', 'date', 'note'];
const IMPRINT_KINDS = ['copyTo', 'imprint'];
const SOURCE_FIELDS = { issuer: '发文机关', number: '发文字号', date: '成文日期', publishedDate: '发布日期', type: '文件类型', region: '地区', year: '年份', title: '标题' };
let hits = []; // the document's matching measures, in order
let hitAt = -1;

export async function renderDocument() {
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

$('hit-prev').addEventListener('click', () => stepHit(-1));
$('hit-next').addEventListener('click', () => stepHit(1));
document.addEventListener('keydown', (ev) => {
  // In a document: n / p (or j / k) for the next / previous hit, when not typing.
  if (state.view === 'doc' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
    if (ev.key === 'n' || ev.key === 'j') { ev.preventDefault(); stepHit(1); }
    if (ev.key === 'p' || ev.key === 'k') { ev.preventDefault(); stepHit(-1); }
  }
});
