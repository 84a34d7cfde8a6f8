"""The code reads as one plain pipeline, with everything that only saves time behind one door."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import tree

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "disclosure"


def _modules():
    return sorted(path for path in CODE.rglob("*.py"))


def test_modules_and_functions_fit_on_a_screen():
    too_long = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            too_long.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 50:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}, "
                                f"{node.end_lineno - node.lineno + 1} lines")
    assert too_long == []


def _imports(path: Path) -> set[str]:
    """The modules of disclosure that a file imports, as dotted names relative to the package."""
    package = path.relative_to(CODE).parent.parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            name = ".".join(base + (node.module.split(".") if node.module else []))
            if node.level == 0:
                name = node.module.removeprefix("disclosure.") if node.module.startswith("disclosure") else ""
            found |= {name} | {f"{name}.{alias.name}".strip(".") for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("disclosure.") for alias in node.names
                      if alias.name.startswith("disclosure.")}
    return found


def test_only_the_callers_know_the_incremental_package():
    """The pipeline, the content model and the outputs never import the speed machinery."""
    callers = {"cli.py", "serve.py"}
    knowing = [path.relative_to(CODE).as_posix() for path in _modules()
               if "incremental" not in path.relative_to(CODE).parts and path.name not in callers
               and any(name == "incremental" or name.startswith("incremental.") for name in _imports(path))]
    assert knowing == []


def test_without_the_incremental_package_the_build_still_works(tmp_path):
    """Deleting disclosure/incremental/ leaves a working build, with the same bytes."""
    copy = tmp_path / "copy"
    shutil.copytree(CODE, copy / "disclosure", ignore=shutil.ignore_patterns("incremental", "__pycache__"))
    for name in ("build.py", "templates", "static"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, copy / name)
    site = ROOT / "tests/sites/basic"
    today = (site / "today").read_text().strip()
    for where, output, entry in ((copy, tmp_path / "without", []), (ROOT, tmp_path / "with", ["--no-cache"])):
        result = subprocess.run([sys.executable, str(where / "build.py"), "--config", str(site / "site_config.yaml"),
                                 "--content", str(site / "content"), "--output", str(output), "--today", today,
                                 *entry], capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert not (copy / "disclosure/incremental").exists() and not (site / ".cache").exists()
    assert tree(tmp_path / "without") == tree(tmp_path / "with")


def test_readme_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = {line.split()[0] for line in layout.splitlines() if line.startswith("    ") and line.strip()}
    missing = [path.relative_to(CODE).as_posix() for path in _modules()
               if path.name != "__init__.py" and not {path.relative_to(CODE).as_posix(), path.name} & listed]
    assert missing == []
