"""Load an essay in a child process while the parent starts the UI.

``lecteur PATH`` forks at once: the child reads, parses and splits the essay while the
parent imports Textual, which takes about as long. What the parent receives, in order:

- :class:`EssayReady` with the essay to paint first (the head of a big one);
- :class:`EssayReady` again with the whole essay, if the first was a head;
- :class:`GlossaryReady` with the matched glossary, or :class:`GlossaryProblem`.

Each message comes pickled through a pipe: the essays through one, the glossary through
another, for a big file's glossary is matched in a grandchild while the child splits the
whole essay (two cores, two steps side by side). Where ``os.fork`` does not exist, or a
process dies, the parent does what is missing itself (:func:`rest_steps`): the result is
the same, only slower. No Textual here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from lecteur.essay import Essay, EssayError, parse_essay
from lecteur.library import open_essay, split

if TYPE_CHECKING:
    from lecteur.glossary import Entry, Glossary, HeadingOccurrence, Occurrence


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class EssayReady:
    """The essay to show: its head (``essay.complete`` is False), then the whole."""

    essay: Essay


@dataclass(frozen=True, slots=True)
class GlossaryReady:
    """The glossary files of the essay, loaded, and every occurrence of their terms."""

    glossary: Glossary
    occurrences: Sequence[Occurrence]
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
    occurrences: Sequence[Occurrence] = field(default_factory=list)
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
    from lecteur.glossary import GlossaryError, OccurrenceTable
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
    glossary = reader_glossary(glossary, occurrences, headings)
    # What the reader keeps: a book's occurrences as columns, not an object each.
    table = OccurrenceTable(occurrences)
    if glossary.warnings:
        return GlossaryProblem("\n".join(glossary.warnings), glossary, table, headings)
    return GlossaryReady(glossary, table, headings)


def reader_glossary(
    glossary: Glossary,
    occurrences: Sequence[Occurrence],
    headings: Sequence[HeadingOccurrence] = (),
) -> Glossary:
    """The part of ``glossary`` a reader of the essay can open: the entries found in it,
    and those their cards lead to (``see``, followed to the end).

    The shipped glossary has about two thousand entries (8.5 MB once loaded); the bundled
    essay meets 30, and its cards lead to about 400. The parent receives only these: less
    to pickle, to send and to keep.
    """
    keep: dict[str, Entry] = {}
    todo = [o.entry_id for o in occurrences] + [h.entry_id for h in headings]
    while todo:
        entry_id = todo.pop()
        if entry_id in keep or (entry := glossary.get(entry_id)) is None:
            continue
        keep[entry_id] = entry
        todo.extend(entry.see)
    return dataclasses.replace(glossary, entries=keep)


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


def release_free_memory() -> None:
    """Give back to the system the memory a step freed (glibc keeps freed blocks for
    reuse): after the split of a 50 MB book, 45 MB of the child's 276 MB. The loader's
    processes hold their peak while they send, so what they give back is less at the
    moment the whole tree holds most. Nothing to do where the C library is not glibc."""
    import ctypes  # here: the reader's own process never needs it

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)


def _send(fd: int, message: LoaderMessage) -> None:
    """Write ``message`` to the pipe as it is pickled, a frame at a time: no whole pickle of
    a book in memory, and the parent unpickles while the rest is still being written."""
    with os.fdopen(fd, "wb", buffering=_PIPE_BUFFER, closefd=False) as out:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)


_PIPE_BUFFER = 1 << 16


def _receive(stream: BinaryIO) -> object | None:
    """The next message from a pipe, unpickled as it arrives (None at the pipe's end)."""
    # Unpickling a book makes hundreds of thousands of objects, none of them garbage:
    # collections during it would only traverse them (and hold the GIL longer).
    # Once made, they live as long as the reader shows them: frozen at once (they go
    # to the collector's permanent generation, untraversed), the reader's own freeze
    # after a book arrives (``reader_screen._freeze_model``) no longer collects through
    # a whole book on the event loop (0.3 s for 50 MB).
    enabled = gc.isenabled()
    gc.disable()
    try:
        message: object = pickle.load(stream)
        gc.freeze()
        return message
    finally:
        if enabled:
            gc.enable()


def _child(
    fd: int, path: Path, head: int, go_fd: int, data: bytes | None = None, glossary_fd: int = -1
) -> None:
    """Runs in the child: the first essay, then (after the parent's "go") the rest.

    The rest waits for the parent's first frame, so that on a 2-core machine it never
    competes with the first paint. The essay comes through ``fd``, the glossary through
    ``glossary_fd``: for a big file the glossary is matched in a grandchild, on the other
    core, while the child splits the whole essay (:func:`_whole_and_glossary`).
    """
    # A short-lived process that ends in os._exit: the cyclic collector would only spend
    # seconds traversing the growing model.
    gc.disable()
    try:
        essay = open_essay(path, head=head, data=data)
        _send(fd, EssayReady(essay))
        if not os.read(go_fd, 1):
            return  # the parent closed the pipe without a "go": it is quitting
        from lecteur.glossary.files import keep_checked_files

        keep_checked_files(False)  # this process reads the glossary once
        if essay.complete:
            _send(glossary_fd, glossary_step(essay))
        else:
            _whole_and_glossary(fd, path, data, glossary_fd)
    except EssayError as error:
        _send(fd, BadInput(error.file, error.message))
    except BaseException as error:
        _send(fd, ChildFailed(repr(error)))


def _whole_and_glossary(fd: int, path: Path, data: bytes | None, glossary_fd: int) -> None:
    """The whole of a big essay, split, through ``fd``; its glossary through
    ``glossary_fd``, matched in a grandchild at the same time.

    The glossary needs the paragraphs, not the sections: once the whole file is parsed,
    a fork gives it to a grandchild on the other core, and the split and the match run
    side by side (the parent, waiting, needs no core meanwhile). A SIGTERM
    to the child (the reader quitting) ends the grandchild too.
    """
    whole = parse_essay(path, data=data)
    helper = 0

    def stop(signum: int, frame: object) -> None:
        if helper > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(helper, signal.SIGTERM)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)  # before the fork: no moment without it
    helper = os.fork()
    if helper == 0:  # pragma: no cover - runs in the grandchild
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            os.close(fd)
            message = glossary_step(whole)
            release_free_memory()
            _send(glossary_fd, message)
        except BaseException as error:
            with contextlib.suppress(BaseException):
                _send(glossary_fd, ChildFailed(repr(error)))
        finally:
            os._exit(0)
    os.close(glossary_fd)
    try:
        ready = EssayReady(split(whole))
        release_free_memory()
        _send(fd, ready)
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(helper, 0)


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
        self.glossary_fd = -1
        self._streams: dict[int, BinaryIO] = {}
        """A buffered reader per pipe, kept from one message to the next (it may have read
        the start of the next one)."""
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
        glossary_read, glossary_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child process
            os.close(read_fd)
            os.close(go_write)
            os.close(glossary_read)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child(write_fd, self.path, self.head, go_read, self.data, glossary_write)
            finally:
                os._exit(0)
        os.close(write_fd)
        os.close(go_read)
        os.close(glossary_write)
        self.pid, self.fd, self.go_fd, self.glossary_fd = pid, read_fd, go_write, glossary_read

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
        """What the child sends (the whole essay, then the glossary), then what it did not
        send (it died), done here.

        A big book's glossary is taken from its pipe as soon as the grandchild has it, in a
        thread, even while the whole essay is still to come: the grandchild then ends, and
        its memory is not held beside the essay's transfer (it is used after the essay).
        """
        self.go()
        head_first = not self.essay.complete
        early = self._take_glossary() if head_first else None
        if head_first:
            message = self._next()
            if isinstance(message, BadInput):
                self.close()
                raise EssayError(message.file, message.message)
            if isinstance(message, EssayReady):
                yield message
        glossary_done = False
        if self.essay.complete:
            message = early() if early is not None else self._next(self.glossary_fd)
            if isinstance(message, (GlossaryReady, GlossaryProblem)):
                glossary_done = True
                yield message
        if self.cancelled:
            return
        self._stop_child()
        if not glossary_done:
            # The child stopped early (it died): the rest is done here.
            yield from self._here(rest_steps(self.essay, self.data))

    def _take_glossary(self) -> Callable[[], LoaderMessage | None]:
        """Read the glossary's pipe in a thread from now on; the function returned waits for
        what it read. The thread owns the pipe: it closes it once read (closed from here while
        it reads, the number could be given to another file)."""
        fd, self.glossary_fd = self.glossary_fd, -1
        got: list[LoaderMessage | None] = []

        def take() -> None:
            try:
                got.append(self._next(fd))
            finally:
                self._streams.pop(fd, None)
                with contextlib.suppress(OSError):
                    os.close(fd)

        taker = threading.Thread(target=take, name="lecteur-glossary", daemon=True)
        if fd >= 0:
            taker.start()

        def wait() -> LoaderMessage | None:
            if fd >= 0:
                taker.join()
            return got[0] if got else None

        return wait

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

    def _next(self, fd: int | None = None) -> LoaderMessage | None:
        """The next message through ``fd`` (the essay's pipe if None), None at its end."""
        fd = self.fd if fd is None else fd
        if fd < 0:
            return None
        stream = self._streams.get(fd)
        if stream is None:
            stream = self._streams[fd] = os.fdopen(fd, "rb", buffering=_PIPE_BUFFER, closefd=False)
        try:
            message = _receive(stream)
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
        for fd in (self.fd, self.glossary_fd):
            if fd >= 0:
                self._streams.pop(fd, None)
                os.close(fd)
        self.fd = self.glossary_fd = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
