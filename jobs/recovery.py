"""What can be done with a job that did not finish (failed, cancelled, or cut off by a restart):
infer the schema from what it captured, retry it as a new job, or delete it with its files."""

from __future__ import annotations

import shutil
from pathlib import Path

from jobs.model import Job
from jobs.reinferring import CAPTURED, ENDED, begin
from jobs.runner import JobRunner
from kernel.errors import JobError


def infer_captured(runner: JobRunner, job_id: str) -> str:
    """Infer the schema of an ended job from the traffic it captured, on a worker of the task queue
    or in a thread of this process (``jobs.reinferring``); returns at once with the run's id. The
    job is ``inferring`` meanwhile (``runner.wait`` waits for it) and ends ready, or failed again."""
    return begin(runner, job_id, CAPTURED).run


def retry(runner: JobRunner, job_id: str) -> Job:
    """Start the ended job again, as a new job with the same target and options."""
    job = runner.store.get_job(job_id)
    if job.status not in ENDED:
        raise JobError(f"job {job_id} is {job.status.value}: only a failed or cancelled job is retried",
                       job_id=job_id)
    if job.mode == "har":
        har = job.artifacts.get("har")
        if not har or not Path(har).is_file():
            raise JobError("the HAR file of this job is gone: import it again", job_id=job_id)
        return runner.start_har(Path(har), job.target_url, job.options)
    if job.mode == "manual":
        url = None if job.target_url == "manual capture" else job.target_url
        return runner.start_manual(url, job.options)
    return runner.start_capture(job.target_url, job.options)


def delete_job(runner: JobRunner, job_id: str) -> None:
    """Delete an ended job, its events, versions and drafts, and its folder of files."""
    job = runner.store.get_job(job_id)
    if job.status.running:
        raise JobError(f"job {job_id} is {job.status.value}: cancel it before deleting it", job_id=job_id)
    folder = runner.job_dir(job_id)
    runner.store.delete_job(job_id)
    shutil.rmtree(folder, ignore_errors=True)
