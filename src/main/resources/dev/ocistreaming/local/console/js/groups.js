// Consumer groups of a stream, of both faces. REST group cursors: the console API names them and
// gives each partition's lag; GetGroup (the OCI API) gives the reserved instance, committed offset
// and reservation deadline. Kafka consumer groups: the console API gives state, protocol, members
// with their assigned partitions, and per partition the committed offset, end offset and lag.
// The two are separate namespaces: a REST group and a Kafka group of the same name are two groups.
import { el, setChildren, setText, syncRows, emptyRow } from './dom.js';
import * as fmt from './format.js';

const COLUMNS = 6;

const faceBadge = (face) => el('span', { class: `badge face ${face}` }, face === 'kafka' ? 'Kafka' : 'REST');

export function groupsSection(server, topic) {
  const tbody = el('tbody', { id: 'groups-body' });
  const kafka = kafkaGroupsList(server, topic);
  const node = el('section', { class: 'card', id: 'groups' },
    el('h2', {}, 'Consumer groups'),
    el('p', { class: 'muted' }, 'REST group cursors and Kafka consumer groups are separate namespaces: a REST group and'
      + ' a Kafka group of the same name are two groups, each with its own committed offsets.'),
    el('h3', {}, faceBadge('rest'), ' REST group cursors'),
    el('table', {}, el('thead', {}, el('tr', {},
      el('th', {}, 'Group'), el('th', { class: 'num' }, 'Partition'), el('th', {}, 'Reserved instance'),
      el('th', { class: 'num' }, 'Committed offset'), el('th', { class: 'num' }, 'Lag'), el('th', {}, 'Reserved until'))),
    tbody),
    el('h3', {}, faceBadge('kafka'), ' Kafka consumer groups'),
    kafka.node);

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

  /**
   * groups: [{groupName, partitions: [{partition, lag}], reservations: GetGroup's reservations}];
   * kafkaGroups: the console API's, [] while the Kafka face is off.
   */
  function update(groups, kafkaGroups) {
    const rows = groups.flatMap((g) => {
      const byPartition = new Map(g.reservations.map((r) => [r.partition, r]));
      return g.partitions.map((p) => ({ groupName: g.groupName, partition: p.partition, lag: p.lag,
        reservation: byPartition.get(p.partition) }));
    });
    syncRows(tbody, rows, (r) => JSON.stringify([r.groupName, r.partition]), createRow, updateRow);
    emptyRow(tbody, COLUMNS, 'No REST consumer groups yet: a group appears with its first CreateGroupCursor.');
    kafka.update(kafkaGroups);
  }

  return { node, update };
}

/** One block per Kafka group: a heading line, its members, and this stream's partitions. */
function kafkaGroupsList(server, topic) {
  const list = el('div', { id: 'kafka-groups' });

  function createGroup(g) {
    const members = el('tbody', { class: 'kafka-members' });
    const partitions = el('tbody', { class: 'kafka-partitions' });
    const state = el('span', { class: 'badge kafka-state' });
    const protocol = el('span', { class: 'muted kafka-protocol' });
    const block = el('div', { class: 'kafka-group', dataset: { group: g.groupId } },
      el('div', { class: 'kafka-group-head' }, faceBadge('kafka'), el('strong', { class: 'kafka-group-id' }, g.groupId),
        state, protocol),
      el('div', { class: 'columns' },
        el('table', {}, el('thead', {}, el('tr', {}, ['Member', 'Client id', 'Host', 'Assigned partitions']
          .map((h) => el('th', {}, h)))), members),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', { class: 'num' }, 'Partition'),
          el('th', { class: 'num' }, 'Committed offset'), el('th', { class: 'num' }, 'End offset'),
          el('th', { class: 'num' }, 'Lag'), el('th', {}, 'Member'))), partitions)));
    block.parts = { members, partitions, state, protocol };
    return block;
  }

  function updateGroup(block, g) {
    const { members, partitions, state, protocol } = block.parts;
    setText(state, g.state);
    state.className = `badge kafka-state state-${g.state}`;
    const type = g.protocolType || 'no protocol type';
    setText(protocol, `${type} · assignor ${g.protocol || '—'} · generation ${g.generation}`);
    const clientOf = new Map(g.members.map((m) => [m.memberId, m.clientId]));
    syncRows(members, g.members, (m) => m.memberId,
      (m) => el('tr', { class: 'kafka-member', dataset: { member: m.memberId } },
        el('td', { class: 'member-id mono' }), el('td', { class: 'client-id' }), el('td', { class: 'host mono' }),
        el('td', { class: 'assigned mono' })),
      (tr, m) => {
        const [id, client, host, assigned] = tr.children;
        setText(id, m.memberId);
        setText(client, m.clientId);
        setText(host, m.clientHost);
        setText(assigned, m.assignment === undefined || m.assignment === null ? 'unreadable'
          : m.assignment.length === 0 ? 'none yet' : m.assignment.map((a) => `${a.topic}-${a.partition}`).join(', '));
      });
    emptyRow(members, 4, 'No members: the group is not consuming now.');
    syncRows(partitions, g.partitions, (p) => String(p.partition),
      (p) => el('tr', { class: 'kafka-partition', dataset: { partition: p.partition } },
        el('td', { class: 'num' }, p.partition), el('td', { class: 'num committed' }), el('td', { class: 'num end' }),
        el('td', { class: 'num lag' }), el('td', { class: 'owner' })),
      (tr, p) => {
        const [, committed, end, lag, owner] = tr.children;
        setText(committed, fmt.maybe(p.committedOffset));
        setText(end, fmt.count(p.endOffset));
        setText(lag, fmt.maybe(p.lag));
        setText(owner, p.memberId ? clientOf.get(p.memberId) ?? p.memberId : '—');
        owner.title = p.memberId ?? '';
      });
  }

  function update(groups) {
    if (groups.length > 0) {
      syncRows(list, groups, (g) => g.groupId, createGroup, updateGroup);
      return;
    }
    const text = server.kafkaBootstrapServers
      ? `No Kafka consumer groups use this stream yet: a group appears when a member subscribes to topic "${topic()}"`
        + ` (bootstrap.servers ${server.kafkaBootstrapServers}) or commits an offset for it.`
      : 'The Kafka face is off, so there are no Kafka groups.';
    const placeholder = list.querySelector(':scope > #kafka-groups-empty');
    if (placeholder && list.children.length === 1) setText(placeholder, text);
    else setChildren(list, el('p', { class: 'muted', id: 'kafka-groups-empty' }, text));
  }

  return { node: list, update };
}
