"""Accuracy of an inferred schema against a ground truth, as the evaluation set measures it.

Same metrics as ``shared/eval/score.py``: tables are matched one-to-one by the Jaccard overlap of
their normalised column names; columns, types, nullability and primary keys are compared within
matched tables; foreign keys are compared as (child table, parent table) pairs through the
matching. Both arguments are schema documents as plain dicts (``Schema.model_dump(mode="json")``).
"""

from __future__ import annotations

import re
from typing import Any

_FAMILIES = {
    "int": {"smallint", "integer", "int", "int2", "int4", "int8", "bigint", "serial", "bigserial", "smallserial"},
    "num": {"numeric", "decimal", "real", "double precision", "float", "float4", "float8", "double", "money"},
    "text": {"text", "varchar", "character varying", "char", "character", "citext", "string", "bpchar"},
    "bool": {"boolean", "bool"},
    "uuid": {"uuid"},
    "ts": {"timestamptz", "timestamp", "timestamp with time zone", "timestamp without time zone", "datetime"},
    "date": {"date"},
    "time": {"time", "timetz", "time with time zone", "time without time zone"},
    "json": {"json", "jsonb"},
}
MATCH_THRESHOLD = 0.34


def _norm(name: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def type_family(column: dict[str, Any]) -> str:
    t = str(column.get("type") or "").split("|")[0].strip().lower()
    if t.endswith("[]") or t.startswith("array") or t.startswith("_"):
        inner = re.sub(r"^array<|>$|\[\]$|^_", "", t)
        return "array:" + type_family({"type": inner})
    base = re.sub(r"\s*\(.*\)$", "", t)
    for fam, names in _FAMILIES.items():
        if base in names:
            return fam
    if column.get("enum"):
        return "text"
    return "other:" + base


def _columns(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {_norm(c["name"]): c for c in table.get("columns", [])}


def match_tables(truth: list[dict[str, Any]], inferred: list[dict[str, Any]]) -> dict[int, int]:
    """Greedy one-to-one assignment by column-name Jaccard overlap (name similarity breaks ties)."""
    pairs = []
    for i, tt in enumerate(truth):
        tc = set(_columns(tt))
        for j, it in enumerate(inferred):
            ic = set(_columns(it))
            jaccard = len(tc & ic) / max(1, len(tc | ic))
            a, b = _norm(tt["name"]), _norm(it["name"])
            pairs.append((jaccard + (0.01 if a in b or b in a else 0), i, j))
    pairs.sort(reverse=True)
    used_t: set[int] = set()
    used_i: set[int] = set()
    matched: dict[int, int] = {}
    for s, i, j in pairs:
        if s >= MATCH_THRESHOLD and i not in used_t and j not in used_i:
            matched[i] = j
            used_t.add(i)
            used_i.add(j)
    return matched


def _f1(tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_true else 0.0)
    r = tp / n_true if n_true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(truth: dict[str, Any], inferred: dict[str, Any]) -> dict[str, Any]:
    """Precision/recall/F1 for tables, columns and FKs; accuracy for types, nullability and PKs."""
    t_tables, i_tables = truth["tables"], inferred.get("tables", [])
    m = match_tables(t_tables, i_tables)
    n_true_cols = sum(len(t["columns"]) for t in t_tables)
    n_inf_cols = sum(len(t.get("columns", [])) for t in i_tables)
    col_tp = type_ok = null_ok = pk_ok = pk_n = 0
    for i, j in m.items():
        tc, ic = _columns(t_tables[i]), _columns(i_tables[j])
        for k in tc.keys() & ic.keys():
            col_tp += 1
            accepted = {type_family(dict(tc[k], type=t)) for t in str(tc[k]["type"]).split("|")}
            type_ok += type_family(ic[k]) in accepted
            null_ok += bool(tc[k].get("nullable")) == bool(ic[k].get("nullable", True))
        if t_tables[i].get("primary_key"):
            pk_n += 1
            want = {_norm(c) for c in t_tables[i]["primary_key"]}
            pk_ok += want == {_norm(c) for c in (i_tables[j].get("primary_key") or [])}
    name_of = {i: i_tables[j]["name"] for i, j in m.items()}
    index_of: dict[str, int] = {}
    for i, t in enumerate(t_tables):
        index_of.setdefault(t["name"], i)
    truth_fk = {(name_of.get(i), name_of.get(index_of[fk["ref_table"]]))
                for i, t in enumerate(t_tables) for fk in t["foreign_keys"]}
    inf_fk = {(t["name"], fk.get("ref_table")) for t in i_tables for fk in t.get("foreign_keys", [])}
    fk_tp = len({p for p in truth_fk if None not in p} & inf_fk)
    tp_, tr_, tf_ = _f1(len(m), len(i_tables), len(t_tables))
    cp, cr, cf = _f1(col_tp, n_inf_cols, n_true_cols)
    fp_, fr_, ff_ = _f1(fk_tp, len(inf_fk), len(truth_fk))
    return {
        "tables_p": tp_, "tables_r": tr_, "tables_f1": tf_, "cols_p": cp, "cols_r": cr, "cols_f1": cf,
        "type_acc": type_ok / col_tp if col_tp else 0.0, "null_acc": null_ok / col_tp if col_tp else 0.0,
        "pk_acc": pk_ok / pk_n if pk_n else 1.0, "fk_p": fp_, "fk_r": fr_, "fk_f1": ff_,
        "n_tables_true": len(t_tables), "n_tables_inferred": len(i_tables),
    }


#: The figures a report shows, in order: (key in :func:`score`'s result, label).
REPORT_ROWS = (
    ("tables", "tables"), ("cols", "columns"), ("fk", "foreign keys"),
)
REPORT_ACCURACY = (("type_acc", "types"), ("null_acc", "nullability"), ("pk_acc", "primary keys"))


def format_report(figures: dict[str, Any]) -> str:
    """A small aligned text table of :func:`score`'s figures."""
    lines = [f"{'':<14}{'precision':>10}{'recall':>8}{'F1':>7}"]
    for key, label in REPORT_ROWS:
        lines.append(f"{label:<14}{figures[key + '_p']:>10.3f}{figures[key + '_r']:>8.3f}{figures[key + '_f1']:>7.3f}")
    lines.append(f"{'':<14}{'accuracy':>10}")
    for key, label in REPORT_ACCURACY:
        lines.append(f"{label:<14}{figures[key]:>10.3f}")
    lines.append(f"tables: {figures['n_tables_inferred']} inferred, {figures['n_tables_true']} in the truth")
    return "\n".join(lines) + "\n"


def load_truth(text: str, name: str = "truth") -> dict[str, Any]:
    """Parse and check a truth document; ValueError names what is wrong."""
    import json

    try:
        doc: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    tables = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(tables, list) or not all(
        isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("columns"), list)
        and all(isinstance(c, dict) and "name" in c for c in t["columns"]) for t in tables
    ):
        raise ValueError(f"{name} is not a schema document (needs tables with a name and columns)")
    for table in tables:
        table.setdefault("foreign_keys", [])
        known = {t["name"] for t in tables}
        for fk in table["foreign_keys"]:
            if not isinstance(fk, dict) or fk.get("ref_table") not in known:
                raise ValueError(f"{name}: table {table['name']!r} has a foreign key to an unknown table")
    return doc


#: The per-case columns of a folder evaluation, in order.
CASE_COLUMNS = ("tables_f1", "cols_f1", "type_acc", "null_acc", "pk_acc", "fk_f1")


def mean_figures(results: dict[str, dict[str, Any]]) -> dict[str, float]:
    """The mean of each of :data:`CASE_COLUMNS` over the cases that were scored (errors left out)."""
    scored = [f for f in results.values() if "error" not in f]
    return {c: sum(f[c] for f in scored) / len(scored) for c in CASE_COLUMNS} if scored else {}


def format_case_table(results: dict[str, dict[str, Any]]) -> str:
    """One line per case (its figures or its error) and a last line with the mean."""
    width = max([len("case"), len("mean"), *map(len, results)])
    lines = [f"{'case':<{width}}  " + "  ".join(f"{c:>9}" for c in CASE_COLUMNS)]
    for case, figures in results.items():
        if "error" in figures:
            lines.append(f"{case:<{width}}  error: {figures['error']}")
        else:
            note = f"  (nothing inferred: {figures['nothing_inferred']})" if "nothing_inferred" in figures else ""
            lines.append(f"{case:<{width}}  " + "  ".join(f"{figures[c]:>9.3f}" for c in CASE_COLUMNS) + note)
    mean = mean_figures(results)
    if mean:
        lines.append(f"{'mean':<{width}}  " + "  ".join(f"{mean[c]:>9.3f}" for c in CASE_COLUMNS))
    return "\n".join(lines) + "\n"
