"""Load an essay in a child process while the parent starts the UI.

``lecteur PATH`` forks at once: the child reads, parses and splits the essay while the
parent imports Textual, which takes about as long. The loading sequence is one
generator, :func:`load_steps`; it yields, in order:

- :class:`EssayReady` with the essay to paint first (the head of a big one);
- :class:`EssayReady` again with the whole essay, if the first was a head;
- :class:`GlossaryReady` with the matched glossary, or :class:`GlossaryProblem`.

The child runs it and sends each message, pickled, through a pipe; where ``os.fork``
does not exist, or the child dies, the parent runs the rest of the same generator itself:
the result is the same, only slower. On a 2-core machine the child takes the model's work
off the first paint, and off the event loop's core for a big book. No Textual here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import signal
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lecteur.essay import Essay, EssayError
from lecteur.library import open_essay

if TYPE_CHECKING:
    from lecteur.glossary import Glossary, HeadingOccurrence, Occurrence


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class EssayReady:
    """The essay to show: its head (``essay.complete`` is False), then the whole."""

    essay: Essay


@dataclass(frozen=True, slots=True)
class GlossaryReady:
    """The glossary files of the essay, loaded, and every occurrence of their terms."""

    glossary: Glossary
    occurrences: list[Occurrence]
    #: Occurrences in headings (``essay.blocks[h.block]``), in reading order.
    headings: list[HeadingOccurrence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GlossaryProblem:
    """Some glossary file is broken: ``message`` says which and why, one line per file.

    The essay reads on. The other files were loaded and matched without the broken ones:
    ``glossary``, ``occurrences`` and ``headings`` carry that result (``glossary`` is
    None only when the loading itself failed).
    """

    message: str
    glossary: Glossary | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    headings: list[HeadingOccurrence] = field(default_factory=list)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Each broken file, as ``file:line: why; file ignored``."""
        return tuple(self.message.splitlines())


@dataclass(frozen=True, slots=True)
class BadInput:
    """The file cannot be read as an essay (the child's :class:`EssayError`)."""

    file: str
    message: str


@dataclass(frozen=True, slots=True)
class ChildFailed:
    """The child process failed unexpectedly; the parent does the rest itself."""

    error: str


LoaderMessage = EssayReady | GlossaryReady | GlossaryProblem | BadInput | ChildFailed


# --------------------------------------------------------------------------- the steps


def glossary_step(essay: Essay) -> GlossaryReady | GlossaryProblem:
    """Load and match the glossary of an essay: a loader message.

    A broken glossary file (the reader's own, or one beside the essay) is left out and
    reported in a :class:`GlossaryProblem` that still carries the rest of the glossary.
    """
    from lecteur.glossary import GlossaryError
    from lecteur.library import open_glossary

    try:
        glossary, occurrences, headings = open_glossary(essay)
    except GlossaryError as error:
        return GlossaryProblem(str(error))
    except RecursionError:
        return GlossaryProblem("the glossary is nested too deeply (or a term is too long)")
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
        # A glossary value PyYAML or the matcher cannot take: the essay reads without it.
        return GlossaryProblem(f"the glossary cannot be loaded ({type(error).__name__})")
    except MemoryError:
        return GlossaryProblem("the glossary is too large")
    if glossary.warnings:
        return GlossaryProblem("\n".join(glossary.warnings), glossary, occurrences, headings)
    return GlossaryReady(glossary, occurrences, headings)


def rest_steps(
    essay: Essay, data: bytes | None = None
) -> Iterator[EssayReady | GlossaryReady | GlossaryProblem]:
    """What follows the first paint of ``essay``: the whole of it if it was a head, then
    its glossary. Raises :class:`EssayError` if the file went bad in between."""
    if not essay.complete:
        essay = open_essay(essay.path, data=data)
        yield EssayReady(essay)
    yield glossary_step(essay)


# --------------------------------------------------------------------------- the pipe

_HEADER = struct.Struct("!Q")


def _send(fd: int, message: LoaderMessage) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    # The header, then the pickle itself: no copy of a book's pickle to glue them.
    for view in (memoryview(_HEADER.pack(len(data))), memoryview(data)):
        while view:
            written = os.write(fd, view)
            view = view[written:]


def _read_exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes read into one buffer (no chunks joined into a second copy)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = os.readv(fd, [view[got : got + (1 << 20)]])
        if not count:
            return None
        got += count
    view.release()
    return buffer


def _receive(fd: int) -> object | None:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    if data is None:
        return None
    # Unpickling a book makes hundreds of thousands of objects, none of them garbage:
    # collections during it would only traverse them (and hold the GIL longer).
    enabled = gc.isenabled()
    gc.disable()
    try:
        message: object = pickle.loads(data)
        return message
    finally:
        if enabled:
            gc.enable()


def _child(fd: int, path: Path, head: int, go_fd: int, data: bytes | None = None) -> None:
    """Runs in the child: the first essay, then (after the parent's "go") the rest.

    The rest waits for the parent's first frame, so that on a 2-core machine it never
    competes with the first paint.
    """
    # A short-lived process that ends in os._exit: the cyclic collector would only spend
    # seconds traversing the growing model.
    gc.disable()
    try:
        essay = open_essay(path, head=head, data=data)
        _send(fd, EssayReady(essay))
        if not os.read(go_fd, 1):
            return  # the parent closed the pipe without a "go": it is quitting
        for message in rest_steps(essay, data):
            _send(fd, message)
    except EssayError as error:
        _send(fd, BadInput(error.file, error.message))
    except BaseException as error:
        _send(fd, ChildFailed(repr(error)))


# --------------------------------------------------------------------------- the loader


class Loader:
    """An essay being loaded: in a child process where ``fork`` exists, else here.

    :meth:`first` gives the essay to paint first; :meth:`rest` (blocking: iterate it off
    the event loop) gives the rest. If the child dies or stops early, the rest is loaded
    here, from where the child left off.
    """

    def __init__(
        self, path: Path, *, head: int, fork: bool = True, data: bytes | None = None
    ) -> None:
        self.path = path
        self.head = head
        self.data = data
        """The essay's bytes when they came from standard input (no file to read again)."""
        self.cancelled = False
        """Set by :meth:`cancel`: the reader is leaving, nothing more is to be loaded (not
        even here in the child's place)."""
        self.pid = 0
        self.fd = -1
        self.go_fd = -1
        self._done = False
        self._essay: Essay | None = None
        """The last essay received (head or whole)."""
        if fork and hasattr(os, "fork"):
            self._fork()

    @classmethod
    def resume(cls, essay: Essay) -> Loader:
        """A loader for an essay already parsed here: :meth:`rest` brings what it lacks."""
        loader = cls(essay.path, head=0, fork=False)
        loader._essay = essay
        return loader

    @property
    def essay(self) -> Essay:
        """The fullest essay received so far."""
        if self._essay is None:
            raise RuntimeError("Loader.essay before Loader.first()")
        return self._essay

    def _fork(self) -> None:
        read_fd, write_fd = os.pipe()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child process
            os.close(read_fd)
            os.close(go_write)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child(write_fd, self.path, self.head, go_read, self.data)
            finally:
                os._exit(0)
        os.close(write_fd)
        os.close(go_read)
        self.pid, self.fd, self.go_fd = pid, read_fd, go_write

    def first(self) -> Essay:
        """The essay to paint first (its head if big). Raises EssayError for bad input."""
        message = self._next()
        if isinstance(message, BadInput):
            self.close()
            raise EssayError(message.file, message.message)
        if isinstance(message, EssayReady):
            self._essay = message.essay
        else:  # no child, or it failed (ChildFailed, or nothing): load here
            self._stop_child()
            self._essay = open_essay(self.path, head=self.head, data=self.data)
        return self._essay

    def go(self) -> None:
        """Let the child go on with the rest of the work (after the first paint)."""
        if self.go_fd >= 0:
            with contextlib.suppress(OSError):
                os.write(self.go_fd, b"g")
            os.close(self.go_fd)
            self.go_fd = -1

    def rest(self) -> Iterator[EssayReady | GlossaryReady | GlossaryProblem]:
        """The whole essay (if the first was a head), then the glossary. Blocks.

        Raises :class:`EssayError` if the file cannot be read any more.
        """
        for message in self._rest():
            if isinstance(message, EssayReady):
                self._essay = message.essay
            yield message

    def _rest(self) -> Iterator[EssayReady | GlossaryReady | GlossaryProblem]:
        """What the child sends, then (if it stopped early) the rest done here."""
        self.go()
        glossary_done = False
        while (message := self._next()) is not None:
            if isinstance(message, BadInput):
                self.close()
                raise EssayError(message.file, message.message)
            if isinstance(message, ChildFailed):
                break
            glossary_done = isinstance(message, (GlossaryReady, GlossaryProblem))
            yield message
        if self.cancelled:
            return
        self._stop_child()
        if not glossary_done:
            # The child stopped early (it died): the rest is done here.
            yield from self._here(rest_steps(self.essay, self.data))

    def _here(
        self, steps: Iterator[EssayReady | GlossaryReady | GlossaryProblem]
    ) -> Iterator[EssayReady | GlossaryReady | GlossaryProblem]:
        """Run ``steps`` in this process, in a daemon thread, and pass on what they give.

        Parsing a whole book takes seconds and cannot be interrupted; a daemon thread does
        not hold the process when the reader quits meanwhile (:meth:`cancel`): the waiting
        here ends within a tenth of a second.
        """
        results: queue.Queue[object] = queue.Queue()
        done = object()

        def work() -> None:
            try:
                for step in steps:
                    results.put(step)
            except BaseException as error:
                results.put(error)
            results.put(done)

        threading.Thread(target=work, name="lecteur-load", daemon=True).start()
        while not self.cancelled:
            try:
                item = results.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, (EssayReady, GlossaryReady, GlossaryProblem))
            yield item

    def _next(self) -> LoaderMessage | None:
        if self.fd < 0:
            return None
        try:
            message = _receive(self.fd)
        except (OSError, EOFError, pickle.UnpicklingError, RecursionError, MemoryError):
            return None
        if isinstance(message, (EssayReady, GlossaryReady, GlossaryProblem, BadInput, ChildFailed)):
            return message
        return None

    def cancel(self) -> None:
        """The reader is gone: stop the child and load nothing more (not even here)."""
        self.cancelled = True
        self.close()

    def close(self) -> None:
        """Stop the child if it still runs (what it has not sent is not loaded here)."""
        self._stop_child()

    def _stop_child(self) -> None:
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
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
