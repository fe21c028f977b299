"""The job page's Data view: the rows of a table the job pushed, in a grid, a page at a time.

The targets offered are those the job's pushes applied to (``jobs.verbs.data.pushed_targets``), the
latest first; the tables, those of the job's schema found in the chosen target. Paging and sorting
run on the server: a click on a column header or a page arrow asks for that page
(``jobs.verbs.data.table_rows``), so a large table never travels whole. Cells show each value's
text cut to a few hundred characters, NULL told apart from an empty string. Reading is
read-only; every failure (nothing pushed, an unreachable target, a table missing there) is a
message in the view.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from nicegui import run, ui

from jobs.targets import TargetStore
from jobs.verbs.data import PAGE_ROWS, RowsPage, pushed_tables, pushed_targets, table_rows
from kernel.errors import WiretableError
from webui.context import AppContext

NOTHING_PUSHED = ("Nothing has been pushed yet: push the schema under Target database, and the rows of its "
                  "tables show here.")

_HEADER = r"""
<q-th :props="props">
  <span class="font-semibold">{{ props.col.label }}</span>
  <div class="text-xs font-normal text-slate-500 normal-case">{{ props.col.type }}</div>
</q-th>
"""
_CELL = r"""
<q-td :props="props" class="max-w-[20rem] truncate font-mono text-xs" :title="props.value">
  <span v-if="props.value === null" class="italic text-slate-400">NULL</span>
  <span v-else>{{ props.value }}</span>
</q-td>
"""


class DataView:
    """View state of one client's data view; ``tables()`` gives the job's table names, and
    ``selected()`` the table the editor has selected (shown first when it was pushed)."""

    def __init__(self, ctx: AppContext, job_id: str, store: TargetStore, tables: Callable[[], list[str]],
                 selected: Callable[[], str | None]) -> None:
        self.ctx = ctx
        self.job_id = job_id
        self.store = store
        self.tables = tables
        self.selected = selected
        self.keys: dict[str, str] = {}  # grid field → column name
        self._quiet = False
        self._asked = 0  # requests for a page so far
        self.section: ui.expansion | None = None

    def render(self) -> None:
        with ui.row().classes("w-full items-end gap-4"):
            self.target = ui.select({}, label="Target", on_change=self._target_changed).classes(
                "w-full sm:w-96").mark("data_target").props("data-mark=data_target")
            self.table = ui.select([], label="Table", on_change=self._table_changed).classes(
                "w-full sm:w-64").mark("data_table").props("data-mark=data_table")
            ui.button("Reload", icon="refresh", on_click=self.load).props("flat").mark("data_reload")
        self.message = ui.label("").classes("text-slate-600").mark("data_message").props("data-mark=data_message")
        self.count = ui.label("").classes("text-sm text-slate-600").mark("data_count").props("data-mark=data_count")
        self.grid = ui.table(rows=[], columns=[], row_key="__row",
                             pagination={"page": 1, "rowsPerPage": PAGE_ROWS, "rowsNumber": 0}).classes(
            "w-full").props(
            'dense flat bordered data-mark=data_grid :rows-per-page-options="[25, 50, 100, 200]"').mark("data_grid")
        self.grid.add_slot("header-cell", _HEADER)
        self.grid.add_slot("body-cell", _CELL)
        self.grid.on("request", self._request, ["pagination"])
        self.grid.set_visibility(False)

    async def pushed(self) -> None:
        """A push applied: read again when the view is unfolded (folded, it reads when unfolded)."""
        if self.section is not None and self.section.value:
            await self.load()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.text = text
        self.message.classes(replace="text-red-700" if error else "text-slate-600")

    def _stores(self) -> TargetStore:
        return self.store

    async def load(self) -> None:
        """Read the job's pushed targets again, then the tables and first page of the chosen one."""
        try:
            targets = await run.io_bound(pushed_targets, self.ctx.store, self.job_id)
        except WiretableError as exc:
            self._say(str(exc), error=True)
            return
        if not targets:
            self._choose(self.target, {}, None)
            self._clear()
            self._say(NOTHING_PUSHED)
            return
        options = {t.target: f"{t.label if '://' in t.target else t.target} (pushed {t.at:%Y-%m-%d %H:%M})"
                   for t in targets}
        value = self.target.value if self.target.value in options else targets[0].target
        self._choose(self.target, options, value)
        await self._load_tables()

    def _target_changed(self, _: Any) -> Coroutine[Any, Any, None] | None:
        return None if self._quiet or not self.target.value else self._load_tables()

    def _choose(self, select: ui.select, options: Any, value: Any) -> None:
        """Set a select's options and value without running its change handler."""
        self._quiet = True
        try:
            select.set_options(options, value=value)
        finally:
            self._quiet = False

    async def _load_tables(self) -> None:
        target = str(self.target.value)
        try:
            names = await run.io_bound(pushed_tables, self.ctx.settings, target, self.tables(), stores=self._stores)
        except WiretableError as exc:
            self._choose(self.table, [], None)
            self._clear()
            self._say(str(exc), error=True)
            return
        if not names:
            self._choose(self.table, [], None)
            self._clear()
            self._say("None of this job's tables is in this target (dropped since the push, or pushed under other "
                      "names): push the schema again.", error=True)
            return
        current = self.table.value if self.table.value in names else self.selected()
        self._choose(self.table, names, current if current in names else names[0])
        await self.show(1)

    def _table_changed(self, _: Any) -> Coroutine[Any, Any, None] | None:
        return None if self._quiet or not self.table.value else self.show(1)

    async def _request(self, event: Any) -> None:
        pagination = dict(event.args.get("pagination") or {})
        field = pagination.get("sortBy")
        await self.show(int(pagination.get("page") or 1), order_by=self.keys.get(str(field)) if field else None,
                        descending=bool(pagination.get("descending")),
                        per_page=int(pagination.get("rowsPerPage") or PAGE_ROWS))

    async def show(self, page: int, *, order_by: str | None = None, descending: bool = False,
                   per_page: int | None = None) -> None:
        """Show page ``page`` (1-based) of the chosen table, sorted by ``order_by``."""
        if not self.target.value or not self.table.value:
            return
        per_page = per_page or int(self.grid.pagination.get("rowsPerPage") or PAGE_ROWS)
        per_page = per_page if per_page > 0 else PAGE_ROWS
        self._asked += 1
        asked = self._asked
        try:
            data = await run.io_bound(table_rows, self.ctx.settings, str(self.target.value), str(self.table.value),
                                      stores=self._stores, offset=(max(page, 1) - 1) * per_page, limit=per_page,
                                      order_by=order_by, descending=descending)
        except WiretableError as exc:
            if asked == self._asked:
                self._clear()
                self._say(str(exc), error=True)
            return
        if data is not None and asked == self._asked:  # a later request's page wins over an earlier one's
            self._show(data, page, per_page)

    def _show(self, data: RowsPage, page: int, per_page: int) -> None:
        self.keys = {f"c{i}": c.name for i, c in enumerate(data.columns)}
        fields = {name: key for key, name in self.keys.items()}
        self.grid.columns = [{"name": key, "label": c.name, "field": key, "type": c.type, "sortable": True,
                              "align": "left"} for key, c in zip(self.keys, data.columns, strict=True)]
        self.grid.rows = [{"__row": data.offset + i, **{f"c{j}": v for j, v in enumerate(row)}}
                          for i, row in enumerate(data.rows)]
        self.grid.pagination = {"page": page, "rowsPerPage": per_page, "rowsNumber": data.total,
                                "sortBy": fields.get(data.order_by or ""), "descending": data.descending}
        self.grid.set_visibility(True)
        order = f", sorted by {data.order_by}{' descending' if data.descending else ''}" if data.order_by else ""
        shown = f"rows {data.first}–{data.last} of {data.total}" if data.rows else "no rows on this page"
        self.count.text = f"{data.table}: {data.total} row(s); {shown}{order}"
        cut = (f"; {data.truncated} long value(s) cut to their first characters (…)" if data.truncated else "")
        self._say(f"Read-only view of the target's rows{cut}.")

    def _clear(self) -> None:
        self.grid.set_visibility(False)
        self.grid.rows = []
        self.count.text = ""


def data_section(ctx: AppContext, job_id: str, store: TargetStore, tables: Callable[[], list[str]],
                 selected: Callable[[], str | None]) -> DataView:
    """The folded "Data" section; its rows are read when it is unfolded, and again on Reload."""
    view = DataView(ctx, job_id, store, tables, selected)

    async def toggled(open_: bool) -> None:
        if open_:
            await view.load()

    with ui.expansion("Data", icon="table_view", on_value_change=lambda e: toggled(bool(e.value))).classes(
            "w-full").mark("data_section").props("data-mark=data_section") as view.section:
        view.render()
    return view
