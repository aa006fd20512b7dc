"""Load an essay in a child process while the parent starts the UI.

``lecteur PATH`` forks at once: the child reads, parses and splits the essay while the
parent imports Textual, which takes about as long. Then the child sends, in order:

- ``("essay", Essay)``: the essay to paint first (the head of a big one);
- ``("essay", Essay)`` again with the whole essay, if the first was a head;
- ``("glossary", Glossary, occurrences)`` or ``("glossary-error", message)``.

Messages are pickled through a pipe. On a 2-core machine this takes the model's work
off the first paint, and off the event loop's core for a big book.

Where ``os.fork`` does not exist, or the child fails in any way, the parent loads the
essay itself: the result is the same, only slower. No Textual here.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
from collections.abc import Iterator
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


def glossary_message(essay: Essay) -> tuple[object, ...]:
    """Load the glossary files for an essay and match them: a loader message."""
    from lecteur.essay import bundled_dir
    from lecteur.glossary import GlossaryError, Matcher, glossary_paths_for, load_glossary

    try:
        glossary = load_glossary(glossary_paths_for(essay.path, bundled_dir()))
    except GlossaryError as error:
        return ("glossary-error", str(error))
    return ("glossary", glossary, Matcher(glossary).find(essay.texts()))


def _child(fd: int, path: Path, head: int, go_fd: int = -1) -> None:
    """Runs in the child: the essay (head first if big), then the rest and its glossary.

    The rest waits for the parent's "go" (sent once its first frame is out), so that on a
    2-core machine it never competes with the first paint.
    """
    try:
        essay = load_essay(path, head=head)
        _send(fd, ("essay", essay))
        if go_fd >= 0:
            os.read(go_fd, 1)  # b"" if the parent closed the pipe: go on anyway
        if not essay.complete:
            essay = load_essay(path)
            _send(fd, ("essay", essay))
        _send(fd, glossary_message(essay))
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
        self.go_fd = -1
        self._done = False
        if not hasattr(os, "fork"):
            return
        read_fd, write_fd = os.pipe()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child process
            os.close(read_fd)
            os.close(go_write)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child(write_fd, path, head, go_read)
            finally:
                os._exit(0)
        os.close(write_fd)
        os.close(go_read)
        self.pid, self.fd, self.go_fd = pid, read_fd, go_write

    def first(self) -> Essay:
        """The essay to paint first (its head if big). Raises EssayError for bad input."""
        message = self._next()
        if message is None:
            self.close()
            return load_essay(self.path, head=self.head)
        return self._essay(message)

    def go(self) -> None:
        """Let the child go on with the rest of the work (after the first paint)."""
        if self.go_fd >= 0:
            try:
                os.write(self.go_fd, b"g")
            except OSError:
                pass
            os.close(self.go_fd)
            self.go_fd = -1

    def messages(self) -> Iterator[tuple[object, ...]]:
        """What the child sends after :meth:`first` (blocks; iterate off the event loop).

        Sends "go" first. Ends when the child is done or failed; the caller loads
        whatever is missing.
        """
        self.go()
        while (message := self._next()) is not None:
            if message[0] == "error":
                break
            yield message
        self.close()

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
        if self.go_fd >= 0:
            os.close(self.go_fd)
            self.go_fd = -1
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
