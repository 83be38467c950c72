import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs ../shared beside the checkout")
    # the build cache and what the tables of the tests' output folders were made from
    # go to a folder of this run (the commands the tests start inherit it), not the user's
    if "ZONES_CACHE_DIR" not in os.environ:
        os.environ["ZONES_CACHE_DIR"] = config._zones_cache = tempfile.mkdtemp(prefix="zones-test-cache-")


def pytest_unconfigure(config):
    if getattr(config, "_zones_cache", None):
        shutil.rmtree(config._zones_cache, ignore_errors=True)
        del os.environ["ZONES_CACHE_DIR"]


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import shared

    return shared()


@pytest.fixture
def fixed_ref():
    """Tests never read the clock: relative dates lean on this fixed day."""
    return dt.date(2021, 10, 25)


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not there (../shared is optional)")
    return path
