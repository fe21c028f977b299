"""Building a large page part by part, so that the browser never mounts it in one long task.

NiceGUI sends what the server built since its last send as one update, and the browser mounts
one update in one task: the whole job editor (hundreds of elements) at once kept the browser's
main thread busy for about half a second. A :class:`Stager` takes the panels as the layout
declares them, each with the slot it belongs in, and builds them one at a time, letting the
update of one go out before it builds the next, so that each reaches the browser as its own
update (and its own, shorter, task).

A part is added at the end of its slot: the layout defers a part only where nothing is added to
that slot after it, except other parts deferred in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

from nicegui import Client, background_tasks, ui
from nicegui.slot import Slot

#: Least time between two parts, and the longest wait for the browser to say it mounted the previous one.
PAUSE_SECONDS = 0.02
SETTLE_SECONDS = 3.0
#: The browser's answer once it has handled every message before this one (and had a turn to draw).
SETTLED_JS = "new Promise((settled) => setTimeout(() => settled(true)))"

T = TypeVar("T")


class Stager:
    """Collects parts with :meth:`__call__`, builds them with :meth:`run`; built at once if not ``staged``."""

    def __init__(self, staged: bool = True) -> None:
        self.staged = staged
        self.parts: list[tuple[Slot, Callable[[], object]]] = []

    def __call__(self, build: Callable[[], object]) -> None:
        if not self.staged:
            build()
            return
        self.parts.append((ui.context.slot, build))

    async def run(self) -> bool:
        """Build the parts in order; False if the page went away meanwhile (the rest is not built)."""
        client = ui.context.client
        answers = True
        while self.parts:
            slot, build = self.parts.pop(0)
            answers = await _sent(client, ask=answers)
            if client.is_deleted or _gone(slot):
                self.parts.clear()
                return False
            with slot:
                build()
        return True


def _gone(slot: Slot) -> bool:
    try:
        return slot.parent.is_deleted
    except RuntimeError:  # the element was garbage-collected
        return True


async def _sent(client: Client, ask: bool = True) -> bool:
    """Wait until the browser has mounted what was built so far. Asking it a question does: it
    handles its messages in order. Without that, updates sent while the browser is still busy (for
    example loading a component's script) queue up and are mounted together, in one long task.
    A browser that does not answer in time is not waited for any longer (returns False)."""
    await asyncio.sleep(PAUSE_SECONDS)
    if not ask:
        return False
    try:
        await client.run_javascript(SETTLED_JS, timeout=SETTLE_SECONDS)
    except TimeoutError:
        return False
    return True


def build_in_chunks(items: Sequence[T], build: Callable[[T], None], size: int, first: int | None = None) -> None:
    """Build the ``first`` items now (default ``size``) and the rest ``size`` at a time, each chunk
    in its own update, at the end of the current slot; a chunk whose slot was deleted meanwhile
    (the list was redrawn) and the ones after it are not built."""
    first = size if first is None else first
    for item in items[:first]:
        build(item)
    rest = items[first:]
    if not rest:
        return
    slot, client = ui.context.slot, ui.context.client

    async def later() -> None:
        answers = True
        for start in range(0, len(rest), size):
            answers = await _sent(client, ask=answers)
            if client.is_deleted or _gone(slot):
                return
            with slot:
                for item in rest[start:start + size]:
                    build(item)

    background_tasks.create(later(), name="build in chunks")
