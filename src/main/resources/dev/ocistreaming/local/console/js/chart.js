// A small SVG line chart of messages per second over the last minutes, for both faces: REST put
// and get, Kafka produce and fetch (records).
import { el, svg, setChildren, setText } from './dom.js';
import * as fmt from './format.js';

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 48;
const RIGHT = 12;
const TOP = 10;
const BOTTOM = 22;
/** The legend shows the average of the most recent seconds, like the streams list. */
export const RECENT_SECONDS = 10;
/**
 * Points are averages over this many seconds: two 1-per-second processes (the demo's producer and
 * consumer) drift against each other, so single seconds read 0, 2, 0, 2 where the rate is 1.
 */
const POINT_SECONDS = 5;

export function rateChart() {
  const plot = svg('g');
  const chart = svg('svg', {
    class: 'chart', id: 'rate-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': 'Messages per second: REST put and get, Kafka produce and fetch',
  }, plot);
  const now = new Map(SERIES.map(([kind]) => [kind, el('span', { id: `${kind}-rate` })]));
  const legend = el('div', { class: 'legend' },
    SERIES.map(([kind, label]) => el('span', {}, el('span', { class: `swatch ${kind}` }), `${label} `, now.get(kind))),
    el('span', { class: 'muted' },
      `messages/s: chart ${POINT_SECONDS} s averages, legend last ${RECENT_SECONDS} s`));
  const node = el('div', {}, chart, legend);

  function update(rates) {
    const lines = SERIES.map(([kind]) => [kind, averages(rates[kind] ?? [])]);
    const n = lines[0][1].length;
    const top = niceCeiling(Math.max(1, ...lines.flatMap(([, values]) => values)));
    const x = (i) => LEFT + (n <= 1 ? 0 : (i * (WIDTH - LEFT - RIGHT)) / (n - 1));
    const y = (v) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / top);
    const line = (values, kind) => svg('polyline', {
      class: `series ${kind}`,
      points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
    });
    const grid = [0, top / 2, top].map((v) => [
      svg('line', { class: 'grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(v), y2: y(v) }),
      svg('text', { class: 'axis-label', x: LEFT - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt.count(v)),
    ]);
    const minutes = rates.put.length / 60;
    const ticks = [[0, `−${fmt.count(minutes)} min`], [Math.floor((n - 1) / 2), `−${fmt.count(minutes / 2)} min`],
      [n - 1, 'now']].map(([i, label]) => svg('text', {
      class: 'axis-label', x: x(i), y: HEIGHT - 6, 'text-anchor': i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle',
    }, label));
    setChildren(plot, grid, ticks, lines.map(([kind, values]) => line(values, kind)));
    for (const [kind] of SERIES) {
      chart.dataset[`${kind}Total`] = String(sum(rates[kind] ?? []));
      setText(now.get(kind), fmt.rate(recent(rates[kind] ?? [])));
    }
  }

  return { node, update };
}

/** Each line: its key in the rates answer (also its CSS class and element ids) and its legend label. */
const SERIES = [['put', 'REST put'], ['get', 'REST get'], ['produce', 'Kafka produce'], ['fetch', 'Kafka fetch']];

export const sum = (values) => values.reduce((a, b) => a + b, 0);

/** Averages per POINT_SECONDS, counted back from the newest second so the last point is complete. */
function averages(perSecond) {
  const out = [];
  for (let end = perSecond.length; end > 0; end -= POINT_SECONDS) {
    const start = Math.max(0, end - POINT_SECONDS);
    out.unshift(sum(perSecond.slice(start, end)) / (end - start));
  }
  return out;
}
export const recent = (values) => sum(values.slice(-RECENT_SECONDS)) / Math.min(RECENT_SECONDS, values.length || 1);

/** 1, 2, 5, 10, 20, 50, ...: the smallest at or above v, so grid labels are round. */
function niceCeiling(v) {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((c) => c >= v);
}
