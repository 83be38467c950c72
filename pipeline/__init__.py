"""zones: press releases about development zones -> structured zone records."""
from .document import Document, Mention, Zone
from .extract import extract, extract_many

__version__ = "0.1.0"
__all__ = ["Document", "Mention", "Zone", "extract", "extract_many", "__version__"]
