#!/usr/bin/env python3
"""The longest Python functions and methods of the project's own packages, longest first.

    .venv/bin/python scripts/longest_functions.py [-n 10] [package ...]

A function's length is its lines from the `def` (decorators excluded) to its last line,
docstring and comments included: what a reader has to hold. A nested function counts
within the function around it, and is listed on its own too."""

import argparse
import ast
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("backend", "domain", "geo", "schemas")


class Function(NamedTuple):
    lines: int
    path: str
    line: int
    name: str


def functions(path: Path) -> list[Function]:
    """Every function and method in one file, named Class.method where it is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                found.append(Function(length, path.relative_to(ROOT).as_posix(), child.lineno, name))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def longest(packages=PACKAGES, count=10):
    every = [f for package in packages for path in sorted((ROOT / package).rglob("*.py")) for f in functions(path)]
    return sorted(every, key=lambda f: (-f.lines, f.path, f.line))[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="how many (default 10)")
    parser.add_argument("packages", nargs="*", default=PACKAGES, help=f"default: {' '.join(PACKAGES)}")
    args = parser.parse_args()
    for function in longest(args.packages, args.n):
        print(f"{function.lines:4d}  {function.path}:{function.line}  {function.name}")


if __name__ == "__main__":
    main()
