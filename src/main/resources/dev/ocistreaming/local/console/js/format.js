// Numbers, sizes, rates and times as the pages show them.

const integer = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export const count = (n) => integer.format(n);

export function bytes(n) {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${oneDecimal.format(value)} ${UNITS[unit]}`;
}

export const rate = (perSecond) => `${oneDecimal.format(perSecond)}/s`;

/** An RFC 3339 time from the API as 2024-01-31 12:00:00.123 UTC. */
export function time(rfc3339) {
  return rfc3339 ? rfc3339.replace('T', ' ').replace('Z', ' UTC') : '';
}

/** "in 12 s" / "3 s ago" relative to now. */
export function relative(rfc3339) {
  const seconds = Math.round((Date.parse(rfc3339) - Date.now()) / 1000);
  return seconds >= 0 ? `in ${seconds} s` : `${-seconds} s ago`;
}

/** An optional number, or a dash. */
export const maybe = (n) => (n === undefined || n === null ? '—' : count(n));
