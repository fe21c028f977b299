"""``wiretable eval``: score inference against ground truths, one case or a folder of cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kernel.errors import WiretableError


def eval_(
    traffic: Annotated[Path, typer.Argument(
        help="Captured traffic (a .har or .jsonl file), or a folder of cases to score them all.")],
    truth: Annotated[Path | None, typer.Argument(
        help="The ground-truth schema document (*.truth.json); not with a folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Infer from TRAFFIC and score the result against TRUTH (precision, recall, F1, accuracy).

    With a folder, every case in it is scored (<case>/traffic.har or traffic.jsonl with
    <case>/truth.json, or <name>.har with <name>.truth.json) and a table with the mean is printed;
    a case from which nothing is inferred counts as an empty schema (zeros, with the reason); the
    exit code is 1 when a case cannot be read.
    """
    from jobs.evaluating import evaluate_case, evaluate_folder, format_case_table, format_report, mean_figures

    try:
        if traffic.is_dir():
            if truth is not None:
                raise typer.BadParameter("a folder of cases takes no TRUTH argument")
            results = evaluate_folder(traffic)
            if as_json:
                typer.echo(json.dumps({"cases": results, "mean": mean_figures(results)}, indent=2))
            else:
                typer.echo(format_case_table(results).rstrip("\n"))
            if any("error" in f for f in results.values()):
                raise typer.Exit(1)
            return
        if truth is None:
            raise typer.BadParameter("TRUTH is required with a single capture file")
        figures = evaluate_case(traffic, truth)
    except WiretableError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(figures, indent=2) if as_json else format_report(figures).rstrip("\n"))
