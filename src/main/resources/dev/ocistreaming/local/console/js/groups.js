// Consumer groups of a stream: the console API names them and gives each partition's lag; GetGroup
// (the OCI API) gives the reserved instance, committed offset and reservation deadline.
import { el, setText, syncRows, emptyRow } from './dom.js';
import * as fmt from './format.js';

const COLUMNS = 6;

export function groupsSection() {
  const tbody = el('tbody', { id: 'groups-body' });
  const node = el('section', { class: 'card', id: 'groups' },
    el('h2', {}, 'Consumer groups'),
    el('table', {}, el('thead', {}, el('tr', {},
      el('th', {}, 'Group'), el('th', { class: 'num' }, 'Partition'), el('th', {}, 'Reserved instance'),
      el('th', { class: 'num' }, 'Committed offset'), el('th', { class: 'num' }, 'Lag'), el('th', {}, 'Reserved until'))),
    tbody));

  function createRow(row) {
    return el('tr', { class: 'group-partition', dataset: { group: row.groupName, partition: row.partition } },
      el('td', { class: 'group-name' }), el('td', { class: 'num' }, row.partition), el('td', { class: 'instance mono' }),
      el('td', { class: 'num committed' }), el('td', { class: 'num lag' }), el('td', { class: 'until' }));
  }

  function updateRow(tr, row) {
    const [name, , instance, committed, lag, until] = tr.children;
    setText(name, row.partition === '0' ? row.groupName : '');
    setText(instance, row.reservation?.reservedInstance ?? '—');
    setText(committed, fmt.maybe(row.reservation?.committedOffset));
    setText(lag, fmt.count(row.lag));
    const deadline = row.reservation?.timeReservedUntil;
    setText(until, deadline ? `${fmt.time(deadline)} (${fmt.relative(deadline)})` : '—');
  }

  /** groups: [{groupName, partitions: [{partition, lag}], reservations: GetGroup's reservations}] */
  function update(groups) {
    const rows = groups.flatMap((g) => {
      const byPartition = new Map(g.reservations.map((r) => [r.partition, r]));
      return g.partitions.map((p) => ({ groupName: g.groupName, partition: p.partition, lag: p.lag,
        reservation: byPartition.get(p.partition) }));
    });
    syncRows(tbody, rows, (r) => JSON.stringify([r.groupName, r.partition]), createRow, updateRow);
    emptyRow(tbody, COLUMNS, 'No consumer groups yet: a group appears with its first CreateGroupCursor.');
  }

  return { node, update };
}
