// "Load Messages": the most recent messages of a stream, read with the OCI API (CreateCursor
// AT_OFFSET + GetMessages) from offsets the console API reports. Loaded on demand only.
import { el, setChildren, setText, emptyRow } from './dom.js';
import { oci, consoleApi } from './api.js';
import { base64ToBytes, showBytes } from './bytes.js';
import * as fmt from './format.js';

const COUNTS = [10, 20, 50, 100];

export function messagesSection(streamId) {
  const partition = el('select', { id: 'messages-partition' }, el('option', { value: '' }, 'All partitions'));
  const howMany = el('select', { id: 'messages-count' }, COUNTS.map((n) => el('option', { value: n, selected: n === 20 }, `${n} newest`)));
  const mode = el('select', { id: 'messages-view' },
    el('option', { value: 'auto' }, 'Text or hex'), el('option', { value: 'text' }, 'Text'), el('option', { value: 'hex' }, 'Hex'));
  const status = el('p', { class: 'muted', id: 'messages-status' });
  const error = el('p', { class: 'error', id: 'messages-error', role: 'alert' });
  const tbody = el('tbody', { id: 'messages-body' });
  let loaded = [];
  const load = el('button', { class: 'primary', id: 'load-messages', onclick: () => run() }, 'Load Messages');
  mode.addEventListener('change', render);

  const node = el('section', { class: 'card', id: 'messages' },
    el('h2', {}, 'Messages'),
    el('div', { class: 'toolbar' }, load, partition, howMany, mode),
    status, error,
    el('table', {}, el('thead', {}, el('tr', {}, el('th', { class: 'num' }, 'Partition'), el('th', { class: 'num' }, 'Offset'),
      el('th', {}, 'Timestamp'), el('th', {}, 'Key'), el('th', {}, 'Value'))), tbody));

  function setPartitionCount(n) {
    if (partition.options.length === n + 1) return;
    const chosen = partition.value;
    setChildren(partition, el('option', { value: '' }, 'All partitions'),
      Array.from({ length: n }, (_, p) => el('option', { value: p, selected: String(p) === chosen }, `Partition ${p}`)));
  }

  async function run() {
    load.disabled = true;
    setText(error, '');
    try {
      const limit = Number(howMany.value);
      const view = await consoleApi.stream(streamId);
      const wanted = view.partitions.filter((p) => p.messages > 0 && (partition.value === '' || p.partition === partition.value));
      const batches = await Promise.all(wanted.map(async (p) => {
        const from = Math.max(p.oldestOffset, p.latestOffset - limit + 1);
        const cursor = await oci.createCursor(streamId, p.partition, 'AT_OFFSET', from);
        return oci.getMessages(streamId, cursor, limit);
      }));
      loaded = batches.flat()
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || Number(b.partition) - Number(a.partition) || b.offset - a.offset)
        .slice(0, limit)
        .map((m) => ({ ...m, keyBytes: m.key == null ? null : base64ToBytes(m.key), valueBytes: base64ToBytes(m.value) }));
      setText(status, `${fmt.count(loaded.length)} newest message(s), loaded at ${new Date().toLocaleTimeString()}.`);
      render();
    } catch (e) {
      setText(error, String(e));
    } finally {
      load.disabled = false;
    }
  }

  function bytesCell(bytes, className) {
    if (bytes === null) return el('td', { class: className }, el('span', { class: 'none' }, 'none'));
    const shown = showBytes(bytes, mode.value);
    return el('td', { class: `${className} mono` }, shown.kind === 'hex' ? el('span', { class: 'badge hex' }, 'hex') : null,
      el('span', { class: 'bytes' }, shown.text));
  }

  function render() {
    setChildren(tbody, loaded.map((m) => el('tr', { class: 'message', dataset: { partition: m.partition, offset: m.offset } },
      el('td', { class: 'num' }, m.partition),
      el('td', { class: 'num' }, fmt.count(m.offset)),
      el('td', { class: 'mono' }, fmt.time(m.timestamp)),
      bytesCell(m.keyBytes, 'key'),
      bytesCell(m.valueBytes, 'value'))));
    emptyRow(tbody, 5, 'No messages.');
  }

  emptyRow(tbody, 5, 'Messages are loaded on demand: press Load Messages for the newest ones.');
  return { node, setPartitionCount };
}
