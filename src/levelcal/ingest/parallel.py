"""Large pieces of reading work, split over two cores: one half here, one in a forked child.

A cold read of a years-long export scans tens of thousands of VEVENT blocks and
parses thousands; both split into independent chunks (blocks, or whole series)
whose results are simply put end to end, so the split never changes the
result. The child is a fork of this process: it shares the calendar's bytes
and the imported modules without copying them, and sends back only its
result, pickled through a pipe. Where there is no fork (Windows), only one
core, or little work, everything runs here. A child that fails for any reason
costs time, never the result: its half is done again here.

A cold read also leaves the parser's core free for other work the report needs
anyway: `meanwhile(task)` names such work (loading the classifier), and the
first large read inside it runs in a forked child while this process does the
task (see `alongside`); the child sends its result first and writes the cache
after, while this process goes on (`settle` waits for it). A read that splits its
parse over both cores does the task itself, once its half is parsed
(`meanwhile_now`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this much work a fork costs more than it saves (a fork and a pickled result take
# about 10 ms): bytes to scan (a megabyte is scanned in about 17 ms), blocks to parse (one
# block of a week is parsed and expanded in about 1 ms).
WORTH_SPLITTING = {"scan": 2_000_000, "parse": 200}
# Below this many bytes a calendar reads in less time than a fork and the task take.
WORTH_A_CHILD = 1_000_000

_TASKS: list[Callable[[], object]] = []  # what `alongside` may do while a child reads
_FINISHING: list[int] = []  # children that still write the cache (`_wait_later`)


@contextlib.contextmanager
def meanwhile(task: Callable[[], object]) -> Iterator[None]:
    """Inside this block, the first `alongside` that is worth a child runs `task` here
    while the child works. `task` must be worth doing anyway, and harmless to do early:
    its result is dropped, and an exception in it is ignored (do it again to see it)."""
    _TASKS.append(task)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            _TASKS.remove(task)


def pending() -> bool:
    """Whether a `meanwhile` task waits for a core (see `meanwhile_now`)."""
    return bool(_TASKS)


def meanwhile_now() -> None:
    """Do the pending `meanwhile` task here, now: for a caller that splits a read over both
    cores itself (`in_halves`), and so has no core for `alongside`, but a moment of its
    own once its half is done."""
    if _TASKS:
        task = _TASKS.pop()
        with contextlib.suppress(Exception):
            task()


def settle() -> None:
    """Wait for the children that sent their result and still write the cache: before the
    cache is read again, and before this process ends."""
    while _FINISHING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_FINISHING.pop(), 0)


def alongside(work: Callable[[], tuple[Result, Callable[[], object]]], size: int) -> Result:
    """The result of `work()`, computed in a forked child while this process does the
    pending `meanwhile` task, when there is one, two cores, fork, and `size` (bytes to read)
    is worth it; else here. `work` returns its result and what to do after it (write the
    cache): a child does that once it has sent the result, while this process goes on
    (see `settle`). A child that fails costs time only: the work is done again here."""
    if (
        not _TASKS
        or size < WORTH_A_CHILD
        or not hasattr(os, "fork")
        or cores() < 2
        or os.environ.get("LEVELCAL_ONE_CORE")
    ):
        result, then = work()
        then()
        return result
    task = _TASKS.pop()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: compute, send, write the cache, and leave without exit handlers
        os.close(reader)
        status = 1
        try:
            result, then = work()
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            then()
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    try:
        with contextlib.suppress(Exception):
            task()
    finally:
        with os.fdopen(reader, "rb") as pipe:
            payload = pipe.read()
        _wait_later(child)
    try:
        sent: Result = pickle.loads(payload)
    except Exception:  # the child failed before sending (nothing, or a part of it)
        result, then = work()
        then()
        return result
    return sent


def in_background(work: Callable[[], object]) -> None:
    """`work()` (writing cache entries) in a forked child while this process goes on to
    what the report needs next; `settle` waits for it, before the cache is read again and
    before this process ends. Here, and now, without fork or a second core. A child that
    fails leaves entries unwritten, which a later run writes: they are only a cache."""
    if not hasattr(os, "fork") or cores() < 2 or os.environ.get("LEVELCAL_ONE_CORE"):
        work()
        return
    child = os.fork()
    if child == 0:  # the child: write, and leave without running any exit handler
        status = 1
        try:
            work()
            status = 0
        finally:
            os._exit(status)
    _wait_later(child)


def _wait_later(child: int) -> None:
    """`settle` waits for `child`: at the next read of the cache, and at exit."""
    if not _FINISHING:
        atexit.register(settle)  # again after each settle: quick when none is left
    _FINISHING.append(child)


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def in_halves(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    *,
    worth_it: bool,
    split_at: int | None = None,
    idle: Callable[[], object] | None = None,
) -> list[Result]:
    """`work(items)`, computed as `work(first half) + work(second half)` on two cores when
    the caller finds it `worth_it`. `split_at` moves the boundary (to keep a series whole).
    `idle`, when given, runs here once this half is done, while the child may still work
    (it started later): work that may be needed next, done in time that would be spent
    waiting; not run when nothing is split. LEVELCAL_ONE_CORE=1 in the environment keeps
    everything in this process."""
    middle = len(items) // 2 if split_at is None else split_at
    if (
        not worth_it
        or not hasattr(os, "fork")
        or cores() < 2
        or not 0 < middle < len(items)
        or os.environ.get("LEVELCAL_ONE_CORE")
    ):
        return work(items)
    first, second = items[:middle], items[middle:]
    child, reader = _start(work, second)
    there: list[Result] | None = None
    try:
        here = work(first)
        if idle is not None:
            idle()
    finally:
        there = _finish(child, reader)
    return here + (there if there is not None else work(second))


def _start(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]
) -> tuple[int, int]:
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: compute, send, and leave without running any exit handler
        os.close(reader)
        status = 1
        try:
            payload = pickle.dumps(work(items), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return child, reader


def _finish(child: int, reader: int) -> list[Result] | None:
    """The child's result, or None when it failed."""
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(child, 0)
    if status != 0 or not payload:
        return None
    try:
        result: list[Result] = pickle.loads(payload)
    except Exception:
        return None
    return result
