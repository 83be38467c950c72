import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs ../shared beside the checkout")


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
