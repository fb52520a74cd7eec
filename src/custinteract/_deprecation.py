"""What is on its way out: the one way a public function accepts, and warns about, an old call.

A deprecated form keeps working for one minor release with a
:class:`DeprecationWarning` that says what to write instead, then it is
refused. The changelog lists each, with the release that removes it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

__all__ = ["positional_then_keyword"]

F = TypeVar("F", bound=Callable[..., Any])


def positional_then_keyword(name: str, *, removal: str) -> Callable[[F], F]:
    """Decorator: a keyword-only ``name`` still accepted as the one positional argument, with a warning.

    The decorated function declares ``name`` keyword-only (so type checkers
    and ``inspect`` show the new form); an old call that passes it first and
    positionally gets a :class:`DeprecationWarning` naming ``removal``, the
    release that refuses it, and the same answer.

    >>> import warnings
    >>> from custinteract._deprecation import positional_then_keyword
    >>> @positional_then_keyword("policy", removal="0.2")
    ... def run(*, policy=None, periods=1):
    ...     return policy, periods
    >>> run(policy="p", periods=2)
    ('p', 2)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     run("p", periods=2)
    ('p', 2)
    >>> print(caught[0].message)
    run: pass policy by keyword (policy=...); passing it positionally is deprecated and refused from 0.2
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def accept(*args: Any, **kwargs: Any) -> Any:
            if args:
                if len(args) > 1 or name in kwargs:
                    return function(*args, **kwargs)  # Python's own TypeError names the mistake
                warnings.warn(
                    f"{function.__name__}: pass {name} by keyword ({name}=...); passing it"
                    f" positionally is deprecated and refused from {removal}",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[name] = args[0]
            return function(**kwargs)

        return cast(F, accept)

    return decorate
