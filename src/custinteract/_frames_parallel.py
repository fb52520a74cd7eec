"""One pass beside the rest on large frames: a thread of its own, joined before the call returns.

The frames paths' costliest checks (whether a million ids are distinct, a
column's codes) are NumPy and Arrow passes that let go of the interpreter's
lock while they work, and each is independent of what follows it until its
answer is read. On a machine with a second core, :func:`beside` runs such a
pass on a thread of its own while the caller goes on, which saves most of its
time.

Nothing outlives the call that uses it: each use starts one thread and joins
it before the ``with`` block is left, whether it is left by an answer or by
an error, so a host never sees a thread of ours between calls. Answers and
errors are those of the same calls run one after the other: the pass's error,
if it fails, is raised in preference to one the block raised meanwhile (as
if the pass had run first).

Threads are used only for frames of :data:`THREAD_ROWS` rows or more, and
only when the host lets Arrow use more than one core: :func:`pyarrow.cpu_count`,
which ``pyarrow.set_cpu_count(1)`` sets to one to keep every pass on the
calling thread (Arrow reads ``OMP_NUM_THREADS`` for its default). A Dask
partition's work (:class:`OneThread`) keeps to its own thread too: Dask
already runs one task per worker thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

__all__ = ["THREAD_ROWS", "OneThread", "beside", "threads_for"]

T = TypeVar("T")

THREAD_ROWS = 1 << 16
"""The fewest rows worth a thread (starting one costs about a tenth of a millisecond)."""


def threads_for(rows: int) -> bool:
    """Whether a pass over ``rows`` rows runs beside the rest (see the module's text).

    >>> threads_for(10)
    False
    """
    if rows < THREAD_ROWS or _ONE_THREAD.get():
        return False
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - pandas' text needs pyarrow for these passes
        return False
    return int(pa.cpu_count()) > 1


@contextlib.contextmanager
def beside(call: Callable[..., T], *args: Any, rows: int) -> Iterator[Callable[[], T]]:
    """Run ``call(*args)`` while the ``with`` block runs; the block gets a function giving its answer.

    The answer's function waits for the pass where it still runs. When
    :func:`threads_for` says no, the pass runs first, on the calling thread.
    Either way the pass has finished when the block is left, and its error
    (if it failed) is raised even if the block never asked for its answer.

    >>> with beside(sum, [1, 2, 3], rows=3) as total:
    ...     total()
    6
    """
    if not threads_for(rows):
        answer = call(*args)
        yield lambda: answer
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="custinteract") as pool:
        pending = pool.submit(call, *args)
        try:
            yield pending.result
        except BaseException:
            failure = pending.exception()  # waits for the pass
            if failure is not None:
                raise failure from None
            raise
        pending.result()


_ONE_THREAD: ContextVar[bool] = ContextVar("custinteract_one_thread", default=False)
"""True while a :class:`OneThread` call runs (in its thread's context only)."""


class OneThread(Generic[T]):
    """``function`` called with every pass on the calling thread: a Dask task's work.

    Picklable when ``function`` is, as Dask's workers need.

    >>> OneThread(threads_for)(THREAD_ROWS)
    False
    """

    __slots__ = ("function",)

    def __init__(self, function: Callable[..., T]) -> None:
        self.function = function

    def __call__(self, *args: Any, **kwargs: Any) -> T:
        token = _ONE_THREAD.set(True)
        try:
            return self.function(*args, **kwargs)
        finally:
            _ONE_THREAD.reset(token)

    def __reduce__(self) -> tuple[Any, ...]:
        return (OneThread, (self.function,))
