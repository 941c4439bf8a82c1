"""The package layout shows the flow, and the imports keep to it.

Layers, bottom to top: errors < inert < model < yaml < store < query < lint < publish < edit
< lsp < cli.
A module may import its own package and the layers below, never one above, and
no two modules import each other, even inside functions.
"""

import ast
from pathlib import Path

import citynet

PACKAGE = Path(citynet.__file__).parent
LAYERS = ["errors", "inert", "model", "yaml", "store", "query", "lint", "publish", "edit", "lsp", "cli"]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("citynet", *parts))] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every citynet module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "citynet":
                names.update(f"citynet.{alias.name}" for alias in node.names)
            elif node.module.startswith("citynet."):
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("citynet."))
    return names


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_package_says_what_lives_there():
    for package in LAYERS[1:]:
        if (PACKAGE / f"{package}.py").is_file():  # a layer of one module (citynet.inert)
            continue
        init = PACKAGE / package / "__init__.py"
        assert init.is_file(), package
        assert ast.get_docstring(ast.parse(init.read_text())), f"{package}/__init__.py"


def test_no_module_imports_a_layer_above_it():
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        own = _layer(module)
        if own is None:
            continue
        for imported in _imports(path) & set(modules):
            other = _layer(imported)
            if other is not None and other > own:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(sorted(wrong))


def test_there_is_no_import_cycle():
    modules = _modules()
    graph = {m: sorted(_imports(p) & set(modules) - {m}) for m, p in modules.items()}
    # a package's __init__ is not an import of its modules: drop edges to bare packages
    packages = {m for m, p in modules.items() if p.name == "__init__.py"}
    graph = {m: [n for n in edges if n not in packages] for m, edges in graph.items()}
    seen: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in graph[node]:
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt):], nxt]))
            elif nxt not in seen:
                visit(nxt, [*trail, nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_no_module_is_over_400_lines():
    long = {m: n for m, p in _modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long


def test_no_test_imports_a_private_name():
    tests = Path(__file__).parent
    private = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("citynet"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_") and not a.name.startswith("__")]
    assert not private, private


def test_every_package_is_installed():
    """pyproject.toml lists packages by name: a package left out works in an editable install
    and is missing from a real one."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text())
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(PACKAGE.parent).parts)
             for path in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()


def _architecture() -> str:
    return (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_diagram_orders_the_packages_as_the_layers_do():
    diagram = _architecture().split("```", 2)[1]
    first_line = next(line for line in diagram.splitlines() if "─►" in line)
    drawn = [part.strip().rstrip("/") for part in first_line.split("─►")]
    assert drawn == [layer for layer in LAYERS if (PACKAGE / layer).is_dir()]


def test_the_tree_names_every_module():
    """docs/architecture.md's table names each module of each package (by its file name, or
    its folder for a package inside a package), so the map of the code cannot fall behind."""
    table = _architecture().split("## The tree", 1)[1].split("\n## ", 1)[0]
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if path.name == "__init__.py" or path.name == "__main__.py":
            continue
        name = parts[-1]
        if f"`{name}`" not in table and not (len(parts) > 2 and f"`{parts[-2]}/`" in table
                                             and f"`{name}`" in table):
            missing.append("/".join(parts))
    assert missing == []
