"""Pagefind's indexing service (`pagefind --service`), spoken to directly.

The `pagefind` package's own Python client waits 0.1 s before reading each answer, so it adds records
at ten a second; this one reads each answer as soon as it comes. The protocol is the package's: each
message is base64 of JSON, followed by a comma, both ways.
"""
from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path


class PagefindFailed(Exception):
    """The service could not be started, or refused a request (the message says why)."""


class PagefindService:
    """One `pagefind --service` process, indexing one bundle at a time (its memory is freed after each)."""

    def __init__(self):
        from pagefind.service import get_executable  # (the extended binary: it segments Chinese)

        executable = get_executable()
        if executable is None:
            raise PagefindFailed("the pagefind binary is missing")
        try:
            self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as error:
            raise PagefindFailed(str(error)) from None
        self._pending = b""
        self._next_id = 0

    def write_bundle(self, records: list[dict], language: str, output_path: Path) -> None:
        """Index records (url, content, meta) and write the bundle into output_path."""
        index = self._ask({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        # One record at a time: the service handles requests concurrently, and the order in which
        # records arrive is the order of the pages in the bundle (its bytes).
        for record in records:
            self._ask({"type": "AddRecord", "index_id": index, "language": language, **record})
        # The files come back in the answer and are written here: the service's own writing may
        # leave a file unfinished when it exits (its last writes are not flushed).
        files = self._ask({"type": "GetFiles", "index_id": index})["files"]
        for file in files:
            relative = Path(file["path"])
            if relative.is_absolute() or ".." in relative.parts:
                raise PagefindFailed(f"the pagefind service named a file outside its bundle: {file['path']}")
            target = output_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
        self._ask({"type": "DeleteIndex", "index_id": index})

    def close(self) -> None:
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _ask(self, payload: dict) -> dict:
        self._next_id += 1
        try:
            self._process.stdin.write(_encode(self._next_id, payload))
            self._process.stdin.flush()
        except OSError:
            raise PagefindFailed("the pagefind service stopped") from None
        return self._answer()

    def _answer(self) -> dict:
        """The next answer's payload; PagefindFailed if it is an error."""
        while b"," not in self._pending:
            chunk = self._process.stdout.read1(1 << 20)
            if not chunk:
                raise PagefindFailed("the pagefind service stopped")
            self._pending += chunk
        message, _, self._pending = self._pending.partition(b",")
        payload = (json.loads(base64.b64decode(message)) or {}).get("payload") or {}
        if payload.get("type") == "Error":
            raise PagefindFailed(str(payload.get("message")))
        return payload


def _encode(number: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8")) + b","
