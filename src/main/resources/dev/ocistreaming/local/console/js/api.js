// The two APIs the console uses: the server's own OCI Streaming API (/20180418, the same one the
// SDKs call) for everything it has an operation for, and the console's read-only JSON API
// (/console/api) for counts, offsets, group lists and rates, which the OCI API cannot tell.

const OCI = '/20180418';
const CONSOLE = '/console/api';
const enc = encodeURIComponent;

/** An error answer, in the OCI shape {code, message}, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  toString() {
    return `${this.code}: ${this.message}`;
  }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'NoAnswer', `The server did not answer (${e.message}). Is it still running?`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.code ?? `HTTP ${response.status}`, json?.message ?? text);
  }
  return { json, headers: response.headers };
}

const body = async (promise) => (await promise).json;

export const oci = {
  /** Every stream of a compartment, all pages, by name. */
  async listStreams(compartmentId) {
    const streams = [];
    let page = null;
    do {
      const query = new URLSearchParams({ compartmentId, limit: '50', sortBy: 'NAME', sortOrder: 'ASC' });
      if (page) query.set('page', page);
      const { json, headers } = await call('GET', `${OCI}/streams?${query}`);
      streams.push(...json);
      page = headers.get('opc-next-page');
    } while (page);
    return streams;
  },
  getStream: (id) => body(call('GET', `${OCI}/streams/${enc(id)}`)),
  createStream: (details) => body(call('POST', `${OCI}/streams`, details)),
  deleteStream: (id) => call('DELETE', `${OCI}/streams/${enc(id)}`),
  putMessages: (id, messages) => body(call('POST', `${OCI}/streams/${enc(id)}/messages`, { messages })),
  async createCursor(id, partition, type, offset) {
    const details = { partition, type };
    if (offset !== undefined) details.offset = offset;
    return (await body(call('POST', `${OCI}/streams/${enc(id)}/cursors`, details))).value;
  },
  getMessages(id, cursor, limit) {
    const query = new URLSearchParams({ cursor, limit: String(limit) });
    return body(call('GET', `${OCI}/streams/${enc(id)}/messages?${query}`));
  },
  getGroup: (id, groupName) => body(call('GET', `${OCI}/streams/${enc(id)}/groups/${enc(groupName)}`)),
};

export const consoleApi = {
  server: () => body(call('GET', `${CONSOLE}/server`)),
  streams: () => body(call('GET', `${CONSOLE}/streams`)),
  stream: (id) => body(call('GET', `${CONSOLE}/streams/${enc(id)}`)),
  rates: (id) => body(call('GET', `${CONSOLE}/streams/${enc(id)}/rates`)),
};
