"""Uploaded HAR files: a size cap, a unique name, and no raw copy kept past the import.

An upload is streamed to a private file in the uploads folder under a unique name, refused with a
clear error once it passes the cap, and handed to a HAR job. The job imports it through the HAR
reader (which redacts every exchange) into the job's ``traffic.jsonl`` and then deletes the raw
upload, so no secret of the upload stays on disk.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import AsyncIterable, Iterable
from pathlib import Path

from kernel.errors import CaptureError

__all__ = ["UploadTooLarge", "discard_upload", "is_upload", "save_upload", "save_upload_async", "upload_path"]


class UploadTooLarge(CaptureError):
    """The upload passed the size cap; nothing of it is kept."""


def upload_path(uploads: Path, name: str) -> Path:
    """A unique path in ``uploads`` for a file called ``name`` (two uploads never share one)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name)[-80:].lstrip(".") or "upload.har"
    return uploads / f"{uuid.uuid4().hex[:12]}-{safe}"


def _open(uploads: Path, name: str) -> tuple[Path, int]:
    uploads.mkdir(parents=True, exist_ok=True)
    path = upload_path(uploads, name)
    return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def _too_large(path: Path, fd: int, name: str, max_bytes: int) -> UploadTooLarge:
    os.close(fd)
    path.unlink(missing_ok=True)
    return UploadTooLarge(f"{name} is larger than the upload limit of {max_bytes / 1e6:g} MB "
                          "(WIRETABLE_UPLOAD_MAX_BYTES); import it with `wiretable infer` instead")


def save_upload(uploads: Path, name: str, chunks: Iterable[bytes], max_bytes: int) -> Path:
    """Write ``chunks`` to a new private file; raise UploadTooLarge (keeping nothing) past ``max_bytes``."""
    path, fd = _open(uploads, name)
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(path, fd, name, max_bytes)
        os.write(fd, chunk)
    os.close(fd)
    return path


async def save_upload_async(uploads: Path, name: str, chunks: AsyncIterable[bytes], max_bytes: int) -> Path:
    """:func:`save_upload` for an upload that arrives as an async stream (the web page's)."""
    path, fd = _open(uploads, name)
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(path, fd, name, max_bytes)
        os.write(fd, chunk)
    os.close(fd)
    return path


def is_upload(path: Path, uploads: Path) -> bool:
    return path.resolve().parent == uploads.resolve()


def discard_upload(path: Path, uploads: Path) -> bool:
    """Delete a raw upload once its redacted exchanges are imported; files elsewhere are left alone."""
    if is_upload(path, uploads):
        path.unlink(missing_ok=True)
        return True
    return False
