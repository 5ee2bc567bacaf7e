"""The {fact} role reads the facts from the sources_dir the page's notebook ran with."""

import json
import shutil
from types import SimpleNamespace

import nbformat

from helpers.book import build, sphinx_ext
from helpers.data.paths import REPO_ROOT, SOURCES_DIR


class _Reporter:
    def error(self, message, line=None):
        return message


def _inliner(executed):
    env = SimpleNamespace(docname="chapter", doc2path=lambda docname: str(executed), note_dependency=lambda p: None)
    return SimpleNamespace(document=SimpleNamespace(settings=SimpleNamespace(env=env)), reporter=_Reporter())


def _executed_notebook(path, parameters):
    nb = nbformat.v4.new_notebook()
    nb.metadata["sssp"] = {"fingerprint": "x", "source": "notebooks/chapter.md", "parameters": parameters}
    nbformat.write(nb, path)
    return path


def _role_text(executed, fact_id="cfbt-partnerships-count"):
    role = sphinx_ext._make_fact_role(with_qualifier=True)
    nodes, messages = role("fact", f"{{fact}}`{fact_id}`", fact_id, 1, _inliner(executed))
    assert not messages, messages
    return nodes[0].astext()


def test_the_role_reads_the_pages_sources_dir(tmp_path):
    other = tmp_path / "other-sources"
    shutil.copytree(SOURCES_DIR, other)
    table = other / "lincolnshire_partnerships.csv"
    text = table.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("cfbt-partnerships-count,"))
    as_written = row.split(",")[6]
    table.write_text(text.replace(row, row.replace(f",{as_written},", ",forty-seven,", 1)), encoding="utf-8")

    default = _executed_notebook(tmp_path / "default.ipynb", {"sources_dir": "data/sources"})
    moved = _executed_notebook(tmp_path / "moved.ipynb", {"sources_dir": str(other)})
    assert _role_text(default) == as_written
    assert _role_text(moved) == "forty-seven"


def test_a_page_without_recorded_parameters_reads_data_sources(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A page\n", encoding="utf-8")
    assert sphinx_ext.page_sources_dir(_inliner(page).document.settings.env) == SOURCES_DIR
    bare = tmp_path / "bare.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), bare)
    assert build.executed_parameters(bare) == {}


def test_the_build_records_a_notebooks_parameters():
    chapter = sorted((REPO_ROOT / "notebooks").glob("*.md"))[0]
    meta = build.run_metadata(chapter, {"sources_dir": "/elsewhere"}, "fp")
    defaults = build.parameter_defaults(chapter)
    assert meta["fingerprint"] == "fp" and meta["source"] == f"notebooks/{chapter.name}"
    assert meta["parameters"] == json.loads(json.dumps({**defaults, "sources_dir": "/elsewhere"}, default=str))
    assert "sources_dir" in defaults
