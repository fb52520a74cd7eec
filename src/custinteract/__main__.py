"""The command line: ``python -m custinteract demo|report|assess|schema``.

The commands live in the private package ``custinteract._cli``, the only code
of custinteract that reads files and prints; everything they show is computed
by the pure library. ``python -m custinteract --help`` lists them, each with
examples in its own ``--help``.
"""

from __future__ import annotations

import sys

from custinteract._cli import main

__all__ = ["main"]


def _run() -> int:
    try:
        return main()
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, like other command-line tools
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(_run())
