"""`make data` offline: the downloader against a local copy served on 127.0.0.1."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from datetime import date

import pytest

from helpers.data import gias_download


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.gets.append(self.path)
        super().do_GET()


@pytest.fixture()
def mirror(tmp_path):
    """A folder served over HTTP as if it were the GIAS downloads service; (folder, url, requests)."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_CountingHandler, directory=str(folder))
    )
    server.gets = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/", server.gets
    server.shutdown()


def _publish(folder, day: date, text: str = "URN,Name\n1,Made-up school\n"):
    for stem in gias_download.FILES:
        (folder / f"{stem}{day:%Y%m%d}.csv").write_text(f"{stem}\n{text}", encoding="cp1252")


def test_downloads_each_file_and_records_its_checksum(mirror, tmp_path):
    folder, url, gets = mirror
    _publish(folder, date(2024, 1, 2))
    dest = tmp_path / "downloads"
    manifest = gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)
    assert set(manifest) == {f"{s}20240102.csv" for s in gias_download.FILES}
    for name, record in manifest.items():
        assert record["sha256"] == hashlib.sha256((dest / name).read_bytes()).hexdigest()
        assert record["url"] == url + name and record["bytes"] == (dest / name).stat().st_size
    assert json.loads((dest / "checksums.json").read_text()) == manifest
    # A second run checks the files against their checksums and downloads nothing.
    count = len(gets)
    gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)
    assert len(gets) == count


def test_a_damaged_local_copy_is_downloaded_again(mirror, tmp_path):
    folder, url, gets = mirror
    _publish(folder, date(2024, 1, 2))
    dest = tmp_path / "downloads"
    gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)
    target = dest / "alllinksdata20240102.csv"
    original = target.read_bytes()
    target.write_bytes(b"damaged")
    gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)
    assert target.read_bytes() == original and gets[-1] == "/alllinksdata20240102.csv"


def test_a_changed_file_on_the_server_is_an_error(mirror, tmp_path):
    folder, url, _ = mirror
    _publish(folder, date(2024, 1, 2))
    dest = tmp_path / "downloads"
    gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)
    _publish(folder, date(2024, 1, 2), text="URN,Name\n2,Another made-up school\n")
    (dest / "edubasealldata20240102.csv").unlink()
    with pytest.raises(gias_download.DownloadError, match="does not match the checksum"):
        gias_download.fetch(dest, url, date(2024, 1, 2), say=lambda m: None)


def test_the_latest_published_day_is_found_when_today_is_not_out_yet(mirror):
    folder, url, _ = mirror
    _publish(folder, date(2024, 3, 8))
    assert gias_download.find_day(url, date(2024, 3, 10)) == date(2024, 3, 8)
    with pytest.raises(gias_download.DownloadError, match="no complete set"):
        gias_download.find_day(url, date(2024, 3, 30), days_back=3)


def test_command_line_reports_a_failure_plainly(mirror, tmp_path, capsys):
    _, url, _ = mirror
    status = gias_download.main(["--dest", str(tmp_path / "d"), "--base-url", url, "--date", "20240105"])
    assert status == 1 and "could not download" in capsys.readouterr().err
