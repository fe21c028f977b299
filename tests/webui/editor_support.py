"""Helpers for the schema editor tests: a job with a stored schema, and reading the editor back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.testing import User

from jobs.model import Job, JobStatus
from jobs.store import JobStore
from kernel.schema import Evidence, Schema
from tests.factories import make_schema


def evidence_schema() -> Schema:
    """The blog schema with captured evidence; posts.meta was seen rarely (low confidence)."""
    schema = make_schema()
    users, posts = schema.tables
    users.evidence = Evidence(endpoints=["GET /api/users"], samples=12, confidence=0.95)
    for column in users.columns:
        column.evidence = Evidence(endpoints=["GET /api/users"], paths=[f"$[*].{column.name}"], samples=12,
                                   examples=["x"], confidence=0.9)
    posts.columns[4].evidence = Evidence(endpoints=["GET /api/posts"], paths=["$.data[*].meta"], samples=3,
                                         nulls=2, examples=[{"a": 1}], confidence=0.3)
    return schema


def make_job(store: JobStore, schema: Schema) -> Job:
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    store.save_schema_version(job.id, schema, note="inferred")
    return store.set_status(job.id, JobStatus.READY, "schema ready")


async def save(user: User, store: JobStore, job: Job) -> Schema:
    """Click save, wait for the new version and read the saved model back from the app database."""
    before = store.latest_schema_version(job.id) or 0
    user.find(marker="save").click()
    await wait_for(user, content=f"saved as version {before + 1}")
    schema = store.load_schema(job.id)
    assert schema is not None
    return schema


async def open_job(user: User, job: Job) -> None:
    await user.open(f"/jobs/{job.id}")
    await wait_for(user, marker="schema_title", seconds=10)


async def wait_for(user: User, *, marker: str | None = None, content: str | None = None,
                   seconds: float = 10) -> None:
    async def check() -> None:
        if marker is None:  # a text on the page or in a notification
            await user.should_see(content, retries=1)
        else:
            await user.should_see(marker=marker, content=content, retries=1)

    for _ in range(int(seconds / 0.2)):
        try:
            await check()
            return
        except AssertionError:
            await asyncio.sleep(0.2)
    await check()


def element(user: User, marker: str) -> Any:
    found = user.find(marker=marker).elements
    assert len(found) == 1, f"{len(found)} elements marked {marker!r}"
    return next(iter(found))


def preview(user: User) -> str:
    code = element(user, "sql_preview")
    assert isinstance(code, ui.code)
    return code.content


def diagram(user: User) -> str:
    """The Graphviz source of what the diagram shows (drawn in a browser once it is in view)."""
    from webui.editor.er_view import DiagramView

    views = [v for v in user.find(marker="er_diagram").elements]
    assert len(views) == 1
    view = getattr(views[0], "diagram_view", None)
    assert isinstance(view, DiagramView)
    return view.source


def set_value(user: User, marker: str, value: Any) -> None:
    """Set a select, switch or input the way the browser does (the element's value event)."""
    widget = element(user, marker)
    widget.value = value


async def until(check: Callable[[], bool], what: str, seconds: float = 5) -> None:
    """Wait until ``check()`` holds: clicks in the simulated user are handled asynchronously."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check(), what


async def sql_has(user: User, *parts: str) -> str:
    await until(lambda: all(p in preview(user) for p in parts), f"SQL preview lacks {parts}:\n{preview(user)}")
    return preview(user)


async def sql_lacks(user: User, *parts: str) -> str:
    await until(lambda: not any(p in preview(user) for p in parts), f"SQL preview has {parts}:\n{preview(user)}")
    return preview(user)


async def select_table(user: User, name: str) -> None:
    user.find(marker=f"table-item-{name}").click()
    await until(lambda: element(user, "table_name").value == name, f"table {name} is not selected")
