"""Load an essay in a child process while the parent starts the UI.

``lecteur PATH`` forks at once: the child reads, parses and splits the essay (the head
of a big one first, then the whole) while the parent imports Textual, which takes about
as long. The essays come back pickled through a pipe. On a 2-core machine this takes the
model's work off the first paint, and off the event loop's core for a big book.

Where ``os.fork`` does not exist, or the child fails in any way, the parent loads the
essay itself: the result is the same, only slower. No Textual here.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
from pathlib import Path

from lecteur.essay import Essay, EssayError, load_essay

_HEADER = struct.Struct("!Q")


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int) -> object | None:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _child(fd: int, path: Path, head: int) -> None:
    """Runs in the child: send the head (or the whole essay), then the whole."""
    try:
        essay = load_essay(path, head=head)
        _send(fd, ("essay", essay))
        if not essay.complete:
            _send(fd, ("essay", load_essay(path)))
    except EssayError as error:
        _send(fd, ("error", error.file, error.message))
    except BaseException as error:  # noqa: BLE001 - the parent falls back, never a traceback
        _send(fd, ("failed", repr(error)))


class Prefetch:
    """An essay being loaded in a child process (or, failing that, here)."""

    def __init__(self, path: Path, *, head: int) -> None:
        self.path = path
        self.head = head
        self.pid = 0
        self.fd = -1
        self._done = False
        if not hasattr(os, "fork"):
            return
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child process
            os.close(read_fd)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child(write_fd, path, head)
            finally:
                os._exit(0)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def first(self) -> Essay:
        """The essay to paint first (its head if big). Raises EssayError for bad input."""
        message = self._next()
        if message is None:
            self.close()
            return load_essay(self.path, head=self.head)
        return self._essay(message)

    def rest(self) -> Essay:
        """The whole essay, after :meth:`first` returned a head (blocks; call off the loop)."""
        message = self._next()
        self.close()
        if message is None:
            return load_essay(self.path)
        return self._essay(message)

    def _next(self) -> tuple[object, ...] | None:
        if self.fd < 0:
            return None
        try:
            message = _receive(self.fd)
        except (OSError, EOFError, pickle.UnpicklingError):
            message = None
        if not isinstance(message, tuple) or message[0] == "failed":
            return None
        return message

    def _essay(self, message: tuple[object, ...]) -> Essay:
        if message[0] == "error":
            self.close()
            raise EssayError(str(message[1]), str(message[2]))
        essay = message[1]
        if not isinstance(essay, Essay):  # pragma: no cover - defensive
            return load_essay(self.path, head=self.head)
        return essay

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        if self._done:
            return
        self._done = True
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0
