"""Small single-page apps for the explorer's behaviour tests, served on 127.0.0.1.

Each page is a self-contained HTML document; the server answers a few JSON endpoints and records
every request path in ``hits``. ``/api/slow`` answers after ``SLOW_SECONDS``; ``/api/poll`` is
what a polling page asks again and again.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from tests.capture.local_pages import serve_local

SLOW_SECONDS = 0.8

POLLING = """<!doctype html><html><body><h1>Runs</h1><p id="clock"></p><ul id="list"></ul><script>
setInterval(() => fetch('/api/poll').then(r => r.json()), 150);
setInterval(() => { document.getElementById('clock').textContent = 'updated ' + Date.now() + ' ms ago'; }, 50);
fetch('/api/slow').then(r => r.json()).then(items => {
  for (const item of items) { const li = document.createElement('li'); li.textContent = item.name;
                              document.getElementById('list').append(li); }
  document.body.dataset.rendered = 'yes';
});
</script></body></html>"""

# Every click re-renders the whole list (new nodes), as a virtual-DOM app does.
RERENDER = """<!doctype html><html><head><style>.row{cursor:pointer;padding:4px}</style></head><body>
<div id="rows"></div><script>
let selected = null;
function render() {
  const rows = document.getElementById('rows');
  rows.innerHTML = '';
  for (const n of [1, 2, 3]) {
    const div = document.createElement('div');
    div.className = 'row'; div.textContent = 'Experiment ' + n + (selected === n ? ' (open)' : '');
    div.onclick = () => { selected = n; fetch('/api/items/' + n).then(r => r.json()).then(render); };
    rows.append(div);
  }
}
render();
</script></body></html>"""

# A section's links only appear once the header's mode switch is on.
TOGGLE = """<!doctype html><html><body>
<header><label><input type="checkbox" role="switch" id="mode" onchange="mode(this.checked)"> Registry mode</label></header>
<nav id="nav"><a href="#/experiments">Experiments</a></nav>
<script>
function mode(on) {
  document.getElementById('nav').innerHTML = on
    ? '<a href="#/models">Models</a> <a href="#/models/7">Model 7</a>'
    : '<a href="#/experiments">Experiments</a>';
}
</script></body></html>"""

# "Load more" appends rows (three pages); "View all" navigates to another route.
MORE = """<!doctype html><html><body>
<table><tbody id="body"></tbody></table>
<button id="more">Load more</button> <button id="all">View all</button>
<script>
let page = 0;
async function more() {
  page += 1;
  const data = await (await fetch('/api/rows?page=' + page)).json();
  for (const row of data.items) {
    const tr = document.createElement('tr'); tr.innerHTML = '<td>' + row.name + '</td>';
    document.getElementById('body').append(tr);
  }
  if (!data.has_more) document.getElementById('more').remove();
}
document.getElementById('more').onclick = more;
document.getElementById('all').onclick = () => { history.pushState({}, '', '/all'); document.body.innerHTML = '<h1>All</h1>'; };
more();
</script></body></html>"""

# Runs whose detail pages hide their sub-resources behind tabs: items of a role=tablist (no
# role=tab, generated ids such as "tabs-trigger-artifacts", the shown tab marked by a class), each
# rewriting the page's query (?tab=...) and fetching its panel. The newest run is scheduled and has
# no Artifacts tab; finished runs have one, and their artifacts are linked only from that panel.
TABS = r"""<!doctype html><html><head><style>.tab{cursor:pointer;display:inline-block;padding:4px}</style></head><body>
<nav><a href="#/runs">Runs</a> <a href="#/flows">Flows</a></nav><main id="main"></main><script>
const main = document.getElementById('main');
const get = (url) => fetch(url).then((r) => r.json());
async function runs() {
  const items = await get('/api/runs');
  main.innerHTML = '<table><tbody>' + items.map((r) =>
    `<tr><td><a href="#/runs/${r.id}">Run ${r.id}</a></td><td>${r.state}</td></tr>`).join('') + '</tbody></table>';
}
async function flows() {
  const items = await get('/api/flows');
  main.innerHTML = '<ul>' + items.map((f) => `<li>${f.name}</li>`).join('') + '</ul>';
}
async function run(id, shown) {
  const r = await get('/api/runs/' + id);
  const tabs = ['logs', 'details'].concat(r.state === 'completed' ? ['artifacts'] : []);
  shown = tabs.includes(shown) ? shown : 'logs';
  main.innerHTML = `<h1>Run ${id}</h1><ul role="tablist">` + tabs.map((t) =>
    `<li id="tabs-trigger-${t}" class="tab${t === shown ? ' tab--active' : ''}" data-tab-name="${t}">${t[0].toUpperCase() + t.slice(1)}</li>`
  ).join('') + '</ul><section id="panel"></section>';
  for (const li of main.querySelectorAll('[role=tablist] > li')) {
    li.onclick = () => {
      history.replaceState(null, '', `#/runs/${id}?tab=${li.dataset.tabName}`);
      run(id, li.dataset.tabName);
    };
  }
  const panel = await get(`/api/runs/${id}/${shown}`);
  document.getElementById('panel').innerHTML = shown === 'artifacts'
    ? panel.map((a) => `<a href="#/artifacts/${a.id}">${a.key}</a>`).join(' ')
    : `<pre>${JSON.stringify(panel)}</pre>`;
}
async function artifact(id) {
  const a = await get('/api/artifacts/' + id);
  main.innerHTML = `<h1>${a.key}</h1>`;
}
function route() {
  const [path, query] = location.hash.slice(1).split('?');
  const tab = new URLSearchParams(query || '').get('tab');
  let m;
  if (path === '/runs') return runs();
  if (path === '/flows') return flows();
  if ((m = path.match(/^\/runs\/(\d+)$/))) return run(m[1], tab);
  if ((m = path.match(/^\/artifacts\/(\d+)$/))) return artifact(m[1]);
  main.innerHTML = '<p>Home</p>';
}
window.addEventListener('hashchange', route);
route();
</script></body></html>"""

# A history-API app (every /spa/... path serves this shell) that starts slowly: its code arrives in a
# chunk it inserts after the document has loaded (served late), then it checks the session and loads
# the project; only then does its sidebar appear. The sidebar's entries are divs without link or role
# that push a route and load the section's data; "Start" builds its route from the project's kind
# (clicked before the project has loaded, it goes to /spa/undefined); "Log out" must never be clicked.
SIDEBAR = """<!doctype html><html><head><style>.entry{cursor:pointer;padding:4px}</style></head><body>
<aside id="side"><button id="start">Start</button></aside><main id="main"></main><script>
window.project = undefined;
const get = (url) => fetch(url).then((r) => r.json());
async function go(path) {
  await get('/api/spa/role');  // the router's guard answers first; the URL changes after it
  history.pushState({}, '', path);
  await show();
}
async function show() {
  const section = location.pathname.split('/')[2] || 'home';
  const data = await get('/api/spa/' + section);
  document.getElementById('main').innerHTML = '<h1>' + section + '</h1><pre>' + JSON.stringify(data) + '</pre>';
}
document.getElementById('start').onclick = () => go('/spa/' + (window.project && window.project.kind));
const s = document.createElement('script'); s.src = '/spa-chunk.js'; document.head.append(s);
</script></body></html>"""
SIDEBAR_CHUNK = """
const SECTIONS = ['Dataset', 'Labels', 'Members', 'Comments', 'Guideline', 'Metrics', 'Settings'];
(async () => {
  await get('/api/spa/me');
  window.project = await get('/api/spa/project');
  const menu = document.createElement('div');
  menu.className = 'menu';
  for (const name of [...SECTIONS, 'Log out']) {
    const entry = document.createElement('div');
    entry.className = 'entry'; entry.textContent = name;
    entry.onclick = name === 'Log out' ? () => fetch('/api/spa/logout', {method: 'POST'})
                                       : () => go('/spa/' + name.toLowerCase());
    menu.append(entry);
  }
  document.getElementById('side').append(menu);
  await show();
})();
"""
# Items whose "Open" control (no link) leads to a route that depends on the item: its kind's page.
KINDS = r"""<!doctype html><html><body><main id="main"></main><script>
const main = document.getElementById('main');
const get = (url) => fetch(url).then((r) => r.json());
async function route() {
  const item = location.hash.match(/^#\/items\/(\d+)$/), kind = location.hash.match(/^#\/(\w+)$/);
  if (item) {
    const it = await get('/api/kinds/items/' + item[1]);
    main.innerHTML = `<h1>Item ${it.id}</h1><div class="open" style="cursor:pointer">Open</div>`;
    main.querySelector('.open').onclick = () => { location.hash = '#/' + it.kind; };
  } else if (kind) {
    main.innerHTML = '<pre>' + JSON.stringify(await get('/api/kinds/' + kind[1])) + '</pre>';
  } else {
    main.innerHTML = '<a href="#/items/1">one</a> <a href="#/items/2">two</a>';
  }
}
window.addEventListener('hashchange', route);
route();
</script></body></html>"""
ITEM_KINDS = {1: "texts", 2: "spans"}
# Items whose data arrives late: the page checks the session, pauses (longer than a quiet DOM
# needs to count as settled), and only then loads the item. "Open" (no link) is there from the start
# and leads to the page of the item's kind: clicked before the item has loaded, it goes to #/undefined.
LATE = r"""<!doctype html><html><body><main id="main"></main><script>
const main = document.getElementById('main');
const get = (url) => fetch(url).then((r) => r.json());
let item;
async function route() {
  const one = location.hash.match(/^#\/items\/(\d+)$/), kind = location.hash.match(/^#\/(\w+)$/);
  if (one) {
    item = undefined;
    main.innerHTML = '<h1>Item</h1><div class="open" style="cursor:pointer">Open</div>';
    main.querySelector('.open').onclick = () => { location.hash = '#/' + (item && item.kind); };
    await get('/api/late/role');
    await new Promise((done) => setTimeout(done, LATE_PAUSE));
    item = await get('/api/kinds/items/' + one[1]);
  } else if (kind) {
    main.innerHTML = '<pre>' + JSON.stringify(await get('/api/kinds/' + kind[1])) + '</pre>';
  } else {
    main.innerHTML = '<a href="#/items/1">one</a> <a href="#/items/2">two</a>';
  }
}
window.addEventListener('hashchange', route);
route();
</script></body></html>""".replace("LATE_PAUSE", "900")

# A grid of tasks whose detail opens only on a click of a row (a div without link, role or listener of its own:
# one listener at the app's root, as a virtual-DOM framework attaches it), which pushes ``?task=<id>``; cards below
# open their detail in the page without changing the URL. Before the grid, an avatar and a summary (clickable,
# in the same structure as the rows) only change the page, and a view switch shows the grid without rows; "Log out"
# and each row's trash button must never be clicked (both would POST).
ROWS = r"""<!doctype html><html><head><style>.avatar,.summary,.logout,.row,.card{cursor:pointer} .row{display:flex}</style>
</head><body><div id="app"><div id="top"><div class="avatar">AD</div><div class="summary">Tasks</div>
<div class="logout">Log out</div></div>
<div role="group" id="view"><button aria-pressed="true">List</button><button>Grid</button></div><div id="grid"></div><div id="cards"></div><div id="detail"></div></div>
<script>
const get = (url) => fetch(url).then((r) => r.json());
const app = document.getElementById('app');
app.addEventListener('click', (event) => {
  const at = (selector) => event.target.closest(selector);
  if (at('.trash')) return fetch('/api/rowtasks/' + at('.row').dataset.id + '/delete', {method: 'POST'});
  if (at('.logout')) return fetch('/api/rowlogout', {method: 'POST'});
  if (at('.avatar')) return document.getElementById('top').classList.toggle('open');
  if (at('.summary')) return at('.summary').append(' (3)');
  if (at('#view button')) return render(at('#view button').textContent);
  if (at('.row')) { history.pushState(null, '', '/rows?task=' + at('.row').dataset.id); return show(); }
  if (at('.card')) return get('/api/rowcards/' + at('.card').dataset.id).then((c) => {
    document.getElementById('detail').textContent = c.name; });
});
async function show() {
  const id = new URLSearchParams(location.search).get('task');
  if (!id) return;
  const task = await get('/api/rowtasks/' + id);
  const notes = await get('/api/rowtasks/' + id + '/annotations');
  document.getElementById('detail').innerHTML = '<h2>' + task.text + '</h2><p>' + notes.length + ' annotations</p>';
}
let tasks = [];
function render(view) {  // the grid view shows the tasks' texts only: no row to click
  document.getElementById('grid').innerHTML = view === 'Grid' ? tasks.map((t) => `<span>${t.text}</span>`).join('')
    : tasks.map((t) => `<div class="row${t.id % 2 ? '' : ' row_even'}" data-id="${t.id}"><span>${t.id}</span>
      <span>${t.text}</span><span class="trash" title="Delete task">x</span></div>`).join('');
}
(async () => {
  tasks = await get('/api/rowtasks');
  render('List');
  document.getElementById('cards').innerHTML = [1, 2, 3].map((n) =>
    `<div class="card" data-id="${n}"><b>Card ${n}</b></div>`).join('');
  await show();
})();
</script></body></html>"""
ROW_TASKS = {1: "please refund my order task", 2: "second task", 3: "third task", 4: "fourth task"}  # data, not actions

SIDEBAR_SECTIONS = ("dataset", "labels", "members", "comments", "guideline", "metrics", "settings")

RUN_STATES = {1: "scheduled", 2: "completed", 3: "completed", 4: "completed", 5: "completed"}

PAGES = {"/kinds": KINDS, "/late": LATE, "/polling": POLLING, "/rerender": RERENDER, "/toggle": TOGGLE, "/more": MORE, "/all": "<h1>All</h1>",
         "/tabs": TABS, "/rows": ROWS}


def _tabs_api(path: str) -> object | None:
    """The JSON answers of the /tabs app, or None for a path it does not serve."""
    parts = path.strip("/").split("/")[1:]  # without "api"
    if parts == ["runs"]:
        return [{"id": n, "state": state} for n, state in RUN_STATES.items()]
    if parts == ["flows"]:
        return [{"id": 1, "name": "etl"}]
    if len(parts) >= 2 and parts[0] == "runs" and parts[1].isdigit() and int(parts[1]) in RUN_STATES:
        run = int(parts[1])
        if len(parts) == 2:
            return {"id": run, "state": RUN_STATES[run]}
        if parts[2:] == ["artifacts"]:
            return [{"id": run * 10 + i, "key": f"report-{run}-{i}"} for i in range(2)]
        if parts[2:] in (["logs"], ["details"]):
            return {"run": run, parts[2]: ["line"]}
    if len(parts) == 2 and parts[0] == "artifacts" and parts[1].isdigit():
        return {"id": int(parts[1]), "key": f"report-{parts[1]}"}
    return None


@dataclass
class PagesServer:
    url: str = ""
    hits: list[str] = field(default_factory=list)

    def count(self, prefix: str) -> int:
        return sum(1 for hit in list(self.hits) if hit.startswith(prefix))


def _handler(server: PagesServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the page navigated away meanwhile
                self.wfile.write(body)

        def do_POST(self) -> None:
            server.hits.append(f"POST {urlsplit(self.path).path}")
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            server.hits.append(parts.path + (f"?{parts.query}" if parts.query else ""))
            if parts.path in PAGES:
                return self._send(PAGES[parts.path].encode(), "text/html; charset=utf-8")
            if parts.path == "/spa" or parts.path.startswith("/spa/"):
                return self._send(SIDEBAR.encode(), "text/html; charset=utf-8")
            if parts.path == "/spa-chunk.js":
                time.sleep(SLOW_SECONDS)
                return self._send(SIDEBAR_CHUNK.encode(), "text/javascript")
            data: object
            if parts.path.startswith("/api/kinds/items/"):
                item = int(parts.path.rsplit("/", 1)[1])
                data = {"id": item, "kind": ITEM_KINDS.get(item, "texts")}
            elif parts.path.startswith("/api/kinds/"):
                data = {"kind": parts.path.rsplit("/", 1)[1]}
            elif parts.path == "/api/late/role":
                data = {"role": "admin"}
            elif parts.path.startswith("/api/spa/"):
                time.sleep(SLOW_SECONDS / 4)
                data = {"kind": "annotate", "id": 1} if parts.path == "/api/spa/project" else {"ok": parts.path}
            elif parts.path == "/api/slow":
                time.sleep(SLOW_SECONDS)
                data = [{"id": i, "name": f"run {i}"} for i in range(3)]
            elif parts.path == "/api/poll":
                data = {"ok": True}
            elif parts.path.startswith("/api/items/"):
                data = {"id": int(parts.path.rsplit("/", 1)[1])}
            elif parts.path == "/api/rows":
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                data = {"items": [{"name": f"row {page}.{i}"} for i in range(5)], "has_more": page < 3}
            elif parts.path == "/api/rowtasks":
                data = [{"id": n, "text": text} for n, text in ROW_TASKS.items()]
            elif parts.path.startswith("/api/rowtasks/") and parts.path.endswith("/annotations"):
                data = [{"id": 1, "task": int(parts.path.split("/")[3])}]
            elif parts.path.startswith("/api/rowtasks/"):
                task = int(parts.path.rsplit("/", 1)[1])
                data = {"id": task, "text": ROW_TASKS.get(task, "")}
            elif parts.path.startswith("/api/rowcards/"):
                data = {"id": int(parts.path.rsplit("/", 1)[1]), "name": "card"}
            elif (answer := _tabs_api(parts.path)) is not None:
                data = answer
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._send(json.dumps(data).encode(), "application/json")

    return Handler


@contextmanager
def serve_pages() -> Iterator[PagesServer]:
    state = PagesServer()
    with serve_local(state, _handler(state)) as served:
        yield served
