"""helpers.book.assets: the theme's macros lose only the Font Awesome script; page weights."""

import pytest

from helpers.book import assets


def test_the_theme_macros_lose_the_fontawesome_script_and_nothing_else():
    macros = assets.theme_macros().read_text(encoding="utf-8")
    out = assets.without_fontawesome(macros)
    assert "fontawesome.js" in macros and "fontawesome.js" not in out
    assert out.count("<script") == macros.count("<script") - 1
    assert out.count("<link") == macros.count("<link")  # the theme's styles and preloads stay
    with pytest.raises(ValueError):
        assets.without_fontawesome(out)  # a theme without the script is noticed, not ignored


def test_weigh_counts_each_file_once_raw_and_gzipped(tmp_path):
    a, b = tmp_path / "a.js", tmp_path / "b.css"
    a.write_bytes(b"x" * 10_000)
    b.write_bytes(bytes(range(256)) * 4)
    w = assets.weigh([a, b, a])
    assert (w.raw, w.files) == (11_024, 2)
    assert w.gzip < w.raw and w.gzip == assets.gzip_size(a.read_bytes()) + assets.gzip_size(b.read_bytes())
    assert w.over() == []
    assert assets.Weight(raw=2_100_000, gzip=900_000, files=1).over() == ["raw 2.10 MB > 2.0 MB"]
    assert len(assets.Weight(raw=3_000_000, gzip=1_200_000, files=1).over()) == 2


def test_site_file_maps_a_request_to_its_file(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a b.html").write_text("x")
    (tmp_path / "index.html").write_text("x")
    assert assets.site_file(tmp_path, "http://127.0.0.1:9/book/a%20b.html?v=1#top") == tmp_path / "book" / "a b.html"
    assert assets.site_file(tmp_path, "http://127.0.0.1:9/") == tmp_path / "index.html"
    assert assets.site_file(tmp_path, "http://127.0.0.1:9/missing.js") is None


def test_the_theme_layout_loses_only_the_every_page_search_scripts():
    layout = assets.theme_layout().read_text(encoding="utf-8")
    out = assets.without_search_index(layout)
    assert "searchindex.js" in layout and out.count("searchindex.js") == layout.count("searchindex.js") - 1
    assert out.count("<script") == layout.count("<script") - 3
    assert "pagename == 'search'" in out  # the search page's branch is untouched
    with pytest.raises(ValueError):
        assets.without_search_index(out)
