"""README's layout names every module of each layer of ``src/helpers``, and names nothing that is not there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "src" / "helpers"


def _tree_entries() -> dict[str, list[str]]:
    """Layer -> the names its README line lists (comma-separated, descriptions in brackets left out)."""
    block = re.search(r"```\n(_config\.yml.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    text, layer = {}, None
    for line in block.splitlines():
        start = re.match(r"  (\w+)/\s+(.*)", line)
        if start:
            layer = start.group(1)
            text[layer] = start.group(2)
        elif layer and re.match(r"\s{20,}\S", line):
            text[layer] += " " + line.strip()
        else:
            layer = None
    entries = {}
    for name, listed in text.items():
        listed = re.sub(r"\([^)]*\)", "", re.sub(r"^[\w-]+: ", "", listed))
        entries[name] = [item.split()[0] for item in listed.split(",") if item.strip()]
    return entries


def test_the_readme_tree_lists_every_module_of_every_layer():
    tree = _tree_entries()
    layers = sorted(p.name for p in HELPERS.iterdir() if (p / "__init__.py").exists())
    assert sorted(tree) == layers
    for layer in layers:
        here = {p.stem for p in (HELPERS / layer).glob("*.py") if p.stem != "__init__"}
        here |= {p.name + "/" for p in (HELPERS / layer).iterdir() if p.is_dir() and p.name != "__pycache__"}
        listed = set(tree[layer])
        assert not here - listed, f"README's tree does not name {layer}/{sorted(here - listed)}"
        assert not listed - here, f"README's tree names {layer}/{sorted(listed - here)}, which is not there"
