// DOM building from text only. Names, keys and values are arbitrary user data: they become text
// nodes or attribute values, never markup, so nothing a producer writes can run in the console.

/** el('td', { class: 'num', dataset: { partition: '0' }, onclick: fn }, 'text', childNode, ...) */
export function el(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (the rate chart). */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(node, props, children) {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.setAttribute('class', value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's children. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** Sets a node's text only when it changed (keeps selections and avoids needless repaints). */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

/**
 * Keeps a table body's rows (or any container's children) in step with a list, one per key: new
 * keys get a child from create(item), every child is passed to update(child, item), children of
 * vanished keys and placeholders are removed. Children are kept across refreshes, so a button is
 * never swapped out under the pointer.
 */
export function syncRows(tbody, items, keyOf, create, update) {
  const existing = new Map();
  for (const row of tbody.querySelectorAll(':scope > [data-key]')) existing.set(row.dataset.key, row);
  const wanted = [];
  for (const item of items) {
    const key = keyOf(item);
    let row = existing.get(key);
    if (row) existing.delete(key);
    else {
      row = create(item);
      row.dataset.key = key;
    }
    update(row, item);
    wanted.push(row);
  }
  for (const stale of existing.values()) stale.remove();
  for (const other of tbody.querySelectorAll(':scope > :not([data-key])')) other.remove();
  wanted.forEach((row, i) => {
    if (tbody.children[i] !== row) tbody.insertBefore(row, tbody.children[i] || null);
  });
}

/** A one-row placeholder for an empty table. */
export function emptyRow(tbody, columns, text) {
  if (tbody.children.length === 0) tbody.append(el('tr', {}, el('td', { class: 'empty', colspan: columns }, text)));
}
