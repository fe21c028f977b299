"""Seeds a Prefect server through Prefect's own library: flows run locally against the server's
API (flow runs, task runs, logs, artifacts), plus deployments, a work pool, variables, a block,
tags and a concurrency limit. Run with the prefect environment's Python and PREFECT_API_URL set.
"""

from __future__ import annotations

import asyncio
import sys

from prefect import flow, get_client, tags, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.blocks.core import Block
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.logging import get_run_logger
from prefect.variables import Variable


class WarehouseConfig(Block):
    """Connection settings of the warehouse, stored as a block document."""

    hosts: list[str]
    port: int
    database: str


@task(retries=1, retry_delay_seconds=0)
def extract(source: str, rows: int) -> list[dict[str, object]]:
    get_run_logger().info("extracting %d rows from %s", rows, source)
    return [{"id": i, "source": source, "amount": round(i * 3.7, 2)} for i in range(rows)]


@task
def transform(records: list[dict[str, object]]) -> float:
    total = sum(float(str(r["amount"])) for r in records)
    get_run_logger().info("total amount %.2f", total)
    return total


@task
def load(total: float, target: str) -> str:
    if target == "warehouse-eu" and total > 500:
        raise ValueError("warehouse-eu refused the batch: quota exceeded")
    return f"{target}:{total:.2f}"


@flow(name="daily-sales-etl", log_prints=True)
def sales_etl(source: str = "shop-db", rows: int = 12, target: str = "warehouse-us") -> str:
    records = extract(source, rows)
    total = transform(records)
    create_table_artifact(key="sales-summary", table=[{"source": source, "rows": rows, "total": total}],
                          description="Rows and totals per run")
    return load(total, target)


@flow(name="model-retraining")
def retrain(model: str = "churn-xgb", epochs: int = 3) -> float:
    score = 0.0
    for epoch in range(epochs):
        score = transform([{"amount": 0.1 * (epoch + 1)}])
    create_markdown_artifact(key=f"{model}-report", markdown=f"# {model}\n\nfinal score: **{score:.3f}**",
                             description="Training report")
    return score


@flow(name="nightly-backup")
def backup(bucket: str = "backups-primary") -> int:
    print(f"backing up to {bucket}")
    return 42


async def configure() -> None:
    async with get_client() as client:
        pools = [p.name for p in await client.read_work_pools()]
        for name, kind in (("etl-pool", "process"), ("gpu-pool", "process")):
            if name not in pools:
                await client.create_work_pool(WorkPoolCreate(name=name, type=kind,
                                                             description=f"{name} for scheduled jobs"))
        await client.create_concurrency_limit(tag="warehouse", concurrency_limit=3)
        for fn, pool, _cron in ((sales_etl, "etl-pool", "0 6 * * *"), (retrain, "gpu-pool", "0 2 * * 1"),
                               (backup, "etl-pool", "30 1 * * *")):
            flow_id = await client.create_flow(fn)
            await client.create_deployment(flow_id=flow_id, name=f"{fn.name}-prod", work_pool_name=pool,
                                           tags=["prod"], description=f"{fn.name} in production",
                                           parameters={}, entrypoint=f"flows.py:{fn.fn.__name__}",
                                           schedules=[], paused=False)
        deployments = await client.read_deployments()
        for deployment in deployments[:2]:
            await client.create_flow_run_from_deployment(deployment.id, tags=["scheduled"])


def main() -> None:
    Variable.set("warehouse_region", "us-east-1", overwrite=True)
    Variable.set("retrain_threshold", 0.82, overwrite=True)
    Variable.set("alert_channels", ["#data-alerts", "#ml-ops"], overwrite=True)
    WarehouseConfig(hosts=["db1.internal", "db2.internal"], port=5432, database="sales").save(
        "warehouse-us", overwrite=True)
    WarehouseConfig(hosts=["eu-db1.internal"], port=6432, database="sales_eu").save("warehouse-eu", overwrite=True)
    with tags("sales", "daily"):
        for source, rows, target in (("shop-db", 12, "warehouse-us"), ("pos-db", 40, "warehouse-eu"),
                                     ("crm-db", 7, "warehouse-us")):
            sales_etl(source, rows, target, return_state=True)
    with tags("ml"):
        retrain("churn-xgb", 3)
        retrain("ltv-forecast", 2)
    backup()
    asyncio.run(configure())


if __name__ == "__main__":
    sys.exit(main())
