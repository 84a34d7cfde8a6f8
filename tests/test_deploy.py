"""examples/deploy.sh: a new release folder, `current` switched in one rename, the last few kept,
rollback (issue 17 §5), run against a local folder as the web server's would be."""
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "deploy.sh"
pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")


def deploy(*args):
    return subprocess.run(["sh", str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=60)


def built_site(folder: Path, version: str) -> Path:
    (folder / "plans").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{version}</p>", encoding="utf-8")
    (folder / "plans" / f"{version}.html").write_text(version, encoding="utf-8")
    return folder


def releases(root: Path) -> list[str]:
    return sorted(os.listdir(root / "releases"))


def served(root: Path) -> str:
    return (root / "current" / "index.html").read_text(encoding="utf-8")


def deploy_versions(tmp_path, root, versions, keep=3):
    for version in versions:
        result = deploy(built_site(tmp_path / version, version), root, keep)
        assert result.returncode == 0, result.stderr
        time.sleep(0.01)


def test_each_deploy_is_a_new_release_and_current_follows(tmp_path):
    root = tmp_path / "www"
    deploy_versions(tmp_path, root, ["v1", "v2"])
    assert served(root) == "<p>v2</p>"
    assert (root / "current").is_symlink() and os.readlink(root / "current") == f"releases/{releases(root)[-1]}"
    # The new release is the new site whole: nothing of the old one is left in it.
    assert sorted(p.name for p in (root / "current" / "plans").iterdir()) == ["v2.html"]
    assert len(releases(root)) == 2
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []  # no temporary link left
    assert [r for r in os.listdir(root / "releases") if r.startswith(".")] == []


def test_the_last_releases_are_kept_and_older_ones_deleted(tmp_path):
    root = tmp_path / "www"
    deploy_versions(tmp_path, root, ["v1", "v2", "v3", "v4", "v5"], keep=3)
    kept = releases(root)
    assert len(kept) == 3
    assert [(root / "releases" / r / "index.html").read_text() for r in kept] == ["<p>v3</p>", "<p>v4</p>", "<p>v5</p>"]


def test_rollback_switches_to_the_release_before(tmp_path):
    root = tmp_path / "www"
    deploy_versions(tmp_path, root, ["v1", "v2", "v3"])
    assert deploy("--rollback", root).returncode == 0
    assert served(root) == "<p>v2</p>"
    assert deploy("--rollback", root).returncode == 0
    assert served(root) == "<p>v1</p>"
    refused = deploy("--rollback", root)
    assert refused.returncode == 1 and "no release before" in refused.stderr
    assert served(root) == "<p>v1</p>"
    deploy_versions(tmp_path, root, ["v4"])
    assert served(root) == "<p>v4</p>"


def test_a_failed_deploy_leaves_the_live_site_alone(tmp_path):
    root = tmp_path / "www"
    deploy_versions(tmp_path, root, ["v1"])
    before = releases(root)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = deploy(empty, root)
    assert result.returncode == 1 and "not a built site" in result.stderr
    assert served(root) == "<p>v1</p>" and releases(root) == before


def test_a_live_folder_in_the_way_is_not_replaced(tmp_path):
    root = tmp_path / "www"
    (root / "current").mkdir(parents=True)
    (root / "current" / "index.html").write_text("old site")
    result = deploy(built_site(tmp_path / "v1", "v1"), root)
    assert result.returncode == 1 and "is not a link" in result.stderr
    assert (root / "current" / "index.html").read_text() == "old site"


EXAMPLES = SCRIPT.parent


def test_the_ci_examples_rebuild_daily_with_todays_date_and_deploy_atomically():
    import yaml

    github = yaml.safe_load((EXAMPLES / "content-repo/.github/workflows/publish.yml").read_text(encoding="utf-8"))
    gitlab = (EXAMPLES / "content-repo/.gitlab-ci.yml").read_text(encoding="utf-8")
    assert github[True]["schedule"] == [{"cron": "5 16 * * *"}]  # (YAML 1.1 reads the key 'on' as True)
    steps = {step.get("name"): step.get("run", "") for step in github["jobs"]["build"]["steps"]}
    # Built for today in the site's time zone: no --today from the commit's date.
    build_commands = [steps["Build"], *yaml.safe_load(gitlab)["build"]["script"]]
    assert all("build.py build" in line and "--today" not in line for line in build_commands if "build.py" in line)
    for publish in (steps["Publish"], "\n".join(yaml.safe_load(gitlab)["publish"]["script"])):
        assert "examples/deploy.sh" in publish and "/upload/" in publish
    timer = (EXAMPLES / "systemd/disclosure-build.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 00:05:00 Asia/Shanghai" in timer
    service = (EXAMPLES / "systemd/disclosure-build.service").read_text(encoding="utf-8")
    commands = [line for line in service.splitlines() if line.startswith("ExecStart=")]
    assert any("check --strict" in line for line in commands) and "deploy.sh" in commands[-1]
    assert not any("--today" in line for line in commands)
