"""The layers of bot/ hold (README, "The layers"): the contracts in .importlinter pass
import-linter (each layer imports only the layers below it, only the process entries build the
app, no package's modules import each other round in a cycle), and no module imports itself
back through others, not even a package through its own modules (graphlib finds any cycle)."""

from __future__ import annotations

import graphlib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out[-4000:]


def test_no_module_imports_itself_back():
    graph = grimp.build_graph("bot", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as cycle:
        raise AssertionError("an import cycle: %s" % " -> ".join(cycle.args[1])) from None


def test_a_module_that_imports_upwards_breaks_the_contract(tmp_path, capsys, monkeypatch):
    """The check can fail: a copy of bot/ where the content layer imports the dialogue breaks it."""
    import shutil
    import sys

    copy = tmp_path / "bot"
    shutil.copytree(ROOT / "bot", copy, ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    with (copy / "content" / "freshness.py").open("a") as module:
        module.write("\nfrom ..dialogue import engine  # noqa\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name == "bot" or name.startswith("bot.")]:
        monkeypatch.delitem(sys.modules, name)
    code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 1 and "bot.content.freshness -> bot.dialogue.engine" in out, out[-3000:]
