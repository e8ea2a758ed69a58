"""Value classes without generated code, for the modules a start imports.

`@dataclass` writes each class's __init__, __eq__, __repr__ (and, frozen,
__hash__, __setattr__, __delattr__) as Python source and compiles it when
the module is imported: about half a million instructions a method, some
thirty of them before the title's first frame and in the thread that opens
the progress store. These bases give the same behaviour from methods written
once; a class names its fields in `_fields` and writes its own __init__
(tests/test_values.py: no start-up module defines a dataclass)."""

from __future__ import annotations

from typing import Any, ClassVar

_set = object.__setattr__


class Fields:
    """Equality and repr over `_fields`, as a dataclass's (eq=True: unhashable)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"


class Frozen(Fields):
    """An immutable value (a frozen dataclass with slots): `__slots__ = _fields`;
    __init__ fills them with `self._fill(...)`, in `_fields` order."""

    __slots__ = ()

    def _fill(self, *values: Any) -> None:
        for name, value in zip(self._fields, values):
            _set(self, name, value)

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {self.__class__.__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {self.__class__.__name__} is immutable")

    def __reduce__(self):  # pickled by its fields, through __init__ (results of checking cross processes)
        return self.__class__, self._values()

    def replace(self, **changes: Any):
        """A copy with some fields changed (dataclasses.replace)."""
        return self.__class__(**{**dict(zip(self._fields, self._values())), **changes})
