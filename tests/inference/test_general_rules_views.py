"""General inference rules on what is not a table or not a set of columns (free-form objects,
computed answers, settings documents), each on a small generated capture of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _infer

API = "https://h.test/api"


def test_object_whose_fields_change_from_record_to_record_is_one_jsonb_column(tmp_path: Path) -> None:
    """``params`` with other fields in every run is free-form (jsonb); ``size`` keeps its fields
    (one optional) and is flattened."""
    jobs = [{"id": 1, "params": {}, "size": {"w": 1, "h": 2}},
            {"id": 2, "params": {"model": "m", "epochs": 3}, "size": {"w": 3, "h": 4, "d": 1}},
            {"id": 3, "params": {"bucket": "b"}, "size": {"w": 5, "h": 6}}]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/jobs", jobs)])["jobs"])
    assert columns["params"]["type"] == "jsonb"
    assert {"size_w", "size_h", "size_d"} <= set(columns) and not [c for c in columns if c.startswith("params_")]


def test_counts_histories_and_matrices_are_not_tables(tmp_path: Path) -> None:
    tables = _infer(tmp_path, [
        ("GET", f"{API}/events", [{"id": 1, "kind": "a"}, {"id": 2, "kind": "b"}]),
        ("POST", f"{API}/events/count-by/time", [{"value": "0", "label": "10:00", "count": 3}]),
        ("POST", f"{API}/events/history", [{"interval_start": "2024-01-01T00:00:00Z", "states": []}]),
        ("GET", f"{API}/events/stats", {"total": 2, "kinds": 2, "first_seen": "2024-01-01"}),
        ("GET", f"{API}/runs/1/importances", {"importances": [[{"name": "lr", "value": 0.8}]]}),
    ])
    assert set(tables) == {"events"} and set(_columns(tables["events"])) == {"id", "kind"}


def test_settings_and_status_documents_are_not_tables(tmp_path: Path) -> None:
    """One keyless object read again and again at an address without parameters configures the
    app; a keyless record at an item's address, or listed, is data."""
    flags = {"export_is_available": False, "allow_unsafe": False, "theme": "dark"}
    tables = _infer(tmp_path, [
        *[("GET", f"{API}/meta", flags) for _ in range(3)],
        ("GET", "https://h.test/ui-settings", {"api_url": API, "csrf_enabled": False}),
        ("GET", f"{API}/sheds/1/climate", {"temp": 3.5, "humidity": 60}),
        ("GET", f"{API}/readings", [{"temp": 3.5, "at": "2024-01-01T00:00:00Z"}]),
    ])
    assert set(tables) == {"climates", "readings"}


def test_subsets_and_projections_of_nested_rows_are_views(tmp_path: Path) -> None:
    """A study's ``best_trials`` repeat some of its ``trials`` (keyed by ``trial_id``): a subset, no
    table. Its ``search_space`` repeats ``(name, distribution)`` pairs of the trials' params (choices
    in another order): a projection, no table. The params themselves stay a child table."""
    def param(name: str, choices: list[str]) -> dict[str, Any]:
        return {"name": name, "value": choices[0], "distribution": {"type": "choice", "choices": choices}}
    trials = [{"trial_id": t, "study_id": 1, "state": "done", "score": t / 10,
               "params": [param("opt", ["adam", "sgd"]), param("act", ["relu", "gelu"][t % 2:] + ["tanh"])]}
              for t in (1, 2, 3)]
    study = {"study_id": 1, "name": "s", "trials": trials, "best_trials": [trials[2]],
             "search_space": [{"name": "opt", "distribution": {"type": "choice", "choices": ["sgd", "adam"]}}]}
    tables = _infer(tmp_path, [("GET", f"{API}/studies", {"studies": [{"study_id": 1, "name": "s"}]}),
                               ("GET", f"{API}/studies/1", study)])
    assert set(tables) == {"studies", "trials", "trial_params"}


def test_schema_documents_and_lists_of_maps_are_jsonb(tmp_path: Path) -> None:
    """A JSON Schema nested in a record, and a list of label maps, are stored whole."""
    form = {"type": "object", "title": "P", "properties": {"n": {"type": "integer", "title": "N"}}}
    runs = [{"id": i, "form": form, "related": [{"app.resource.id": f"r{i}", "app.resource.role": "flow"}]}
            for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/runs", runs)])["runs"])
    assert set(columns) == {"id", "form", "related"}
    assert columns["form"]["type"] == columns["related"]["type"] == "jsonb"


def test_reference_that_never_held_a_value_is_typed_and_linked_by_its_name(tmp_path: Path) -> None:
    """``parent_task_id`` always null: a reference to ``tasks`` by its name, with the key's type."""
    tasks = [{"id": f"6f1c2b9e-0d5a-4c3e-9a7b-1e2f3a4b5c6{i}", "parent_task_id": None, "label": None}
             for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/tasks", tasks)])
    columns = _columns(tables["tasks"])
    assert columns["parent_task_id"]["type"] == "uuid" and columns["label"]["type"] == "text"
    assert {(fk["columns"][0], fk["ref_table"]) for fk in tables["tasks"]["foreign_keys"]} == {
        ("parent_task_id", "tasks")}


def test_records_served_as_a_map_keyed_by_ids_are_rows_of_their_table(tmp_path: Path) -> None:
    """``{flow_id: its next run}`` answers runs of ``runs``: one table."""
    runs = [{"id": f"run{i}", "flow_id": f"fl{i}", "name": f"n{i}", "state": "late"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("POST", f"{API}/runs/filter", runs),
        ("POST", f"{API}/ui/flows/next-runs", {"5e8383ad-f365-4c4c-86f4-0869a62eb482": runs[0]}),
    ])
    assert set(tables) == {"runs"}
