// A stream's traffic counters side by side for both faces: REST PutMessages and GetMessages, Kafka
// Produce and Fetch; requests and messages (Kafka: records), recent per-second averages and
// totals over the counters' window. Same counters and same answer as the rate chart.
import { el, setText, syncRows } from './dom.js';
import { RECENT_SECONDS, recent, sum } from './chart.js';
import * as fmt from './format.js';

const FLOWS = [
  { flow: 'put', face: 'REST', operation: 'PutMessages' },
  { flow: 'get', face: 'REST', operation: 'GetMessages' },
  { flow: 'produce', face: 'Kafka', operation: 'Produce' },
  { flow: 'fetch', face: 'Kafka', operation: 'Fetch' },
];

export function trafficTable(server) {
  const tbody = el('tbody', { id: 'traffic-body' });
  const span = `${fmt.count(server.rateWindowSeconds / 60)} min`;
  const node = el('table', { id: 'traffic' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Face'), el('th', {}, 'Operation'),
      el('th', { class: 'num' }, `Requests/s (${RECENT_SECONDS} s)`), el('th', { class: 'num' }, `Messages/s (${RECENT_SECONDS} s)`),
      el('th', { class: 'num' }, `Requests (${span})`), el('th', { class: 'num' }, `Messages (${span})`))),
    tbody);

  /** rates: the console API's rates answer over the whole window (messages per flow, requests.<flow>). */
  function update(rates) {
    syncRows(tbody, FLOWS, (f) => f.flow,
      (f) => el('tr', { class: 'traffic', dataset: { flow: f.flow } },
        el('td', {}, el('span', { class: `badge face ${f.face.toLowerCase()}` }, f.face)), el('td', {}, f.operation),
        el('td', { class: 'num requests-rate' }), el('td', { class: 'num messages-rate' }),
        el('td', { class: 'num requests-total' }), el('td', { class: 'num messages-total' })),
      (tr, f) => {
        const requests = rates.requests?.[f.flow] ?? [];
        const messages = rates[f.flow] ?? [];
        const [, , requestsRate, messagesRate, requestsTotal, messagesTotal] = tr.children;
        setText(requestsRate, fmt.rate(recent(requests)));
        setText(messagesRate, fmt.rate(recent(messages)));
        setText(requestsTotal, fmt.count(sum(requests)));
        setText(messagesTotal, fmt.count(sum(messages)));
      });
  }

  return { node, update };
}
