"""zones: press releases about development zones -> structured zone records.

``extract`` and ``extract_many`` are imported on first use, so that commands
which only read records (score, diff, a batch run with nothing to do) start
without loading spaCy.
"""
from .document import Document, Mention, Zone

__version__ = "0.1.0"
__all__ = ["Document", "Mention", "Zone", "extract", "extract_many", "__version__"]


def __getattr__(name: str):
    if name in ("extract", "extract_many"):
        import importlib

        return getattr(importlib.import_module(".extraction", __name__), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
