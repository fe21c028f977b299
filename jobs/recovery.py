"""What can be done with a job that did not finish (failed, cancelled, or cut off by a restart):
infer the schema from what it captured, retry it as a new job, or delete it with its files."""

from __future__ import annotations

import logging
import shutil
import threading
import traceback
from pathlib import Path

from jobs.model import Job, JobStatus
from jobs.runner import JobRunner
from kernel.errors import JobError, WiretableError

log = logging.getLogger("wiretable.jobs")
ENDED = (JobStatus.FAILED, JobStatus.CANCELLED)


def captured(job: Job) -> Path | None:
    """The job's captured traffic, when there is some on disk."""
    path = job.artifacts.get("traffic")
    if not path or not Path(path).is_file() or Path(path).stat().st_size == 0:
        return None
    return Path(path)


def infer_captured(runner: JobRunner, job_id: str) -> threading.Thread:
    """Infer the schema of an ended job from the traffic it captured, in a worker thread."""
    job = runner.store.get_job(job_id)
    if job.status not in ENDED:
        raise JobError(f"job {job_id} is {job.status.value}: only a failed or cancelled job is inferred again",
                       job_id=job_id)
    traffic = captured(job)
    if traffic is None:
        raise JobError(f"job {job_id} captured nothing to infer from", job_id=job_id)

    def work() -> None:
        try:
            runner._infer(job, traffic)
        except WiretableError as exc:
            runner._fail(job_id, str(exc))
        except Exception as exc:  # an internal bug: the details go to the log
            log.error("job %s failed: %s", job_id, traceback.format_exc())
            runner._fail(job_id, f"internal error ({type(exc).__name__}): {exc}; see the wiretable log")

    runner.store.set_status(job_id, JobStatus.INFERRING, "inferring from what was captured")
    thread = threading.Thread(target=work, name=f"job-{job_id}-infer", daemon=True)
    thread.start()
    return thread


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
    with runner.store._connect() as conn:
        conn.execute("DELETE FROM wiretable_jobs WHERE id = %s", (job_id,))
    shutil.rmtree(folder, ignore_errors=True)
