// The drawer (similar measures of a measure, a matrix cell's measures) and the paste-a-paragraph view, which lists similar
// measures the same way.

import { $, MAX_PASTE, api, el, isAbort, markedText, openDoc } from './core.js';

let drawerOpener = null;

export function openDrawer(opener, title, similarMode) {
  drawerOpener = opener ?? document.activeElement;
  $('similar').hidden = false;
  $('similar-title').textContent = title;
  $('similar-own').parentElement.hidden = !similarMode;
  $('similar-source').replaceChildren();
  $('similar-list').replaceChildren();
  $('similar-more-line').replaceChildren();
  $('similar-close').focus();
}

export function closeDrawer(restoreFocus = true) {
  if ($('similar').hidden) return;
  $('similar').hidden = true;
  if (restoreFocus && drawerOpener?.isConnected) drawerOpener.focus();
  drawerOpener = null;
}

let similarSource = null;

export async function openSimilar(measureId, opener) {
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

$('similar-close').addEventListener('click', () => closeDrawer());
$('similar-own').addEventListener('change', () => { if (similarSource) openSimilar(similarSource); });
$('paste-form').addEventListener('submit', (ev) => { ev.preventDefault(); findSimilarToText(); });
$('paste-text').addEventListener('input', updatePasteCount);
document.addEventListener('keydown', (ev) => {
  if ($('similar').hidden) return;
  if (ev.key === 'Escape') { ev.preventDefault(); closeDrawer(); return; }
  // Keep Tab inside the open drawer (a modal dialog).
  if (ev.key === 'Tab') {
    const focusable = [...$('similar').querySelectorAll('button, input, a[href]')].filter((x) => !x.disabled && x.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
    else if (!$('similar').contains(document.activeElement)) { ev.preventDefault(); first.focus(); }
  }
});
