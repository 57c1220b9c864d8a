// The streams list: every stream of the chosen compartments (ListStreams), with the console API's
// message and byte counts and the rates of both faces (REST put and get, Kafka produce and fetch);
// "Create Stream" and delete.
import { el, setChildren, setText, syncRows, emptyRow } from './dom.js';
import { oci, consoleApi } from './api.js';
import { createStreamDialog, confirmDialog } from './dialogs.js';
import * as fmt from './format.js';

const COLUMNS = 12;

export function streamsPage(main, server) {
  let compartment = '';
  let showDeleted = false;
  // retention is fixed at creation and ListStreams does not return it: one GetStream per stream
  const retention = new Map();
  const select = el('select', { id: 'compartment-filter' });
  const deletedToggle = el('input', { type: 'checkbox', id: 'show-deleted' });
  const error = el('p', { class: 'error', id: 'streams-error', role: 'alert' });
  const notice = el('p', { class: 'ok', id: 'streams-notice' });
  const tbody = el('tbody', { id: 'streams-body' });
  select.addEventListener('change', () => { compartment = select.value; refresh(); });
  deletedToggle.addEventListener('change', () => { showDeleted = deletedToggle.checked; refresh(); });

  setChildren(main,
    el('h1', {}, 'Streams'),
    el('div', { class: 'toolbar' },
      el('button', {
        class: 'primary', id: 'create-stream',
        onclick: () => createStreamDialog(server, compartment || server.defaultCompartmentId, (s) => {
          setText(notice, `Stream ${s.name} created.`);
          refresh();
        }),
      }, 'Create Stream'),
      el('span', { class: 'spacer' }),
      el('label', { for: 'compartment-filter' }, 'Compartment'), select,
      el('label', { for: 'show-deleted' }, deletedToggle, ' Show deleted')),
    error, notice,
    el('div', { class: 'card' }, el('table', { id: 'streams-table' },
      el('thead', {}, el('tr', {}, ['Name', 'OCID', 'Partitions', 'Retention', 'State', 'Messages', 'Bytes',
        'REST put', 'REST get', 'Kafka produce', 'Kafka fetch', '']
        .map((h, i) => el('th', { class: i >= 2 && i !== 4 && i < COLUMNS - 1 ? 'num' : null }, h)))),
      tbody)));

  function fillCompartments(compartments) {
    const wanted = ['', ...compartments];
    if (select.options.length === wanted.length && wanted.every((c, i) => select.options[i].value === c)) return;
    setChildren(select, wanted.map((c) => el('option', { value: c, selected: c === compartment }, c || 'All compartments')));
  }

  function deleteStream(stream) {
    confirmDialog('delete-stream-dialog', 'Delete Stream',
      `Delete stream "${stream.name}"? Its messages and consumer groups are deleted at once.`, 'Delete', async () => {
        await oci.deleteStream(stream.id);
        setText(notice, `Stream ${stream.name} deleted.`);
        refresh();
      });
  }

  function createRow(stream) {
    const cells = Array.from({ length: COLUMNS }, (_, i) => el('td', { class: [2, 3, 5, 6, 7, 8, 9, 10].includes(i) ? 'num' : null }));
    cells[0].append(el('a', { href: `#/streams/${encodeURIComponent(stream.id)}`, class: 'stream-link' }));
    cells[1].className = 'ocid mono';
    cells[COLUMNS - 1].append(el('button', { class: 'danger delete-stream', onclick: () => deleteStream(stream) }, 'Delete'));
    return el('tr', { dataset: { streamId: stream.id } }, cells);
  }

  function updateRow(row, { stream, totals }) {
    const [name, ocid, partitions, hours, state, messages, bytes, put, get, produced, fetched, actions] = row.children;
    setText(name.firstChild, stream.name);
    setText(ocid, stream.id);
    setText(partitions, fmt.count(stream.partitions));
    setText(hours, retention.has(stream.id) ? `${retention.get(stream.id)} h` : '');
    setChildren(state, el('span', { class: `badge ${stream.lifecycleState}` }, stream.lifecycleState));
    setText(messages, totals ? fmt.count(totals.messages) : '—');
    setText(bytes, totals ? fmt.bytes(totals.bytes) : '—');
    setText(put, totals ? fmt.rate(totals.putPerSecond) : '—');
    setText(get, totals ? fmt.rate(totals.getPerSecond) : '—');
    setText(produced, totals ? fmt.rate(totals.producePerSecond) : '—');
    setText(fetched, totals ? fmt.rate(totals.fetchPerSecond) : '—');
    const gone = stream.lifecycleState === 'DELETED' || stream.lifecycleState === 'DELETING';
    row.classList.toggle('deleted', gone);
    actions.firstChild.hidden = gone;
  }

  async function refresh() {
    try {
      const info = await consoleApi.server();
      fillCompartments(info.compartments);
      const compartments = compartment ? [compartment] : info.compartments;
      const [lists, totals] = await Promise.all([Promise.all(compartments.map((c) => oci.listStreams(c))),
        consoleApi.streams()]);
      const totalsById = new Map(totals.map((t) => [t.id, t]));
      const streams = lists.flat().filter((s) => showDeleted || s.lifecycleState !== 'DELETED')
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      await Promise.all(streams.filter((s) => !retention.has(s.id)).map(async (s) => {
        retention.set(s.id, (await oci.getStream(s.id)).retentionInHours);
      }));
      syncRows(tbody, streams.map((stream) => ({ stream, totals: totalsById.get(stream.id) })), (i) => i.stream.id,
        (i) => createRow(i.stream), updateRow);
      emptyRow(tbody, COLUMNS, 'No streams yet. Create one, or start a route that produces to one.');
      setText(error, '');
    } catch (e) {
      setText(error, String(e));
    }
  }

  return { refresh };
}
