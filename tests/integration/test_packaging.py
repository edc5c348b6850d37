"""The package as Open edX installs it: wheel contents, entry points, plain and editable installs."""

import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Renders every view of the default program in whatever environment runs it, and prints
# where the package was imported from.
RENDER_SCRIPT = r"""
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring_xblock.workbench.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios
import mentoring_xblock
usage = get_scenarios()["mentorship.1"].usage_id
for student, view in (("learner1", "student_view"), ("staff", "author_view"), ("staff", "studio_view")):
    block = WorkbenchRuntime(student).get_block(usage)
    html = block.render(view, {}).body_html()
    assert "Kickoff: meet and set expectations" in html or view == "studio_view", view
    print(view, len(html))
print("FROM", mentoring_xblock.__file__)
"""


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT))
    return next(out.glob("mentoring_xblock-*.whl"))


def clean_venv(path):
    """A virtualenv with the installed dependencies of this one but without mentoring_xblock."""
    run(sys.executable, "-m", "venv", str(path))
    site = next(path.glob("lib/python*/site-packages"))
    deps = [p for p in sys.path if p.endswith("site-packages") and "mentoring" not in Path(p).name]
    (site / "deps.pth").write_text("\n".join(deps) + "\n")
    return path / "bin" / "python"


def render_in(python, cwd):
    env = {**os.environ, "MENTORING_VAR_DIR": str(cwd / "var")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("WORKBENCH_DATABASES", None)
    return run(str(python), "-c", RENDER_SCRIPT, cwd=cwd, env=env).stdout


@pytest.mark.packaging
def test_wheel_carries_static_templates_translations_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        f"mentoring_xblock/{path.relative_to(ROOT).as_posix()}"
        for folder in ("static", "templates", "translations")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
    ]
    shipped += [
        f"mentoring_xblock/migrations/{path.name}"
        for path in sorted((ROOT / "mentoring_xblock/migrations").glob("0*.py"))
    ]
    shipped += [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "mentoring_xblock/mako").rglob("*"))
        if path.is_file()
    ]
    assert (
        "mentoring_xblock/static/js/learner.js" in shipped
        and "mentoring_xblock/templates/workspace/goals.html" in shipped
        and "mentoring_xblock/mako/mentoring_xblock/instructor/mentoring.html" in shipped
    )
    for path in (
        *shipped,
        "mentoring_xblock/workbench/scenarios/demo_unit.xml",
        "mentoring_xblock/settings/common.py",
        "mentoring_xblock/settings/production.py",
    ):
        assert path in names, path
    assert not any(name.startswith(("tests/", "static/", "templates/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "mentorship = mentoring_xblock.block:MentoringBlock" in text
    assert "[lms.djangoapp]" in text and "[cms.djangoapp]" in text


@pytest.mark.packaging
def test_block_renders_after_a_plain_install_in_a_clean_virtualenv(tmp_path, wheel):
    python = clean_venv(tmp_path / "venv")
    run(str(python), "-m", "pip", "install", "--no-deps", str(ROOT))
    output = render_in(python, tmp_path)
    assert "studio_view" in output
    location = output.split("FROM ", 1)[1].strip()
    assert location.startswith(str(tmp_path / "venv")), location


@pytest.mark.packaging
def test_block_renders_after_an_editable_install(tmp_path):
    python = clean_venv(tmp_path / "venv")
    run(str(python), "-m", "pip", "install", "--no-deps", "-e", str(ROOT))
    output = render_in(python, tmp_path)
    assert "studio_view" in output
    assert output.split("FROM ", 1)[1].strip() == str(ROOT / "mentoring_xblock" / "__init__.py")


def test_entry_points_are_registered_for_xblock_lms_and_cms():
    groups = metadata.entry_points()
    block = [ep for ep in groups.select(group="xblock.v1") if ep.name == "mentorship"]
    assert [ep.value for ep in block] == ["mentoring_xblock.block:MentoringBlock"]
    for group in ("lms.djangoapp", "cms.djangoapp"):
        apps = [ep.value for ep in groups.select(group=group) if ep.name == "mentoring_xblock"]
        assert apps == ["mentoring_xblock.apps:MentoringConfig"]
