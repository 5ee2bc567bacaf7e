"""The pip lock and the conda environment pin the same versions; the book is Jupyter Book 1."""

from helpers.book import envfiles


def test_environment_yml_carries_the_lock_pins():
    lock = envfiles.lock_pins()
    assert len(lock) > 50
    assert envfiles.environment_pins() == lock


def test_jupyter_book_is_version_1():
    version = envfiles.lock_pins()["jupyter-book"]
    assert version.startswith("1.") and tuple(int(x) for x in version.split(".")[:3]) >= (1, 0, 4)


def test_check_notices_a_drifted_pin():
    text = envfiles.render_environment({**envfiles.lock_pins(), "pandas": "0.0.1"})
    assert envfiles.environment_pins(text) != envfiles.lock_pins()
