"""Standard output that fails cleanly: `rectxl status … > /dev/full` (a full disk, a full quota,
a pipe closed by the reader) ends with one Chinese line on stderr and exit 2, not a traceback or
a bug's exit 3.

Every write and flush of the command's output goes through `Guarded`; the first one the system
refuses points descriptor 1 at the null device (so that the interpreter's own flush at exit, which
would meet the same refusal, has nowhere to fail) and raises OutputFailed, which the app maps; so
does every later write, so that a caller swallowing the first one (click probes a stream by
writing to it) can't carry on printing into nothing.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from rectxl.errors import OutputFailed, os_reason


class Guarded:
    """A text stream passing everything to `stream`, but a refused write or flush as OutputFailed."""

    def __init__(self, stream: Any):
        self._stream = stream
        self._refusal: OutputFailed | None = None

    def write(self, text: str) -> int:
        if self._refusal is not None:
            raise self._refusal
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._refusal is not None:
            raise self._refusal
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _failed(self, exc: OSError) -> OutputFailed:
        _silence(self._stream)
        zh, en = os_reason(exc)
        closed = exc.errno == errno.EPIPE
        self._refusal = OutputFailed(
            f"无法写出结果（标准输出）：{zh}。" + ("" if closed else "请腾出空间或把输出保存到别处。"),
            f"Cannot write the output (standard output): {en}." + ("" if closed else " Free some space or send it elsewhere."))
        return self._refusal


def _silence(stream: Any) -> None:
    """Point the stream's descriptor at the null device: what is still buffered goes nowhere."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        return
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def guard() -> None:
    """Route the process's standard output through Guarded (once)."""
    if not isinstance(sys.stdout, Guarded) and sys.stdout is not None:
        sys.stdout = Guarded(sys.stdout)


def release() -> None:
    """Standard output as it was before guard() (after a refusal: the null device), so that the
    flushes at the end of the process meet no refusal."""
    if isinstance(sys.stdout, Guarded):
        sys.stdout = sys.stdout._stream
