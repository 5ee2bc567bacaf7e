"""``make data``: download the current official GIAS files and record their checksums.

    python -m helpers.data.gias_download                    # today's files into data/downloads/
    python -m helpers.data.gias_download --date 20240102    # a given day's files
    python -m helpers.data.gias_download --base-url http://127.0.0.1:8000/ --dest /tmp/gias

Get Information About Schools publishes its extracts every day under the day's date:

    edubasealldata<YYYYMMDD>.csv   "All establishment data"  (la-report --schools)
    alllinksdata<YYYYMMDD>.csv     "Group links"             (la-report --gias-links)
    allgroupsdata<YYYYMMDD>.csv    "Groups"

When today's files are not out yet, the previous days are tried, up to a week back. pooch
downloads each file and hashes it; the SHA-256, the address, the size and the time are
written to ``<dest>/checksums.json``. On a later run a file already there is checked
against its recorded checksum and downloaded again only if it does not match (a download
that still does not match is an error). The files are Open Government Licence v3.0 data
and stay out of the repository (``data/downloads/`` is ignored by git).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pooch

from helpers.data.files import sha256, write_text_atomic
from helpers.data.paths import DATA_DIR

BASE_URL = "https://ea-edubase-api-prod.azurewebsites.net/edubase/downloads/public/"
FILES = {
    "edubasealldata": "All establishment data (la-report --schools)",
    "alllinksdata": "Group links (la-report --gias-links)",
    "allgroupsdata": "Groups",
}
DEST = DATA_DIR / "downloads"
MANIFEST = "checksums.json"
DAYS_BACK = 7


class DownloadError(Exception):
    pass


def _exists(url: str) -> bool:
    import requests

    try:
        response = requests.head(url, timeout=30, allow_redirects=True)
        if response.status_code == 405:  # servers that refuse HEAD
            response = requests.get(url, timeout=30, stream=True)
            response.close()
        return response.status_code == 200
    except requests.RequestException:
        return False


def find_day(base_url: str, start: date, days_back: int = DAYS_BACK) -> date:
    """The most recent day, from ``start`` back, for which every file is published."""
    for back in range(days_back + 1):
        day = start - timedelta(days=back)
        if all(_exists(f"{base_url}{stem}{day:%Y%m%d}.csv") for stem in FILES):
            return day
    raise DownloadError(
        f"no complete set of GIAS files between {start - timedelta(days=days_back)} and {start} at {base_url}"
    )


def load_manifest(dest: Path) -> dict:
    path = dest / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def fetch(dest: Path = DEST, base_url: str = BASE_URL, day: date | None = None, say=print) -> dict:
    """Download (or check) the three GIAS files of ``day`` (default: the latest published)."""
    dest.mkdir(parents=True, exist_ok=True)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    day = day or find_day(base_url, date.today())
    manifest = load_manifest(dest)
    logging.getLogger("pooch").setLevel(logging.WARNING)
    for stem, title in FILES.items():
        name = f"{stem}{day:%Y%m%d}.csv"
        url = base_url + name
        known = manifest.get(name, {}).get("sha256")
        try:
            path = Path(
                pooch.retrieve(
                    url, known_hash=f"sha256:{known}" if known else None, fname=name, path=dest, progressbar=False
                )
            )
        except ValueError as err:  # pooch: the download does not match the recorded checksum
            raise DownloadError(
                f"{name}: the file at {url} does not match the checksum recorded in {dest / MANIFEST} ({err})"
            ) from None
        except Exception as err:
            raise DownloadError(f"{name}: could not download {url} ({type(err).__name__}: {err})") from None
        digest = sha256(path)
        if known and digest != known:
            raise DownloadError(f"{name}: checksum {digest} differs from the recorded {known}")
        if not known:
            manifest[name] = {
                "title": title,
                "url": url,
                "sha256": digest,
                "bytes": path.stat().st_size,
                "retrieved": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        say(f"{name}: {title}, {path.stat().st_size:,} bytes, sha256 {digest[:16]}...")
    # Whole or not at all: a half-written record would make the next run distrust good files.
    write_text_atomic(dest / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Download the current GIAS files and record their checksums.")
    parser.add_argument("--dest", type=Path, default=DEST, help=f"folder for the files (default {DEST})")
    parser.add_argument("--base-url", default=BASE_URL, help="where the files are published (a mirror for tests)")
    parser.add_argument("--date", help="the day of the files, YYYYMMDD (default: the latest published)")
    args = parser.parse_args(argv)
    day = None
    if args.date:
        try:
            day = datetime.strptime(args.date, "%Y%m%d").date()
        except ValueError:
            parser.error(f"--date {args.date}: write the day as YYYYMMDD, e.g. 20240102")
    try:
        fetch(args.dest, args.base_url, day)
    except DownloadError as err:
        print(f"make data: {err}", file=sys.stderr)
        return 1
    print(f"checksums recorded in {args.dest / MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
