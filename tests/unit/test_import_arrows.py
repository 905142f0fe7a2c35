"""The import arrows of ARCHITECTURE.md, read from the source with ``ast`` (nothing imported):

1. no import of our own modules inside a function, except those in ``ALLOWED`` (each with its
   reason);
2. each package imports only what the arrows table lets it: ``policy_kb`` none of our
   packages, ``bot`` only ``policy_kb``, neither Flask nor SQLAlchemy; ``bluecard`` the edges
   only where ``create_app`` registers them; the edges (``handlers``, ``console``,
   ``miniapp_api``) never each other, any ``models`` module or the database session ``db``;
3. no import cycle among our modules at module level.

Code under ``if TYPE_CHECKING:`` never runs and code under ``if __name__ == "__main__":`` runs
only when the file is a script, so neither makes a module-level arrow (rule 3); rule 2 reads
them too.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bluecard", "bot", "policy_kb", "handlers", "console", "miniapp_api")
EDGES = ("handlers", "console", "miniapp_api")
#: Modules outside the packages: the WSGI entry point and gunicorn's settings file.
SCRIPTS = {"wsgi": "wsgi.py", "gunicorn.conf": "gunicorn.conf.py"}

#: (module, function, imported module) → why the import is inside that function.
ALLOWED: dict[tuple[str, str, str], str] = {
    **{
        ("bluecard", "_register", edge): "create_app registers the edges, the one place "
        "bluecard imports them (ARCHITECTURE.md); they import bluecard's services, so a "
        "module-level import would be a cycle"
        for edge in EDGES
    },
    **{
        ("gunicorn.conf", hook, "bluecard.followers.msglog"): "gunicorn reads this file in "
        "the master before the app exists: a module-level import would load the whole service "
        "there (without --preload the master must not) and prometheus-client before "
        "PROMETHEUS_MULTIPROC_DIR is set; the hook runs in a worker, where the app is loaded"
        for hook in ("post_worker_init", "worker_exit")
    },
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    function: str | None  # qualified name of the enclosing function, None at module level
    target: str  # the imported module (ours: the longest existing one; else as written)
    names: tuple[str, ...]  # names taken from it (``from x import a, b``)
    guarded: bool  # under ``if TYPE_CHECKING:`` or ``if __name__ == "__main__":``
    line: int


def own_modules(root: Path = ROOT) -> dict[str, Path]:
    """Our module names → their files (packages by their ``__init__.py``)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    for name, file in SCRIPTS.items():
        if (root / file).exists():
            found[name] = root / file
    return found


def _guard(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if __name__ == "__main__":`` exactly (``if not TYPE_CHECKING``
    runs, and so does the ``else`` of either)."""
    text = ast.unparse(test).replace("'", '"')
    return text in ("TYPE_CHECKING", "typing.TYPE_CHECKING", '__name__ == "__main__"')


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import statement of ``module``, with where it stands."""
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def resolve(name: str) -> str:
        if name.partition(".")[0] not in PACKAGES:
            return name
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    def visit(node: ast.AST, scope: list[str], function: str | None, guarded: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = resolve(alias.name)
                    found.append(Import(module, function, target, (), guarded, child.lineno))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module.split(".")[: None if is_package else -1]
                    package = package[: len(package) - child.level + 1]
                    base = ".".join([*package, base] if base else package)
                names = tuple(alias.name for alias in child.names)
                # ``from bluecard import cli``: the submodule; ``from x import f``: x itself.
                targets = {base}
                if _package(base) in PACKAGES:
                    targets = {resolve(f"{base}.{name}") for name in names}
                for target in sorted(targets):
                    found.append(Import(module, function, target, names, guarded, child.lineno))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [*scope, child.name]
                visit(child, inner, ".".join(inner), guarded)
            elif isinstance(child, ast.ClassDef):
                visit(child, [*scope, child.name], function, guarded)
            elif isinstance(child, ast.If) and _guard(child.test):
                # only the body is guarded: its ``else`` runs like any other code
                for stmt in child.body:
                    visit(ast.Module(body=[stmt], type_ignores=[]), scope, function, True)
                for stmt in child.orelse:
                    visit(ast.Module(body=[stmt], type_ignores=[]), scope, function, guarded)
            else:
                visit(child, scope, function, guarded)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), [], None, False)
    return found


def all_imports(root: Path = ROOT) -> list[Import]:
    modules = own_modules(root)
    return [i for name, path in modules.items() for i in imports_of(name, path, modules)]


def _package(name: str) -> str:
    return name.partition(".")[0]


def _ours(imp: Import) -> bool:
    return _package(imp.target) in PACKAGES


def function_level_violations(imports: list[Import]) -> list[str]:
    """Own-module imports inside functions that ``ALLOWED`` does not hold."""
    seen = Counter(
        (i.module, i.function, i.target) for i in imports if i.function is not None and _ours(i)
    )
    where = {(i.module, i.function, i.target): i.line for i in imports if i.function}
    bad = []
    for key in sorted(seen, key=str):
        if key not in ALLOWED:
            module, function, target = key
            bad.append(f"{module}:{where[key]} {function}() imports {target}")
    return bad


def arrow_violations(imports: list[Import]) -> list[str]:
    """Imports the arrows table of ARCHITECTURE.md forbids."""
    bad = []
    for i in imports:
        source, target = _package(i.module), _package(i.target)
        if source == "policy_kb":
            wrong = target in PACKAGES and target != "policy_kb"
        elif source == "bot":
            wrong = target in PACKAGES and target not in ("bot", "policy_kb")
        elif source == "bluecard":
            wrong = target in EDGES and (i.module, i.function, i.target) not in ALLOWED
        elif source in EDGES:
            wrong = (
                (target in EDGES and target != source)
                or (target in PACKAGES and "models" in i.target.split("."))
                or (i.target == "bluecard.extensions" and "db" in i.names)
            )
        else:
            wrong = False
        if source in ("policy_kb", "bot") and target in ("flask", "sqlalchemy"):
            wrong = True
        if source in ("policy_kb", "bot") and target.startswith(("flask_", "sqlalchemy")):
            wrong = True
        if wrong:
            bad.append(f"{i.module}:{i.line} imports {i.target}")
    return bad


def cycles(imports: list[Import]) -> list[list[str]]:
    """Each import cycle among our modules at module level, as one path a → … → a."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if i.function is None and not i.guarded and _ours(i) and i.target != i.module:
            graph.setdefault(i.module, set()).add(i.target)
    # Tarjan's strongly connected components, then one cycle through each.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:  # breadth first: the shortest way back to the start
        node = frontier.pop(0)
        for nxt in sorted(graph.get(node, set()) & component):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                frontier.append(nxt)
    return sorted(component)


def test_no_own_module_import_inside_a_function_unless_listed():
    assert function_level_violations(all_imports()) == []


def test_every_listed_exception_still_exists():
    """A documented exception that is gone is deleted from ALLOWED (pending ones may lag)."""
    present = {(i.module, i.function, i.target) for i in all_imports() if i.function}
    assert sorted(set(ALLOWED) - present) == []


def test_packages_import_only_along_the_arrows():
    assert arrow_violations(all_imports()) == []


def test_no_import_cycle_at_module_level():
    assert cycles(all_imports()) == []
