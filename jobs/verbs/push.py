"""Push: apply a schema to a target in one transaction, optionally with sample data, then check
the new tables over Supabase's REST API when it is configured.

Sample data are the captured records shaped to the schema as edited (:mod:`jobs.sample_records`);
they are loaded only into the tables the push creates, in the push's transaction. Rows that cannot
be stored are skipped, never failing the push: the result counts them per table with a reason
(``PushResult.skipped_rows``), those left out while shaping the records included.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jobs.sample_records import SampleRecords, sample_records
from jobs.verbs.infer import read_traffic
from kernel.errors import SchemaError
from kernel.schema import Schema
from sql.apply import PushResult, verify_rest
from sql.apply import push as apply_push
from sql.migrate import SupabaseSettings, Target
from sql.seed import Records, SeedReport, data_report, report_lines

__all__ = ["PushOutcome", "PushResult", "SampleRecords", "push", "read_records", "sample_from_traffic"]


@dataclass(frozen=True)
class PushOutcome:
    """What a push did, and with sample data the rows loaded and skipped per table."""

    schema: Schema
    result: PushResult
    sample: SampleRecords | None = None
    report: SeedReport | None = None

    def data_lines(self) -> list[str]:
        """The per-table sample-data lines the CLI prints (none without records to load)."""
        if self.report is None:
            return []
        return report_lines(self.report, self.result.created_tables, dry_run=self.result.dry_run)

    def rest_lines(self) -> list[str]:
        return [f"REST {c.table}: {'ok' if c.ok else 'FAILED'} — {c.message}" for c in self.result.rest_checks]


def read_records(path: Path) -> dict[str, list[dict[str, object]]]:
    """A JSON file ``{table: [record, …]}`` of rows to load into the tables a push creates."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError(f"cannot read records from {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in data.values()
    ):
        raise SchemaError(f"{path}: records must be a JSON object {{table: [record, …]}}")
    return data


def sample_from_traffic(traffic: Path, schema: Schema, limit: int) -> SampleRecords:
    """The captured records of a capture file shaped for ``schema``; HAR files are read redacted."""
    return sample_records(read_traffic(traffic), schema, limit_per_table=limit)


def push(schema: Schema, target: Target, supa: SupabaseSettings, *, applied_by: str, dry_run: bool = False,
         allow_destructive: bool = False, detect_renames: bool = True, records: Records | None = None,
         sample: SampleRecords | None = None, lock_timeout: float = 60.0, statement_timeout: float = 600.0,
         on_wait: Callable[[str], None] | None = None, cancel: threading.Event | None = None) -> PushOutcome:
    """Apply ``schema`` to ``target`` (see :func:`sql.apply.push`) with ``records`` or ``sample``'s
    records, then run the REST check. With records, the result counts the rows loaded and skipped
    per table (``seeded``) and says why rows were skipped (``skipped_rows``), rows of the sample
    whose values did not fit included. ``cancel`` interrupts the push (see
    :func:`sql.apply.push`); the REST check runs only after a push committed."""
    rows = sample.records if sample is not None else records
    result = apply_push(schema, target, dry_run=dry_run, allow_destructive=allow_destructive,
                        detect_renames=detect_renames, applied_by=applied_by, records=rows,
                        lock_timeout=lock_timeout, statement_timeout=statement_timeout, on_wait=on_wait,
                        cancel=cancel)
    result = verify_rest(result, supa)
    if rows is None:
        return PushOutcome(schema, result)
    dropped = sample.why if sample is not None else {}
    if result.seed is not None:  # what the load stored and skipped
        report = result.seed.add_skipped(dropped)
        result = result.with_seed(report)
    else:  # a dry run, or a push that created no table: what a load would do
        report = data_report(schema, rows, result.created_tables, dropped)
    return PushOutcome(schema, result, sample, report)
