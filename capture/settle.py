"""When a page is ready to read: its API calls have answered and its DOM has gone quiet.

Many apps never reach "network idle": they poll (the same URL again and again, every few
seconds), keep a websocket or an event stream open, or refresh a clock. Waiting for network idle
then always runs to its timeout. Instead, :data:`TRACKER_SCRIPT` (added to every page) counts the
page's own ``fetch`` and ``XMLHttpRequest`` calls in flight and notes when the DOM last changed;
:func:`settle` waits until

- the document has loaded (``readyState`` is ``complete``: its scripts and styles are in);
- no request is in flight, except requests to a URL path the page has already requested
  ``POLL_REPEATS`` times (polling, which never ends); code the app loads on demand (a ``script``
  or stylesheet element it inserts, a route's chunk) counts as a request until it has loaded;
- neither a request, a structural DOM change (an element added or removed; text and attribute
  changes such as ticking clocks and animations do not count) nor a change of the URL
  (``pushState``, ``replaceState``, a hash route, a redirect) happened in the last ``quiet``
  seconds, or ``first_quiet`` seconds while an app's shell (a document with scripts that arrived
  with fewer than ``SHELL_ELEMENTS`` elements to show, drawn by its code; not a JSON or text
  document, which a browser shows in a few elements and no script) has not asked for any data yet (an
  app that is still starting asks for its page's data only after its code has run and its session
  check has answered; a page rendered by the server is read as soon as it is quiet),

bounded by ``limit`` seconds (and by the time left and ``cancel``, checked at least every
``SLICE`` seconds). It returns a :class:`Settled` saying how long it waited and whether it ran
into its bound, which the explorer reports.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

POLL_REPEATS = 3
QUIET = 0.4
FIRST_QUIET = 1.2
SHELL_ELEMENTS = 20
LIMIT = 6.0
SLICE = 1.0

TRACKER_SCRIPT = """
(() => {
  if (window.__wiretableSettle) return;
  const state = {inflight: new Map(), counts: new Map(), lastActivity: performance.now(), polling: new Set(),
                 lastInput: -Infinity, requests: 0, href: location.href};
  // a request that a click or a key started is the page answering the user, never polling
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'click'])
    window.addEventListener(type, () => { state.lastInput = performance.now(); }, true);
  const keyOf = (url) => { try { const u = new URL(url, location.href); return u.origin + u.pathname; }
                           catch (e) { return String(url); } };
  const begin = (url) => {
    let key = keyOf(url);
    const count = (state.counts.get(key) || 0) + 1;
    state.counts.set(key, count);
    if (count >= %(repeats)d) state.polling.add(key);
    if (state.polling.has(key) && performance.now() - state.lastInput < 1000) key += ' (after input)';
    state.inflight.set(key, (state.inflight.get(key) || 0) + 1);
    if (!state.polling.has(key)) state.lastActivity = performance.now();
    state.requests += 1;
    return key;
  };
  const end = (key) => {
    const left = (state.inflight.get(key) || 1) - 1;
    if (left <= 0) state.inflight.delete(key); else state.inflight.set(key, left);
    if (!state.polling.has(key)) state.lastActivity = performance.now();
  };
  const originalFetch = window.fetch;
  if (originalFetch) {
    window.fetch = function (input, init) {
      const key = begin(typeof input === 'string' ? input : (input && input.url) || String(input));
      let result;
      try { result = originalFetch.apply(this, arguments); } catch (e) { end(key); throw e; }
      Promise.resolve(result).then(() => end(key), () => end(key));
      return result;
    };
  }
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) { this.__wiretableUrl = url; return open.apply(this, arguments); };
  XMLHttpRequest.prototype.send = function () {
    const key = begin(this.__wiretableUrl || '');
    this.addEventListener('loadend', () => end(key), {once: true});
    return send.apply(this, arguments);
  };
  // Only structural changes count: elements added or removed. Ticking clocks, relative times,
  // progress bars and animations change text and attributes forever and would never let a page settle.
  const structural = (records) => records.some((r) => {
    for (const n of r.addedNodes) if (n.nodeType === 1) return true;
    for (const n of r.removedNodes) if (n.nodeType === 1) return true;
    return false;
  });
  // code the app loads on demand (a route's chunk, a lazy stylesheet) is in flight like a request:
  // the page asks for its data only once that code has run
  const LOADS = 'script[src], link[rel=stylesheet][href], link[rel=modulepreload][href], link[rel=preload][href]';
  const track = (records) => {
    if (document.readyState === 'loading') return;  // the document's own resources: its load event
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType !== 1 || !n.matches(LOADS)) continue;
      const key = begin(n.src || n.href);
      let done = false;
      const finish = () => { if (!done) { done = true; end(key); } };
      n.addEventListener('load', finish, {once: true});
      n.addEventListener('error', finish, {once: true});
      setTimeout(finish, 10000);
    }
  };
  const watch = () => {
    new MutationObserver((records) => {
      track(records);
      if (structural(records)) state.lastActivity = performance.now();
    }).observe(document.documentElement, {subtree: true, childList: true});
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
  // an app's shell: a document that arrives (almost) empty and is drawn by its code, unlike a page
  // rendered by the server, which is there to read as soon as it has loaded
  const SHOWN = 'body *:not(script):not(style):not(link):not(meta):not(noscript):not(template)';
  const shell = () => {
    state.shell = document.scripts.length > 0 && document.querySelectorAll(SHOWN).length < %(shell)d;
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', shell); else shell();
  // a client-side route change (pushState, a redirect, a hash route) is activity: the URL must settle too
  const moved = () => { state.lastActivity = performance.now(); };
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function () { moved(); return original.apply(this, arguments); };
  }
  window.addEventListener('popstate', moved);
  window.addEventListener('hashchange', moved);
  // quietMs after the last activity; firstMs while the page has not asked for any data yet (an app
  // still starting: its code runs, checks the session, then asks for the page's data)
  window.__wiretableSettle = (quietMs, firstMs) => {
    if (location.href !== state.href) { state.href = location.href; moved(); }
    let pending = 0;
    for (const [key, n] of state.inflight) if (!state.polling.has(key)) pending += n;
    const quiet = state.requests || !state.shell ? quietMs : Math.max(quietMs, firstMs || 0);
    return pending === 0 && document.readyState === 'complete' && performance.now() - state.lastActivity >= quiet;
  };
  window.__wiretablePolling = () => Array.from(state.polling);
})();
""".replace("%(repeats)d", str(POLL_REPEATS)).replace("%(shell)d", str(SHELL_ELEMENTS))


@dataclass(frozen=True)
class Settled:
    waited: float
    timed_out: bool


def settle(
    page: Page,
    *,
    remaining: Callable[[], float],
    cancel: threading.Event,
    limit: float = LIMIT,
    quiet: float = QUIET,
    first_quiet: float = FIRST_QUIET,
) -> Settled:
    """Wait until the page is ready to read (see the module doc), at most ``limit`` seconds."""
    started = time.monotonic()
    deadline = started + max(0.0, min(limit, remaining() - 0.5))
    quiet_ms = int(quiet * 1000)
    first_ms = int(first_quiet * 1000)
    while not cancel.is_set():
        slice_s = min(SLICE, deadline - time.monotonic())
        if slice_s <= 0.05:
            break
        try:
            page.wait_for_function(
                "([quiet, first]) => !window.__wiretableSettle || window.__wiretableSettle(quiet, first)",
                arg=[quiet_ms, first_ms], polling=100, timeout=slice_s * 1000,
            )
            return Settled(time.monotonic() - started, False)
        except PlaywrightError as exc:
            if "Timeout" not in str(exc):
                # navigation destroyed the context: the next page starts its own tracker
                if time.monotonic() + 0.1 < deadline:
                    time.sleep(0.1)
                    continue
                break
    return Settled(time.monotonic() - started, True)
