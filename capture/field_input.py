"""Typing into a page's fields, as a user looking something up would, and recording what the app asks for.

Some calls are made only after typed input: a search box asks for its results, an "Add by username"
field looks the name up when "Add user" is pressed, a filter narrows a list. :func:`type_fields` plays
that on a loaded page, once per field of each kind of page:

1. it finds the empty, enabled, visible text-like fields (``input`` of type text, search, number,
   email, url or tel, and ``textarea``), never a password field nor one whose words (name, id,
   placeholder, label, ``autocomplete``) ask for a secret (token, one-time code, card), nor a field of a
   form that holds a password (a sign-in form);
2. it types a plausible value (:class:`capture.values.Values`: one the app answered with, matched by
   the field's words, else a placeholder by its type) with the keyboard, fires ``change``, and waits
   until the page has been quiet for ``TYPED_QUIET`` seconds (a debounced search asks a moment after
   the last key);
3. if the page asked for nothing, it presses Enter, which submits the field's form only when none of
   the form's submit controls reads as destructive (:func:`capture.controls.is_destructive_control`);
4. if the page still asked for nothing, it clicks the button beside the field (the one button of the
   field's smallest enclosing group that holds no other field), unless that button reads as
   destructive; a button that only names the typed value's use (``Add user``, ``Create``) is clicked,
   since nothing it writes reaches the app (below).

A field whose value the page put in the path of what it asked for is played again with the next values
(three samples of a lookup, ``/users/ada``, ``/users/grace`` and ``/users/omar``, make its route a template).

While it types and triggers, every request that would change data (any method but GET, HEAD and
OPTIONS) is withheld by the browser, unless the user opted in to destructive actions: the reads the
app makes are captured, its writes (an autosave, the add the button would send) never reach the app
and are listed in :attr:`Typed.withheld`. Once it has typed into a page, the page is loaded afresh before
the writes are let through again, so that no save the input scheduled (on a timer, on leaving the field)
reaches the app later. Waits are bounded settles (``capture.settle``), never sleeps.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Route

from capture.controls import is_destructive_control
from capture.values import Field, Values
from kernel.redact import redact_url

MAX_FIELDS = 4
# a field whose input made the page ask is typed into with up to this many values: the job page makes a
# path segment with three literal siblings a parameter (``/users/ada``, ``/users/grace``, ``/users/omar``)
SAMPLES = 3
TYPED_QUIET = 1.2
TYPED_SETTLE = 5.0
MAX_TYPED = 40  # longer values are inserted at once rather than typed key by key
READS = frozenset({"GET", "HEAD", "OPTIONS"})
# words of a button beside a field that name what is done with the typed value; with the page's writes
# withheld they change nothing
_VALUE_USE = re.compile(r"(?i)\b(add|new|create)\b")
ASKS = frozenset({"fetch", "xhr", "document", "eventsource", "websocket"})

_FIELDS = r"""
() => {
  const TYPES = new Set(['', 'text', 'search', 'number', 'email', 'url', 'tel']);
  const SECRET = /pass|secret|token|otp|one.?time|\bcc-|card|cvv|cvc|iban|\bssn\b|\bpin\b|api.?key/i;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const text = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || el.title || '')
    .trim().replace(/\s+/g, ' ').slice(0, 80);
  const attrs = (el) => [el.id, el.getAttribute('name'), el.getAttribute('aria-label'), el.title,
                         el.getAttribute('data-action'), el.getAttribute('formaction')].filter(Boolean).join(' ');
  const wordsOf = (el) => [el.getAttribute('name'), el.id, el.getAttribute('placeholder'), el.getAttribute('aria-label'),
    el.title, el.getAttribute('autocomplete'), ...Array.from(el.labels || []).map((l) => l.innerText)]
    .filter(Boolean).join(' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  const typeOf = (el) => el.tagName === 'TEXTAREA' ? 'textarea' : (el.getAttribute('type') || 'text').toLowerCase();
  const BUTTONS = 'button, [role=button], input[type=submit], input[type=button]';
  // the button beside a field: in its smallest enclosing group (up to 3 levels) that holds no other field
  const pairedOf = (el) => {
    let node = el.parentElement;
    for (let i = 0; i < 3 && node && node !== document.body; i++, node = node.parentElement) {
      if (node.querySelectorAll('input:not([type=hidden]), textarea, select').length > 1) return null;
      const buttons = Array.from(node.querySelectorAll(BUTTONS)).filter((b) => visible(b) && !b.disabled);
      if (buttons.length === 1) return buttons[0];
      if (buttons.length > 1) return null;
    }
    return null;
  };
  const fields = () => Array.from(document.querySelectorAll('input, textarea')).filter((el) => {
    const type = typeOf(el);
    if (el.tagName === 'INPUT' && !TYPES.has(type)) return false;
    if (!visible(el) || el.disabled || el.readOnly || el.value) return false;
    if (SECRET.test(wordsOf(el)) || (el.form && el.form.querySelector('input[type=password]'))) return false;
    return true;
  });
  window.__wiretableFields = {fields, wordsOf, typeOf, pairedOf, text, attrs};
  return fields().slice(0, 40).map((el) => {
    const r = el.getBoundingClientRect();
    const form = el.form;
    const submits = form ? Array.from(form.querySelectorAll('button, input[type=submit], input[type=image]'))
      .filter((b) => b.tagName !== 'BUTTON' || ['', 'submit'].includes((b.getAttribute('type') || '').toLowerCase()))
      .map((b) => text(b) + ' ' + attrs(b) + ' ' + (form.getAttribute('action') || '')) : [];
    const paired = pairedOf(el);
    return {type: typeOf(el), words: wordsOf(el), x: Math.round(r.x + window.scrollX), y: Math.round(r.y + window.scrollY),
            form: !!form, submits, paired: paired ? text(paired) : null, pairedAttrs: paired ? attrs(paired) : ''};
  });
}
"""

# Find a described field again (same type and words, nearest place) and focus it, fire its change, or
# click the button beside it.
_ACT = r"""
([desc, action]) => {
  const api = window.__wiretableFields;
  if (!api) return 'gone';
  const matches = api.fields().filter((el) => api.typeOf(el) === desc.type && api.wordsOf(el) === desc.words);
  const all = action === 'focus' ? matches : Array.from(document.querySelectorAll('input, textarea'))
    .filter((el) => api.typeOf(el) === desc.type && api.wordsOf(el) === desc.words);
  let el = null, best = Infinity;
  for (const candidate of all) {
    const r = candidate.getBoundingClientRect();
    const d = Math.abs(r.x + window.scrollX - desc.x) + Math.abs(r.y + window.scrollY - desc.y);
    if (d < best) { el = candidate; best = d; }
  }
  if (!el) return 'gone';
  if (action === 'focus' || action === 'refocus') {
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    el.focus();
    if (el.select) el.select();
    return document.activeElement === el ? 'ok' : 'gone';
  }
  if (action === 'change') {
    el.dispatchEvent(new Event('change', {bubbles: true}));
    return 'ok';
  }
  const button = api.pairedOf(el);
  if (!button) return 'gone';
  const r = button.getBoundingClientRect();
  const at = {bubbles: true, cancelable: true, composed: true, view: window, button: 0,
              clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
  button.dispatchEvent(new PointerEvent('pointerdown', at));
  button.dispatchEvent(new MouseEvent('mousedown', at));
  button.dispatchEvent(new PointerEvent('pointerup', at));
  button.dispatchEvent(new MouseEvent('mouseup', at));
  button.click();
  return 'ok';
}
"""


@dataclass
class Typed:
    """What typing played on one page."""

    fields: list[str] = field(default_factory=list)  # "words = value"
    triggers: list[str] = field(default_factory=list)  # "enter words", "button label"
    withheld: list[str] = field(default_factory=list)  # "METHOD url" of the writes the browser withheld
    failed: list[str] = field(default_factory=list)
    asked: int = 0  # requests the page made after typed input


@dataclass(frozen=True)
class _Described:
    type: str
    words: str
    x: int
    y: int
    form: bool
    submits: tuple[str, ...]
    paired: str | None
    paired_attrs: str

    @property
    def key(self) -> str:
        return f"field|{self.type}|{self.words}"


def find_fields(page: Page) -> list[_Described]:
    """The empty, typeable fields on the page now (see the module doc)."""
    try:
        found = page.evaluate(_FIELDS)
    except PlaywrightError:
        return []
    fields = []
    for item in found if isinstance(found, list) else []:
        if isinstance(item, dict):
            fields.append(_Described(
                type=str(item.get("type") or "text"), words=str(item.get("words") or ""), x=int(item.get("x") or 0),
                y=int(item.get("y") or 0), form=bool(item.get("form")),
                submits=tuple(str(s) for s in item.get("submits") or []),
                paired=None if item.get("paired") is None else str(item.get("paired")),
                paired_attrs=str(item.get("pairedAttrs") or "")))
    return fields


def _act(page: Page, described: _Described, action: str) -> str:
    desc = {"type": described.type, "words": described.words, "x": described.x, "y": described.y}
    try:
        return str(page.evaluate(_ACT, [desc, action]))
    except PlaywrightError as exc:
        return f"failed: {str(exc).splitlines()[0][:120]}"


def pressable(described: _Described) -> bool:
    """Enter may submit the field's form: none of its submit controls reads as destructive."""
    return not any(is_destructive_control(submit) for submit in described.submits)


def clickable(label: str, attrs: str) -> bool:
    """The button beside a field may be clicked: it does not read as destructive once the words that
    only name the typed value's use (add, new, create) are set aside."""
    return bool(label.strip() or attrs.strip()) and not is_destructive_control(_VALUE_USE.sub(" ", label),
                                                                             _VALUE_USE.sub(" ", attrs))


def type_fields(
    page: Page,
    *,
    template: str,
    typed: set[str],
    values: Values,
    allow_destructive: bool,
    stop: Callable[[], bool],
    wait: Callable[[], None],
    after: Callable[[], bool],
    leave: Callable[[], None],
) -> Typed:
    """Type into the page's fields not typed into before on this kind of page (``typed`` holds
    ``template|field`` keys); see the module doc. ``wait`` settles the page after input (quiet for
    ``TYPED_QUIET`` seconds); ``after`` collects what the input revealed and, when it navigated, comes
    back and returns True; ``leave`` loads a page afresh once something was typed."""
    result = Typed()
    values.drain()
    asked: list[str] = []

    def watch(route: Route, request: Request) -> None:
        if request.resource_type in ASKS:
            asked.append(request.url)
        if request.method.upper() in READS or allow_destructive:
            route.fallback()
            return
        result.withheld.append(f"{request.method} {redact_url(request.url)}")
        route.abort("blockedbyclient")

    try:
        page.route("**/*", watch)
    except PlaywrightError:
        return result
    try:
        for _ in range(MAX_FIELDS):
            if stop():
                break
            todo = [f for f in find_fields(page) if f"{template}|{f.key}" not in typed]
            if not todo:
                break
            described = todo[0]
            typed.add(f"{template}|{described.key}")
            _type_one(page, described, values, result, asked, wait, after)
        if result.fields:
            leave()  # typed values and the saves they schedule (on a timer, on blur) end here, writes still withheld
    finally:
        with contextlib.suppress(PlaywrightError):
            page.unroute("**/*", watch)
    result.asked = len(asked)
    return result


def _type_one(page: Page, described: _Described, values: Values, result: Typed, asked: list[str],
              wait: Callable[[], None], after: Callable[[], bool]) -> None:
    """Type into one field and trigger it; a field whose value the page put in the path of what it asked
    for (a lookup, ``/users/ada``) is played again with the next values (samples make its route a template);
    a search or a filter, whose value goes into a query, is played once."""
    for round_, value in enumerate(values.choose(Field(described.type, described.words), samples=SAMPLES)):
        before = len(asked)
        if not _trigger(page, described, value, "focus" if round_ == 0 else "refocus", result, asked, wait, after):
            return
        if not any(_in_path(value, url) for url in asked[before:]):
            return


def _trigger(page: Page, described: _Described, value: str, focus: str, result: Typed, asked: list[str],
             wait: Callable[[], None], after: Callable[[], bool]) -> bool:
    """Type ``value``, then press Enter and click the field's button while the page asks for nothing.
    False when the field is gone or the page navigated (and was loaded again)."""
    outcome = _act(page, described, focus)
    if outcome != "ok":
        if outcome != "gone":
            result.failed.append(f"type {described.words[:40]}: {outcome}")
        return False
    before = len(asked)
    try:
        if len(value) <= MAX_TYPED:
            page.keyboard.type(value)
        else:
            page.keyboard.insert_text(value)
    except PlaywrightError as exc:
        result.failed.append(f"type {described.words[:40]}: failed: {str(exc).splitlines()[0][:120]}")
        return False
    result.fields.append(f"{described.words[:40]} = {value}")
    _act(page, described, "change")
    wait()
    if after():
        return False
    if len(asked) == before and (not described.form or pressable(described)):
        if described.form:
            _let_submit(page, True)
        try:
            page.keyboard.press("Enter")
        except PlaywrightError:
            return False
        result.triggers.append(f"enter {described.words[:40]}")
        wait()
        _let_submit(page, False)
        if after():
            return False
    if len(asked) == before and described.paired is not None and \
            clickable(described.paired, described.paired_attrs) and _act(page, described, "button") == "ok":
        result.triggers.append(f"button {described.paired[:40]}")
        wait()
        if after():
            return False
    return True


def _in_path(value: str, url: str) -> bool:
    path = unquote(urlsplit(url).path)
    return f"/{value}" in path


def _let_submit(page: Page, on: bool) -> None:
    with contextlib.suppress(PlaywrightError):
        page.evaluate("(on) => { window.__wiretableLetSubmit = on; }", on)


_CLICK_LINK = r"""
(href) => {
  const links = Array.from(document.querySelectorAll('a[href]')).filter((a) => a.href === href);
  const link = links.find((a) => { const r = a.getBoundingClientRect(); return r.width > 0 || r.height > 0; });
  if (!link) return 'gone';
  link.scrollIntoView({block: 'center', inline: 'nearest'});
  link.click();
  return 'clicked';
}
"""


def click_link(page: Page, href: str) -> str:
    """Click the page's first visible link to ``href`` in the page (its own router handles it, with the
    state it hands the route): ``clicked``, ``gone`` or ``failed: <reason>``."""
    try:
        return str(page.evaluate(_CLICK_LINK, href))
    except PlaywrightError as exc:
        return f"failed: {str(exc).splitlines()[0][:120]}"
