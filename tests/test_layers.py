"""Layers point one way: no import cycle between the top-level packages, and the pure
layers import nothing they must not. Read from the source with `ast`, so a new import
anywhere (even inside a function) is seen without running it."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("backend", "schemas", "geo", "domain", "tests", "bench", "migrations")
# what each pure layer may import of the project's own packages
ALLOWED = {"domain": {"domain"}, "geo": {"geo"}, "schemas": {"schemas", "domain", "geo"}}


def _python_files(package):
    return sorted(path for path in (ROOT / package).rglob("*.py") if "node_modules" not in path.parts)


def imports_of(path):
    """The top-level project packages a file imports (absolute imports only; a relative
    import stays inside its own package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in PACKAGES)
    return found


def package_graph():
    """{package: {(imported package, file that imports it), ...}}"""
    graph = {package: set() for package in PACKAGES}
    for package in PACKAGES:
        for path in _python_files(package):
            for imported in imports_of(path) - {package}:
                graph[package].add((imported, path.relative_to(ROOT).as_posix()))
    return graph


def find_cycle(edges):
    """A cycle in {node: {node, ...}} as a list of nodes, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state and (cycle := visit(nxt, trail + [nxt])):
                return cycle
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return None


def test_find_cycle_sees_a_cycle_and_its_absence():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_imports_of_reads_every_form_of_import(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "import geo.crs\nfrom backend import x\nfrom .local import y\n"
        "def f():\n    import schemas.records\nimport flask\n"
    )
    assert imports_of(source) == {"geo", "backend", "schemas"}


def test_no_cycle_between_top_level_packages():
    graph = package_graph()
    edges = {package: {imported for imported, _ in pairs} for package, pairs in graph.items()}
    cycle = find_cycle(edges)
    if cycle:
        witnesses = [
            f"{a} → {b}: " + ", ".join(sorted(f for i, f in graph[a] if i == b)[:3]) for a, b in zip(cycle, cycle[1:])
        ]
        pytest.fail("import cycle: " + " → ".join(cycle) + "\n" + "\n".join(witnesses))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_pure_layers_import_only_what_they_may(package):
    wrong = sorted(
        f"{file} imports {imported}" for imported, file in package_graph()[package] if imported not in ALLOWED[package]
    )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("modules", "forbidden"),
    [
        # query schemas must not load GDAL (the export writers) nor the app
        (
            "schemas.records, schemas.exports, schemas.summaries, schemas.targets, schemas.users, schemas.units",
            ("pyogrio", "backend"),
        ),
        (
            "domain.indicators, domain.units, domain.roles, domain.messages, domain.ids",
            ("flask", "sqlalchemy", "marshmallow", "backend"),
        ),
        ("geo", ("flask", "sqlalchemy", "backend")),
    ],
)
def test_importing_a_layer_loads_nothing_it_must_not(modules, forbidden):
    """Run in a fresh interpreter: what importing the modules actually loads."""
    probe = (
        f"import sys; import {modules}; "
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({forbidden!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"importing {modules} loaded {result.stdout.strip()}"


# what a service may not import: it raises domain errors (domain/errors.py), and
# backend/errors.py alone turns them into HTTP
HTTP_ERROR_IMPORTS = {
    "backend.errors": None,  # any name of it
    "werkzeug.exceptions": None,
    "flask": {"abort"},
    "flask_smorest": {"abort"},
}


def http_error_imports(path):
    """The HTTP-error imports of a file, as "module" or "module.name"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name in HTTP_ERROR_IMPORTS]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in HTTP_ERROR_IMPORTS:
            names = HTTP_ERROR_IMPORTS[node.module]
            found += [f"{node.module}.{a.name}" for a in node.names if names is None or a.name in names]
        elif isinstance(node, ast.ImportFrom) and node.module == "backend" and node.level == 0:
            found += [f"backend.{a.name}" for a in node.names if a.name == "errors"]
    return found


def test_http_error_imports_are_seen(tmp_path):
    source = tmp_path / "service.py"
    source.write_text(
        "from backend.errors import ApiError\nfrom flask import abort, current_app\n"
        "def f():\n    from flask_smorest import abort\n    import werkzeug.exceptions\n"
        "from backend import errors\nfrom flask import request\nfrom domain.errors import NotFound\n"
    )
    assert sorted(http_error_imports(source)) == [
        "backend.errors",
        "backend.errors.ApiError",
        "flask.abort",
        "flask_smorest.abort",
        "werkzeug.exceptions",
    ]


def test_services_raise_domain_errors_only():
    wrong = [
        f"{path.relative_to(ROOT).as_posix()} imports {name}"
        for path in _python_files("backend/services")
        for name in http_error_imports(path)
    ]
    assert not wrong, "services raise domain errors (domain/errors.py), not HTTP ones:\n" + "\n".join(wrong)
