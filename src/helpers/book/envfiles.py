"""Keep ``environment.yml`` (for conda users) pinned exactly as ``requirements.lock`` is.

python -m helpers.book.envfiles write    # rewrite environment.yml from requirements.lock
python -m helpers.book.envfiles check    # exit 1 if the two disagree
"""

from __future__ import annotations

import re
import sys

import yaml

from helpers.data.paths import REPO_ROOT

LOCK = REPO_ROOT / "requirements.lock"
ENVIRONMENT = REPO_ROOT / "environment.yml"
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


def lock_pins(text: str | None = None) -> dict[str, str]:
    """Package name (normalised) -> pinned version, from requirements.lock."""
    pins = {}
    for line in (LOCK.read_text() if text is None else text).splitlines():
        m = PIN.match(line.strip())
        if m:
            pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def environment_pins(text: str | None = None) -> dict[str, str]:
    """The pip pins of environment.yml, in the same form."""
    env = yaml.safe_load(ENVIRONMENT.read_text() if text is None else text)
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return lock_pins("\n".join(pip_section))


def render_environment(pins: dict[str, str]) -> str:
    lines = [
        "# conda environment for the book; generated from requirements.lock by",
        "# `python -m helpers.book.envfiles write` (make lock). Do not edit the pins by hand.",
        "name: small-schools-partnerships",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins.items())]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    command = (argv or sys.argv[1:] or ["check"])[0]
    if command == "write":
        ENVIRONMENT.write_text(render_environment(lock_pins()))
        return 0
    if lock_pins() != environment_pins():
        print("environment.yml and requirements.lock pin different versions: run make lock", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
