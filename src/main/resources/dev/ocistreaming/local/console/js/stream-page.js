// One stream: details (GetStream), traffic of both faces (chart and counters), partitions, "Produce
// Test Message", messages on demand and consumer groups of both faces. Everything but the messages
// refreshes by itself while the page is open.
import { el, setChildren, setText, syncRows } from './dom.js';
import { oci, consoleApi } from './api.js';
import { textToBase64 } from './bytes.js';
import { rateChart } from './chart.js';
import { trafficTable } from './traffic.js';
import { messagesSection } from './messages.js';
import { groupsSection } from './groups.js';
import * as fmt from './format.js';

const DETAILS = [['OCID', 'id'], ['State', 'lifecycleState'], ['Partitions', 'partitions'],
  ['Retention', 'retentionInHours'], ['Created', 'timeCreated'], ['Compartment', 'compartmentId'],
  ['Stream pool', 'streamPoolId'], ['Messages endpoint', 'messagesEndpoint']];

export function streamPage(main, server, streamId) {
  const title = el('h1', { id: 'stream-title' }, streamId);
  const error = el('p', { class: 'error', id: 'stream-error', role: 'alert' });
  const values = new Map(DETAILS.map(([, key]) => [key, el('dd', { id: `detail-${key}` })]));
  const chart = rateChart();
  const traffic = trafficTable(server);
  const partitions = el('tbody', { id: 'partitions-body' });
  const messages = messagesSection(streamId);
  // the topic a Kafka client names is the stream's name, known once GetStream answered
  let topic = '';
  const groups = groupsSection(server, () => topic);

  setChildren(main,
    el('div', { class: 'breadcrumb' }, el('a', { href: '#/' }, 'Streams'), ' › ', el('span', { class: 'muted' }, 'Stream details')),
    title, error,
    el('div', { class: 'columns' },
      el('div', { class: 'stack' },
        el('section', { class: 'card', id: 'details' },
          el('dl', { class: 'details' }, DETAILS.map(([label, key]) => [el('dt', {}, label), values.get(key)]))),
        el('section', { class: 'card', id: 'rates' }, el('h2', {}, 'Traffic'), chart.node, traffic.node)),
      el('div', { class: 'stack' },
        el('section', { class: 'card', id: 'partitions' }, el('h2', {}, 'Partitions'),
          el('table', {}, el('thead', {}, el('tr', {}, ['Partition', 'Oldest offset', 'Latest offset', 'Messages', 'Bytes']
            .map((h) => el('th', { class: 'num' }, h)))), partitions)),
        produceForm(streamId, () => refresh()))),
    messages.node,
    groups.node);

  function showDetails(stream) {
    setText(title, stream.name);
    topic = stream.name;
    for (const [key, dd] of values) {
      const v = stream[key];
      if (key === 'lifecycleState') setChildren(dd, el('span', { class: `badge ${v}` }, v));
      else setText(dd, key === 'retentionInHours' ? `${v} hours` : key === 'timeCreated' ? fmt.time(v) : v);
    }
  }

  function showPartitions(list) {
    syncRows(partitions, list, (p) => p.partition,
      (p) => el('tr', { dataset: { partition: p.partition } }, Array.from({ length: 5 }, () => el('td', { class: 'num' }))),
      (tr, p) => [p.partition, fmt.maybe(p.oldestOffset), fmt.maybe(p.latestOffset), fmt.count(p.messages), fmt.bytes(p.bytes)]
        .forEach((text, i) => setText(tr.children[i], text)));
    messages.setPartitionCount(list.length);
  }

  async function refresh() {
    try {
      const stream = await oci.getStream(streamId);
      showDetails(stream);
      if (stream.lifecycleState === 'DELETED' || stream.lifecycleState === 'DELETING') {
        setText(error, 'This stream is deleted.');
        return;
      }
      const [view, rates] = await Promise.all([consoleApi.stream(streamId), consoleApi.rates(streamId)]);
      const groupDetails = await Promise.all(view.groups.map(async (g) => ({
        ...g, reservations: (await oci.getGroup(streamId, g.groupName)).reservations })));
      showPartitions(view.partitions);
      chart.update(rates);
      traffic.update(rates);
      groups.update(groupDetails, view.kafkaGroups ?? []);
      setText(error, '');
    } catch (e) {
      setText(error, String(e));
    }
  }

  return { refresh };
}

function produceForm(streamId, onProduced) {
  const key = el('input', { id: 'produce-key', autocomplete: 'off', placeholder: 'optional' });
  const value = el('textarea', { id: 'produce-value', placeholder: 'Message value (text)' });
  const result = el('p', { id: 'produce-result', role: 'status' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'produce-submit' }, 'Produce');
  const form = el('form', { class: 'card', id: 'produce', novalidate: true },
    el('h2', {}, 'Produce Test Message'),
    el('label', { for: 'produce-key' }, 'Key', el('span', { class: 'hint' }, 'UTF-8; empty for none')), key,
    el('label', { for: 'produce-value' }, 'Value', el('span', { class: 'hint' }, 'UTF-8')), value,
    el('div', { class: 'toolbar' }, submit), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const message = { value: textToBase64(value.value) };
      if (key.value !== '') message.key = textToBase64(key.value);
      const [entry] = (await oci.putMessages(streamId, [message])).entries;
      result.className = entry.error ? 'error' : 'ok';
      setText(result, entry.error ? `${entry.error}: ${entry.errorMessage}`
        : `Produced to partition ${entry.partition} at offset ${entry.offset} (${fmt.time(entry.timestamp)}).`);
      onProduced();
    } catch (e) {
      result.className = 'error';
      setText(result, String(e));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
