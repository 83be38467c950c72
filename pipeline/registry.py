"""Functions registered by name, as the rule files name them: the productions that read
a matched candidate (``productions``) and the combiners of the compositions (``combine``)."""
from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType


class Registry:
    """Name -> function, for one kind of function ('production', 'combiner')."""

    def __init__(self, kind: str):
        self.kind = kind
        self.functions: dict[str, Callable] = {}

    def register(self, name: str):
        """Register the decorated function under ``name``; a name is registered once."""
        def add(fn: Callable) -> Callable:
            if name in self.functions:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self.functions[name] = fn
            return fn
        return add

    def get(self, name: str) -> Callable:
        try:
            return self.functions[name]
        except KeyError:
            raise KeyError(f"no {self.kind} {name!r}; registered: {', '.join(sorted(self.functions))}") from None

    def registered(self) -> MappingProxyType:
        """Name -> function, for every registered one."""
        return MappingProxyType(self.functions)
