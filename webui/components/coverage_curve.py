"""The explorer's coverage while it runs: kinds of pages visited and API endpoints seen over time.

Fed by the ``coverage`` list that capture progress events carry (``[seconds, route templates,
API endpoint templates]`` points); hidden until the first point arrives, redrawn only on change.
The chart is created with the first point: a job page that never gets one (a HAR import, a job
opened after its capture) never loads the charting library, whose start-up alone is a long task.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui


class CoverageCurve:
    def __init__(self) -> None:
        self._last: list[Any] | None = None
        self.chart: ui.echart | None = None
        with ui.column().classes("w-full gap-1") as self.box:
            self.line = ui.label("").classes("text-sm text-slate-600").mark("coverage_line")
        self.box.visible = False

    def _make_chart(self) -> ui.echart:
        with self.box:
            return ui.echart({
                "animation": False,
                "grid": {"left": 40, "right": 16, "top": 24, "bottom": 28},
                "legend": {"data": ["kinds of pages", "API endpoints"], "top": 0},
                "xAxis": {"type": "value", "name": "s", "min": 0},
                "yAxis": {"type": "value", "minInterval": 1},
                "series": [
                    {"name": "kinds of pages", "type": "line", "step": "end", "showSymbol": False, "data": []},
                    {"name": "API endpoints", "type": "line", "step": "end", "showSymbol": False, "data": []},
                ],
            }).classes("w-full h-40").mark("coverage_chart")

    def update(self, points: list[Any] | None) -> None:
        if not points or points == self._last:
            return
        self._last = points
        self.box.visible = True
        if self.chart is None:
            self.chart = self._make_chart()
        seconds, routes, apis = points[-1]
        self.line.text = f"reached {routes} kinds of pages and {apis} API endpoints in {seconds:.0f} s"
        self.chart.options["series"][0]["data"] = [[p[0], p[1]] for p in points]
        self.chart.options["series"][1]["data"] = [[p[0], p[2]] for p in points]
        self.chart.update()
