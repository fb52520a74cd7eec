"""The core is pure: no I/O, printing, clock or environment reads; imports point down only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "custinteract"
EDGE = {"__main__.py"}  # the only module allowed to print and read the environment
EDGE_PACKAGES = {"_cli"}  # the command line behind it: reads files and prints, nothing else does

# --------------------------------------------------------------------------- the rules
#
# Names are resolved through the module's imports to full dotted names first
# (``from datetime import datetime as DT``; ``DT.now`` is ``datetime.datetime.now``),
# and every *reference* counts, called or not: ``attrs.field(factory=datetime.now)``
# reads the clock as surely as ``datetime.now()`` does.

# Modules whose import is impure by itself (I/O, processes, clocks, environment, global state).
FORBIDDEN_MODULES = {
    "aiohttp",
    "asyncio",
    "builtins",
    "bz2",
    "concurrent",
    "ctypes",
    "dbm",
    "ftplib",
    "getpass",
    "glob",
    "gzip",
    "http",
    "httpx",
    "importlib",
    "io",
    "locale",
    "logging",
    "lzma",
    "matplotlib.pyplot",
    "multiprocessing",
    "os",
    "pathlib",
    "pickle",
    "platform",
    "requests",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shutil",
    "signal",
    "smtplib",
    "socket",
    "sqlite3",
    "ssl",
    "subprocess",
    "sys",
    "tarfile",
    "tempfile",
    "threading",
    "time",
    "urllib",
    "webbrowser",
    "zipfile",
}

# Fully qualified names that are impure wherever they are referenced, with why.
FORBIDDEN_NAMES = {
    **dict.fromkeys(
        ("open", "print", "input", "breakpoint", "exit", "quit", "help", "__builtins__"),
        "does I/O",
    ),
    **dict.fromkeys(("eval", "exec", "compile", "__import__"), "runs code from text"),
    **dict.fromkeys(
        (
            "datetime.datetime.now",
            "datetime.datetime.utcnow",
            "datetime.datetime.today",
            "datetime.date.today",
            "datetime.date.fromtimestamp",
        ),
        "reads the clock or the local zone",
    ),
    **dict.fromkeys(
        ("os.environ", "os.environb", "os.getenv", "os.getenvb", "os.putenv", "os.unsetenv"),
        "reads the environment",
    ),
    **dict.fromkeys(
        ("os.urandom", "uuid.uuid1", "uuid.uuid4", "random.SystemRandom"),
        "draws unseeded randomness",
    ),
    **dict.fromkeys(
        ("matplotlib.use", "matplotlib.rc", "matplotlib.rcParams"), "sets global state"
    ),
}

# Modules whose module-level functions share hidden global random state; the
# allowed names are seedable generators (and their types), checked for a seed below.
RANDOM_MODULES = {
    "random": {"Random"},
    "numpy.random": {
        "Generator",
        "BitGenerator",
        "default_rng",
        "RandomState",
        "SeedSequence",
        "PCG64",
        "PCG64DXSM",
        "Philox",
        "SFC64",
        "MT19937",
    },
}
RANDOM_TYPES = {"random.Random", "numpy.random.Generator", "numpy.random.BitGenerator"}
SEEDABLE = {
    f"{module}.{name}"
    for module, names in RANDOM_MODULES.items()
    for name in names
    if name not in {"Generator", "BitGenerator"}
}

# Attribute names that are file, network or display I/O on any receiver (pandas,
# Dask, matplotlib, pathlib): the receiver is usually a local value (``df``,
# ``fig``) that no import resolves. None of our own methods is named like these.
IO_ATTRIBUTES = {
    "to_csv",
    "to_parquet",
    "to_excel",
    "to_feather",
    "to_hdf",
    "to_sql",
    "to_pickle",
    "to_stata",
    "to_orc",
    "to_clipboard",
    "to_textfiles",
    "to_zarr",
    "to_netcdf",
    "read_csv",
    "read_table",
    "read_fwf",
    "read_json",
    "read_html",
    "read_xml",
    "read_excel",
    "read_parquet",
    "read_orc",
    "read_feather",
    "read_hdf",
    "read_sql",
    "read_sql_query",
    "read_sql_table",
    "read_pickle",
    "read_stata",
    "read_sas",
    "read_spss",
    "read_clipboard",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "savefig",
    "show",
    "imsave",
    "imread",
    "environ",
}
# These return text when given no target and write a file when given one
# (first positional argument or one of these keywords): only the second is I/O.
IO_WITH_TARGET = {"to_json", "to_html", "to_latex", "to_markdown", "to_string", "to_xml"}
TARGET_KEYWORDS = {"path_or_buf", "buf", "path", "filename", "url"}


class _Scanner(ast.NodeVisitor):
    def __init__(self, where: str) -> None:
        self.where = where
        self.aliases: dict[str, str] = {}
        self.found: list[str] = []
        self.calls: dict[int, ast.Call] = {}  # id(func node) -> its call
        self.exempt: set[int] = set()  # ids of nodes in annotations and isinstance types

    # -- set-up passes ----------------------------------------------------------------

    def prepare(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases[root] = root
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Call):
                self.calls[id(node.func)] = node
                if (
                    isinstance(node.func, ast.Name)
                    and node.func.id in {"isinstance", "issubclass"}
                    and len(node.args) == 2
                ):
                    self._exempt(node.args[1])
            annotations: list[ast.expr | None] = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args
                every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
                annotations += [a.annotation for a in every]
                annotations.append(node.returns)
            elif isinstance(node, ast.AnnAssign):
                annotations.append(node.annotation)
            for annotation in annotations:
                if annotation is not None:
                    self._exempt(annotation)

    def _exempt(self, node: ast.AST) -> None:
        self.exempt.update(id(inner) for inner in ast.walk(node))

    # -- helpers ----------------------------------------------------------------------

    def _flag(self, node: ast.AST, text: str) -> None:
        self.found.append(f"{self.where}:{getattr(node, 'lineno', '?')} {text}")

    def _resolve(self, node: ast.expr) -> tuple[str, bool] | None:
        """The dotted name of a Name/Attribute chain, and whether its root is an import."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id], True
            return node.id, False
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value)
            if base is not None:
                return f"{base[0]}.{node.attr}", base[1]
        return None

    def _unseeded(self, call: ast.Call | None) -> bool:
        if call is None:
            return True  # a bare reference, e.g. attrs.field(factory=random.Random)
        if not call.args and not call.keywords:
            return True
        first = call.args[0] if call.args else None
        seeds = [k.value for k in call.keywords if k.arg in {"seed", "x", "entropy"}]
        return any(
            isinstance(value, ast.Constant) and value.value is None for value in [first, *seeds]
        )

    # -- the rules --------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _forbidden_module(alias.name):
                self._flag(node, f"imports {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            if _forbidden_module(node.module):
                self._flag(node, f"imports from {node.module}")
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in FORBIDDEN_NAMES:
                    self._flag(node, f"imports {full}, which {FORBIDDEN_NAMES[full]}")
                elif (
                    node.module in RANDOM_MODULES and alias.name not in RANDOM_MODULES[node.module]
                ):
                    self._flag(node, f"imports from the global random state: {full}")
                elif _forbidden_module(full) and not _forbidden_module(node.module):
                    self._flag(node, f"imports {full}")

    def visit_Name(self, node: ast.Name) -> None:
        self._check_reference(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        call = self.calls.get(id(node))
        if node.attr in IO_ATTRIBUTES:
            self._flag(node, f"uses .{node.attr} (file, network or display I/O)")
        elif node.attr in IO_WITH_TARGET and (
            call is None or call.args or any(k.arg in TARGET_KEYWORDS for k in call.keywords)
        ):
            self._flag(node, f"uses .{node.attr} with a target (writes a file)")
        self._check_reference(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        # getattr(obj, "now") is a reference by another name
        if (
            isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
            owner = self._resolve(node.args[0])
            full = f"{owner[0]}.{name}" if owner is not None else name
            if name in IO_ATTRIBUTES | IO_WITH_TARGET or full in FORBIDDEN_NAMES:
                self._flag(node, f"reaches {full} through {node.func.id}()")
        self.generic_visit(node)

    def _check_reference(self, node: ast.Name | ast.Attribute) -> None:
        if id(node) in self.exempt:
            return
        resolved = self._resolve(node)
        if resolved is None:
            return
        name, imported = resolved
        if name in FORBIDDEN_NAMES and (imported or "." not in name):
            self._flag(node, f"refers to {name}, which {FORBIDDEN_NAMES[name]}")
            return
        if not imported:
            return
        module, _, attribute = name.rpartition(".")
        if module in RANDOM_MODULES and attribute not in RANDOM_MODULES[module]:
            self._flag(node, f"uses the global random state: {name}")
        elif name in SEEDABLE and self._unseeded(self.calls.get(id(node))):
            self._flag(node, f"makes an unseeded generator: {name} without a seed")
        elif any(name.startswith(f"{m}.") for m in FORBIDDEN_MODULES if name not in RANDOM_TYPES):
            self._flag(node, f"refers to {name}")


def _forbidden_module(name: str) -> bool:
    return any(name == m or name.startswith(f"{m}.") for m in FORBIDDEN_MODULES) and not (
        name.startswith("matplotlib.") and not name.startswith("matplotlib.pyplot")
    )


def violations_in(source: str, where: str = "<source>") -> list[str]:
    """Every impure use in ``source`` (a module's text), as ``where:line what`` lines."""
    tree = ast.parse(source, filename=where)
    scanner = _Scanner(where)
    scanner.prepare(tree)
    scanner.visit(tree)
    return scanner.found


def _modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name not in EDGE and p.relative_to(PACKAGE).parts[0] not in EDGE_PACKAGES
    )


# Where code is run from text, and why that text is safe: the fast document
# readers compile a function written for each class from the class's own field
# declarations (as attrs writes each class's __init__); no input is in the text.
RUNS_OWN_TEXT = {"_readers.py": {"exec", "compile"}}


# Where a thread is started, and why that is safe: one pass of a large frame runs
# beside the rest of the call, on a thread joined before the call returns (nothing
# outlives it, and pyarrow.set_cpu_count(1) keeps every pass on the calling thread).
RUNS_THREADS = {"_frames_parallel.py": "concurrent.futures"}


def _violations(path: Path, base: Path = PACKAGE) -> list[str]:
    name = str(path.relative_to(base))
    found = violations_in(path.read_text(encoding="utf-8"), name)
    own = RUNS_OWN_TEXT.get(name, set())
    threads = RUNS_THREADS.get(name)
    return [
        line
        for line in found
        if not any(line.endswith(f"refers to {what}, which runs code from text") for what in own)
        and not (threads and threads in line)
    ]


# Each way past the old scanner, and what the scanner must say about it.
BYPASSES = {
    "fully qualified clock": (
        "import datetime\nx = datetime.datetime.now()\n",
        "datetime.datetime.now",
    ),
    "aliased clock": (
        "from datetime import datetime as DT\nx = DT.now()\n",
        "datetime.datetime.now",
    ),
    "clock as a factory": (
        "import attrs\nfrom datetime import datetime\n\n\n@attrs.frozen\nclass A:\n"
        "    at: datetime = attrs.field(factory=datetime.now)\n",
        "datetime.datetime.now",
    ),
    "clock by getattr": ("import datetime\nf = getattr(datetime.datetime, 'now')\n", "getattr()"),
    "today": ("from datetime import date\nd = date.today()\n", "datetime.date.today"),
    "frame to csv": ("def f(df):\n    df.to_csv('out.csv')\n", ".to_csv"),
    "frame to json file": ("def f(df):\n    df.to_json('out.json')\n", ".to_json with a target"),
    "frame to json buffer": (
        "def f(df, b):\n    df.to_json(path_or_buf=b)\n",
        ".to_json with a target",
    ),
    "pandas reader": (
        "import pandas as pd\n\n\ndef f():\n    return pd.read_csv('x.csv')\n",
        ".read_csv",
    ),
    "dask reader": (
        "import dask.dataframe as dd\nframe = dd.read_parquet('s3://b/x')\n",
        ".read_parquet",
    ),
    "figure saved": ("def f(fig):\n    fig.savefig('x.png')\n", ".savefig"),
    "figure shown": ("def f(ax):\n    ax.figure.show()\n", ".show"),
    "path written": ("def f(p):\n    p.write_text('x')\n", ".write_text"),
    "numpy unseeded": (
        "import numpy as np\nrng = np.random.default_rng()\n",
        "numpy.random.default_rng",
    ),
    "numpy seeded with None": (
        "from numpy.random import default_rng\nrng = default_rng(None)\n",
        "without a seed",
    ),
    "numpy global state": ("import numpy as np\nx = np.random.rand(3)\n", "global random state"),
    "random unseeded": ("import random\nrng = random.Random()\n", "random.Random without a seed"),
    "random factory": (
        "import attrs\nimport random\nrng = attrs.field(factory=random.Random)\n",
        "random.Random without a seed",
    ),
    "random function imported": (
        "from random import choice\nx = choice([1, 2])\n",
        "random.choice",
    ),
    "random global": ("import random\nx = random.random()\n", "global random state"),
    "uuid4": ("import uuid\nkey = uuid.uuid4()\n", "uuid.uuid4"),
    "print as a value": ("sink = print\n", "refers to print"),
    "print": ("print('hello')\n", "refers to print"),
    "open": ("with open('f') as f:\n    pass\n", "refers to open"),
    "os imported": ("import os\n", "imports os"),
    "environ from os": ("from os import environ\n", "imports os.environ"),
    "aliased environment": ("import os as o\nhome = o.environ['HOME']\n", "os.environ"),
    "time aliased": ("import time as t\nx = t.monotonic()\n", "time.monotonic"),
    "pyplot": ("import matplotlib.pyplot as plt\nplt.show()\n", "imports matplotlib.pyplot"),
    "matplotlib backend": ("import matplotlib\nmatplotlib.use('Agg')\n", "matplotlib.use"),
    "eval": ("x = eval('1 + 1')\n", "runs code from text"),
}

# Pure code that looks like the above and must not be flagged.
PURE = """
import random
import re
from datetime import datetime, timezone

import attrs
import numpy as np

PATTERN = re.compile("x")


def draw(rng: random.Random, seed: int) -> random.Random:
    other = random.Random(seed)
    generator: np.random.Generator = np.random.default_rng(seed)
    assert isinstance(generator, np.random.Generator)
    return other if isinstance(rng, random.Random) else random.Random(rng.random())


def documents(value, frame):
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    parsed = datetime.fromisoformat("2026-01-01T00:00:00+00:00")
    now = when.astimezone(timezone.utc)
    return value.to_dict(), frame.to_json(), frame.to_html(), frame.to_numpy(), parsed, now


@attrs.frozen
class Ledger:
    read_only: bool = attrs.field(default=True)
"""


@pytest.mark.parametrize(("source", "needle"), BYPASSES.values(), ids=list(BYPASSES))
def test_scanner_catches_each_bypass(source: str, needle: str) -> None:
    """Each way past a name.attr()-only scanner is caught: aliases, references, I/O methods, seeds."""
    found = violations_in(source)
    assert any(needle in line for line in found), found


def test_scanner_passes_pure_code_that_looks_alike() -> None:
    """Seeded generators, type annotations, our own to_dict and text-returning to_json are fine."""
    assert violations_in(PURE) == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_is_pure(path: Path) -> None:
    """No module outside __main__ does I/O, prints, reads the clock or the environment."""
    assert _violations(path) == []


# Layers, from the bottom (DESIGN.md). Each module of the package belongs to a
# layer: the foundation modules at the top of the package, an engine package,
# or an upper module that composes engines. A module may import its own layer
# and any layer below it; engines never import each other (an engine that
# needs another's answer takes it as an argument).
FOUNDATION = {
    "_errors",
    "_deprecation",
    "_time",
    "_timestamps",
    "_windows",
    "_validators",
    "_converters",
    "_arguments",
    "_wording",
    "_models",
    "_vocabulary",
    "_dataset",
    "_display",
    "_version",
    "_serialization",
    "_structuring",
    "_document_problems",
    "_json_schema",
    "_readers",
}
# Shared foundations for the optional extras, imported only by optional modules.
OPTIONAL_FOUNDATION = {
    "_tabular",
    "_columns",
    "_figures",
    "_frames_interop",
    "_frames_polars",
    "_frames_arrow",
    "_frames_cells",
    "_frames_results",
    "_frames_parallel",
    "_frames_values",
}
BELOW_ENGINES = {"activity"}  # a package the engines may use
ENGINES = {"recovery", "word_of_mouth", "leads", "satisfaction", "morale"}
UPPER = {
    "demo",
    "frames",
    "plotting",
    "samples",
    "testing",
    "_catalogue",
    "__init__",
    "__main__",
    "_cli",
}
# pandas, Dask and matplotlib may be imported only by these modules (lazily, as an extra).
OPTIONAL_STEMS = {"frames", "plotting", "_tabular", "_columns", "_figures"}
# Private helpers of an engine's optional modules: leads/_frames_rules.py and the like.
OPTIONAL_PREFIXES = ("_frames_", "_plotting_")


def _optional_stem(stem: str) -> bool:
    return stem in OPTIONAL_STEMS or stem.startswith(OPTIONAL_PREFIXES)


HEAVY = (
    "pandas",
    "numpy",
    "dask",
    "distributed",
    "matplotlib",
    "polars",
    "pyarrow",
    "narwhals",
    "scipy",
    "networkx",
)


def _layer_of(parts: tuple[str, ...]) -> str:
    """The layer of a module given its dotted path inside custinteract (``('recovery', '_rules')``)."""
    head = parts[0] if parts else "__init__"
    return head


def _resolve(path: Path, node: ast.ImportFrom) -> list[tuple[str, ...]]:
    """The internal modules (as dotted parts below custinteract) an import statement names."""
    own = path.relative_to(PACKAGE).with_suffix("").parts
    package = own[:-1]
    if node.level:
        base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        if node.level - 1 > len(package):
            return []
        module = tuple(node.module.split(".")) if node.module else ()
        target = (*base, *module)
    elif node.module and (node.module == "custinteract" or node.module.startswith("custinteract.")):
        target = tuple(node.module.split(".")[1:])
    else:
        return []
    if node.module is None or not target:
        return [(*target, alias.name) for alias in node.names]
    return [target]


def _imports_of(path: Path) -> list[tuple[tuple[str, ...], list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            # ``from . import _validators as v`` imports a module, not a name in it
            names = [alias.name for alias in node.names] if node.module else []
            for target in _resolve(path, node):
                found.append((target, names))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("custinteract."):
                    found.append((tuple(alias.name.split(".")[1:]), []))
    return found


def _heavy_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(HEAVY)


def _all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> tuple[str, ...]:
    return path.relative_to(PACKAGE).with_suffix("").parts


def _allowed(source: tuple[str, ...], target: tuple[str, ...]) -> bool:
    src, dst = _layer_of(source), _layer_of(target)
    if dst in FOUNDATION:
        return True
    if dst in OPTIONAL_FOUNDATION:
        return _optional_stem(source[-1]) or src in UPPER
    if src in FOUNDATION:
        return False
    if src == dst:
        return True
    if dst in BELOW_ENGINES:
        return src in ENGINES or src in UPPER
    if src in ENGINES or src in BELOW_ENGINES or src in OPTIONAL_FOUNDATION:
        return False
    return src in UPPER


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_only(path: Path) -> None:
    """Foundation imports only foundation; an engine imports foundation and its own package.

    Engines never import each other; the demo, facades and catalogue compose them.
    """
    source = _rel(path)
    for target, _ in _imports_of(path):
        if not _allowed(source, target):
            pytest.fail(f"{'.'.join(source)} imports {'.'.join(target)}: against DESIGN.md")


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_crosses_a_package(path: Path) -> None:
    """An underscore name is imported only from a module of the importer's own package.

    Foundation modules are a declared internal API: their names are imported
    without an underscore. (Modules themselves may be private, ``_rules``.)
    """
    source = _rel(path)
    for target, names in _imports_of(path):
        if _layer_of(source) == _layer_of(target) and len(source) > 1:
            continue
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private:
            pytest.fail(f"{'.'.join(source)} imports {private} from {'.'.join(target)}")


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_heavy_libraries_only_in_optional_modules(path: Path) -> None:
    """pandas, NumPy, Dask and matplotlib are imported only by the optional modules."""
    source = _rel(path)
    optional = _optional_stem(source[-1]) or source[0] in ("frames", "plotting")
    if not optional:
        assert _heavy_imports(path) == set()


def test_importing_the_core_does_not_import_optional_extras() -> None:
    """import custinteract pulls in no pandas, Dask, matplotlib or hypothesis."""
    code = (
        "import sys, custinteract\n"
        "heavy = {'pandas', 'dask', 'matplotlib', 'hypothesis', 'numpy', 'polars', 'narwhals', 'pyarrow'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
