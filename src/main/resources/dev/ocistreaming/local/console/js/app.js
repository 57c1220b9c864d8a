// The console's entry point: a hash router between the streams list (#/) and a stream
// (#/streams/<OCID>), refreshing the open page every two seconds while the tab is visible.
import { consoleApi } from './api.js';
import { el, setChildren, setText } from './dom.js';
import { streamsPage } from './streams-page.js';
import { streamPage } from './stream-page.js';

const REFRESH_MS = 2000;
let page = null;
let timer = null;

function open(server) {
  clearTimeout(timer);
  const main = document.getElementById('main');
  const match = /^#\/streams\/([^/]+)$/.exec(location.hash);
  page = match ? streamPage(main, server, decodeURIComponent(match[1])) : streamsPage(main, server);
  tick(page);
}

async function tick(current) {
  if (!document.hidden) await current.refresh();
  // a refresh that finished after the user moved on must not restart the old page's timer
  if (current === page) timer = setTimeout(() => tick(current), REFRESH_MS);
}

function describe(server) {
  const facts = [server.url, server.kafkaBootstrapServers ? `Kafka ${server.kafkaBootstrapServers}` : 'Kafka off',
    `fsync ${server.fsync}`, server.throttling ? 'throttling on' : 'throttling off'];
  if (server.faultProbability > 0) facts.push(`fault injection ${server.faultProbability * 100} %`);
  return facts.join(' · ');
}

// Files the server could not read at start and moved to damaged/ in its data directory: what each
// held and what its loss costs, so nobody has to find the ERROR lines in the log.
function showSetAside(node, setAside) {
  if (!setAside || setAside.length === 0) return;
  setChildren(node,
    el('strong', {}, `${setAside.length} damaged file(s) set aside in the data directory's damaged/ folder`),
    el('ul', {}, setAside.map((f) => el('li', {},
      el('code', {}, f.movedTo || f.file), ` (${f.time}): held ${f.held}; ${f.reason}. Cost: ${f.cost}`))));
  node.hidden = false;
}

async function start() {
  const banner = document.getElementById('connection-error');
  try {
    const server = await consoleApi.server();
    setText(document.getElementById('server-facts'), describe(server));
    showSetAside(document.getElementById('set-aside'), server.setAside);
    window.addEventListener('hashchange', () => open(server));
    open(server);
  } catch (e) {
    banner.hidden = false;
    setText(banner, String(e));
  }
}

start();
