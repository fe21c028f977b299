"""Controls on a page, found afresh every time: never through a handle kept across re-renders.

Single-page apps re-render after almost every click, and an element handle found before the click
then points at a detached node. So the explorer holds no handles: :func:`find_controls` describes
the candidate controls of a kind (role, label, structural group and position) in one round trip,
and :func:`click_control` finds the described control again at click time (same kind, group and
label, nearest position) and clicks it in the page. A control that is gone is reported as gone,
not retried through a stale handle.

Kinds:

- ``tab``: tabs (``role=tab``, the items of a ``role=tablist`` and the usual tab classes); the
  tab whose panel is shown is marked ``selected`` (``aria-selected``, ``aria-current``,
  ``data-state=active`` or an ``active``/``selected``/``current`` class);
- ``toggle``: switches, pressed buttons, radios and segmented controls, checkboxes, selects;
- ``more``: "load more" / "next page" buttons (links to another route are links, not buttons);
- ``follow``: things a user clicks to open a detail: table rows and list items without a link,
  cards, router buttons, and any element that the page styles as clickable (``cursor: pointer``)
  or puts in the keyboard's tab order (``tabindex`` 0 or more) or listens to for clicks
  (:data:`LISTENER_SCRIPT`), and that is neither a link nor inside one. One of several siblings alike (same
  tag and role, a class in common: two rows or list items, three of anything else) is marked ``repeated``, and
  its group names that template: the rows of a grid, the items of a list, cards, one record each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

DESTRUCTIVE_CONTROL = re.compile(
    r"(?i)\b(delete|remove|destroy|erase|purge|wipe|trash|discard|drop|clear|reset|revoke|deactivate|disable|"
    r"archive|ban|block|kick|pay|payment|purchase|buy|checkout|check out|order now|place order|subscribe|"
    r"unsubscribe|donate|transfer|withdraw|refund|charge|log ?out|sign ?out|logout|signout|log_out|sign_out|"
    r"send|submit|post|publish|share|invite|confirm|approve|reject|accept|decline|cancel|close account|"
    r"report|flag|save|update|edit|upload|import|run|retry|pause|resume|stop|kill|terminate|create|new|add|"
    r"duplicate|copy|rename|move|restart|trigger|schedule|enable|mark)\b"
)
LOAD_MORE = re.compile(
    r"(?i)^\s*(load|show|see|view|fetch|get)\s+(more|all|older|next)\b|^\s*more(\s+(results|items|posts|rows))?\s*$|"
    r"^\s*(next|older|weiter|suivant|siguiente)(\s+page)?\s*[›»→>]?\s*$|^\s*[›»→]\s*$"
)

# Elements the page itself listens to for clicks (a framework's ``@click`` on a div): noted as the
# listeners are added, so that a clickable element without a pointer cursor, role or tab stop is
# still found (what a debugger's event-listener view would show, without a round trip per element).
LISTENER_SCRIPT = """
(() => {
  if (window.__wiretableListened) return;
  const listened = window.__wiretableListened = new WeakSet();
  const CLICKS = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']);
  const original = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (CLICKS.has(type) && this instanceof Element && this !== document.documentElement && this !== document.body)
      listened.add(this);
    return original.call(this, type, listener, options);
  };
})();
"""

_DISCOVER = r"""
([kind, limit]) => {
  const SELECTORS = {
    tab: "[role=tab], [data-tab], [data-toggle=tab], [data-bs-toggle=tab], .nav-tabs a, .tabs button, .tabs a, [role=tablist] button, [role=tablist] > li, [role=tablist] > a",
    toggle: "[role=switch], [aria-pressed], [role=radio], [role=menuitemradio], [role=menuitemcheckbox], input[type=checkbox], input[type=radio], select, [role=group] > button, [role=radiogroup] button",
    more: "button, [role=button], a",
    follow: "tbody tr, [role=row], [role=listitem], li, [role=link], [role=button], [role=menuitem], [routerlink], [data-route], [data-href], nav button, aside button, article, [onclick], [tabindex], div, span, section, td, p, h2, h3, h4",
  };
  const ROUTERS = "nav button, aside button, header button, [routerlink], [data-route], [data-href], [role=menuitem], [role=link]";
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const labelOf = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || el.title || '')
    .trim().replace(/\s+/g, ' ').slice(0, 80);
  const groupOf = (el) => {
    const parts = [];
    let node = el;
    for (let i = 0; i < 3 && node && node !== document.body; i++) {
      const role = node.getAttribute('role');
      parts.push(node.tagName.toLowerCase() + (role ? `[${role}]` : ''));
      node = node.parentElement;
    }
    return parts.join('<');
  };
  // what a user sees as clickable: the pointer cursor, a place in the keyboard's tab order, or a click
  // listener of the page's own
  const focusable = (el) => (el.hasAttribute('tabindex') && el.tabIndex >= 0 && !el.matches('input, select, textarea')) ||
    !!(window.__wiretableListened && window.__wiretableListened.has(el));
  const pointer = (el) => getComputedStyle(el).cursor === 'pointer';
  // the tab whose panel is shown: ARIA says so, or a state the page styles it by (class "active")
  const SHOWN = /(^|[-_])(active|selected|current)$/i;
  const shown = (el) => el.getAttribute('aria-current') === 'page' || el.getAttribute('data-state') === 'active' ||
    Array.from(el.classList || []).some((c) => SHOWN.test(c));
  const inLink = (el) => !!el.closest('a[href]');
  const sameRoute = (href) => {
    try {
      const u = new URL(href, location.href);
      if (u.origin !== location.origin) return false;
      return u.pathname === location.pathname && (u.hash === '' || u.hash === '#' || u.hash === location.hash);
    } catch (e) { return false; }
  };
  const candidates = (k) => {
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll(SELECTORS[k])) {
      if (seen.has(el) || !visible(el)) continue;
      seen.add(el);
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') continue;
      if (k === 'more' && el.tagName === 'A' && el.getAttribute('href') && !sameRoute(el.href)) continue;
      if (k === 'follow') {
        if (el.tagName === 'A' || inLink(el) || el.querySelector('a[href]')) continue;
        const router = el.matches(ROUTERS);
        // the cursor is inherited: of nested pointer elements, the outermost is the control
        if (!router && (!(pointer(el) || focusable(el)) || (el.parentElement && pointer(el.parentElement) &&
                                          el.parentElement.closest(SELECTORS.follow)))) continue;
        if (el.closest('form') || el.matches('[role=tab], [role=switch], [role=radio], input, select, textarea, label')) continue;
        const text = labelOf(el);
        if (!text || text.length > 200) continue;
      }
      out.push(el);
    }
    return out;
  };
  window.__wiretableCandidates = candidates;
  // a row of a table or grid, an item of a list, a card: one of several siblings alike (tag, role and a class in
  // common), the way a page repeats one template per record; such items are a group of their own
  const alike = (a, b) => a.tagName === b.tagName && (a.getAttribute('role') || '') === (b.getAttribute('role') || '') &&
    (a.classList.length === 0 ? b.classList.length === 0 : Array.from(a.classList).some((c) => b.classList.contains(c)));
  const ROWISH = "tr, [role=row], li, [role=listitem], [role=option], article, [role=article]";
  const repeatOf = (el) => {
    if (kind !== 'follow' || !el.parentElement) return 0;
    let n = 0;
    for (const sibling of el.parentElement.children) if (alike(sibling, el)) n++;
    return n >= (el.matches(ROWISH) ? 2 : 3) ? n : 0;
  };
  // what a record (a repeated item of several parts: a row's cells, a card's title and text) says it does: the short
  // texts among its parts (a button's "Delete", a status); its sentences and long values are the record's data
  const actionWords = (el) => {
    const parts = [];
    for (const node of el.querySelectorAll('*')) {
      if (parts.length >= 40) break;
      if (node.children.length || !visible(node)) continue;
      const text = (node.innerText || node.getAttribute('aria-label') || node.title || '').trim();
      if (text && text.split(/\s+/).length <= 3) parts.push(text);
    }
    for (const node of el.childNodes) if (node.nodeType === 3 && node.textContent.trim()) parts.push(node.textContent.trim());
    return parts.join(' | ').slice(0, 300);
  };
  const found = [];
  const repeatedGroups = new Set();
  for (const el of limit < 0 ? [] : candidates(kind)) {
    if (found.length >= limit + 20) break;
    const repeated = repeatOf(el);
    const role = el.getAttribute('role');
    const group = repeated ? `${groupOf(el)}#${el.tagName.toLowerCase()}${role ? `[${role}]` : ''}.${el.classList[0] || ''}`
                           : groupOf(el);
    // past the limit, only the first item of a repeated group not seen yet (the rows below a long toolbar)
    if (found.length >= limit && !(repeated && !repeatedGroups.has(group))) continue;
    if (repeated) repeatedGroups.add(group);
    const r = el.getBoundingClientRect();
    const form = el.closest('form');
    const type = (el.getAttribute('type') || '').toLowerCase();
    const submits = (el.tagName === 'BUTTON' && !!form && (type === '' || type === 'submit')) ||
                    (el.tagName === 'INPUT' && (type === 'submit' || type === 'image'));
    const cls = typeof el.className === 'string' ? el.className : '';
    const attrs = [el.id, el.getAttribute('name'), el.getAttribute('href'), el.getAttribute('aria-label'), el.title,
                   el.getAttribute('data-action'), el.getAttribute('formaction')].filter(Boolean).join(' ');
    const words = repeated && el.children.length >= 2 ? actionWords(el) : null;
    found.push({kind, label: labelOf(el), group, repeated, words, x: Math.round(r.x + window.scrollX),
                y: Math.round(r.y + window.scrollY), attrs: attrs.slice(0, 300), cls: cls.slice(0, 300), submits,
                role: el.getAttribute('role') || el.tagName.toLowerCase(),
                selected: el.getAttribute('aria-selected') === 'true' || el.getAttribute('aria-pressed') === 'true' ||
                          el.checked === true || (kind === 'tab' && shown(el))});
  }
  return found;
}
"""

_CLICK = r"""
([desc]) => {
  (__DISCOVER__)([desc.kind, -1]);
  const matches = window.__wiretableCandidates(desc.kind).filter((el) => {
    const label = (el.innerText || el.value || el.getAttribute('aria-label') || el.title || '')
      .trim().replace(/\s+/g, ' ').slice(0, 80);
    return label === desc.label;
  });
  if (!matches.length) return 'gone';
  let best = null, bestDistance = Infinity;
  for (const el of matches) {
    const r = el.getBoundingClientRect();
    const d = Math.abs(r.x + window.scrollX - desc.x) + Math.abs(r.y + window.scrollY - desc.y);
    if (d < bestDistance) { best = el; bestDistance = d; }
  }
  const el = best;
  if (el.tagName === 'SELECT') {
    if (el.options.length < 2) return 'gone';
    const next = (el.selectedIndex + 1) % el.options.length;
    const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
    setter.call(el, el.options[next].value);
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
    return 'clicked';
  }
  el.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = el.getBoundingClientRect();
  const at = {bubbles: true, cancelable: true, composed: true, view: window, button: 0,
              clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
  el.dispatchEvent(new PointerEvent('pointerdown', at));
  el.dispatchEvent(new MouseEvent('mousedown', at));
  el.dispatchEvent(new PointerEvent('pointerup', at));
  el.dispatchEvent(new MouseEvent('mouseup', at));
  el.click();
  return 'clicked';
}
""".replace("__DISCOVER__", _DISCOVER.strip())

_LIST_SIZE = """
() => document.querySelectorAll('tr, li, [role=row], [role=listitem], article, [role=article]').length
"""


@dataclass(frozen=True)
class Control:
    """What identifies a control across re-renders: its kind, label, structural group and place."""

    kind: str
    label: str
    group: str
    x: int
    y: int
    attrs: str
    submits: bool
    role: str
    selected: bool
    cls: str = ""
    repeated: int = 0  # how many siblings alike it has (itself included), when it is one of a repeated group
    words: str | None = None  # of a record (a repeated item of several parts), the short texts of its parts

    @property
    def action_label(self) -> str:
        """The words that tell what a click does: a record's short texts, not its data (the sentence of a
        ticket that asks for a refund); any other control's label."""
        return self.label if self.words is None else self.words

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.group}|{self.label}"


def is_destructive_control(label: str, attrs: str = "") -> bool:
    """True when a control's label or attributes (id, name, href, aria-label, title, action; not
    its class names, which style it) suggest it changes data, pays, sends or logs out."""
    text = f"{label} {attrs}".replace("-", " ").replace("_", " ")
    return bool(DESTRUCTIVE_CONTROL.search(text))


def is_load_more(label: str, attrs: str = "", cls: str = "") -> bool:
    if LOAD_MORE.search(label):
        return True
    lowered = f"{attrs} {cls}".lower()
    return "load-more" in lowered or "loadmore" in lowered or "rel=next" in lowered or "next-page" in lowered


def find_controls(page: Page, kind: str, limit: int = 80) -> list[Control]:
    """The visible candidate controls of ``kind`` on the page now (an empty list if the page is
    between documents)."""
    try:
        found = page.evaluate(_DISCOVER, [kind, limit])
    except PlaywrightError:
        return []
    controls = []
    for item in found if isinstance(found, list) else []:
        if isinstance(item, dict):
            controls.append(Control(
                kind=str(item.get("kind")), label=str(item.get("label") or ""), group=str(item.get("group") or ""),
                x=int(item.get("x") or 0), y=int(item.get("y") or 0), attrs=str(item.get("attrs") or ""),
                submits=bool(item.get("submits")), role=str(item.get("role") or ""),
                selected=bool(item.get("selected")), cls=str(item.get("cls") or ""),
                repeated=int(item.get("repeated") or 0),
                words=None if item.get("words") is None else str(item.get("words")),
            ))
    return controls


def click_control(page: Page, control: Control) -> str:
    """Find ``control`` again and click it in the page: ``clicked``, ``gone`` (no longer on the
    page), or ``failed: <reason>`` when the page refused the script (it was navigating away)."""
    try:
        outcome = page.evaluate(_CLICK, [_as_dict(control)])
    except PlaywrightError as exc:
        return f"failed: {str(exc).splitlines()[0][:120]}"
    return str(outcome)


def list_size(page: Page) -> int:
    """How many rows and list items the page shows (to tell "load more" from a navigation)."""
    try:
        return int(page.evaluate(_LIST_SIZE))
    except PlaywrightError:
        return -1


def _as_dict(control: Control) -> dict[str, object]:
    return {"kind": control.kind, "label": control.label, "group": control.group, "x": control.x, "y": control.y}
