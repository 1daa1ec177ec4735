"""All SQL lives in this package: applications (sealed) and places (public data)."""

from .applications import Application, PageConflict, Store
from .places import PlacesStore

__all__ = ["Application", "PageConflict", "PlacesStore", "Store"]
