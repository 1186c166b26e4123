"""Reads of a hot page whose SQL Django compiles once per process, then runs with each view's
values.

On the queue pages Django's compiler cost more than the statements it wrote: 0.5-1.5 ms of
Python per queryset with joins, against ~0.1 ms to send it and read 25 rows. A `CompiledRead`
builds its queryset from marker values once per shape (how many keys, which page), notes where
each marker landed among the statement's parameters, and from then on runs that SQL with the
view's own values; the rows are converted by the compiler that wrote it, as Django would (aware
datetimes, decimals). Each read is still written with the ORM, in the selectors.

Only for reads whose values are keys (integers) given as arguments: a marker that does not land
as exactly one parameter (a value Django writes into the SQL text) is refused when compiled.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from django.db import connections
from django.db.models import QuerySet

# Markers, one per argument value: integers beyond any key the project holds, yet in the range of
# a 32-bit integer field (Django drops a value out of a field's range from the SQL).
_MARKERS_FROM = 2_100_000_000


@dataclass(frozen=True)
class _Slot:
    """A parameter taken from the arguments: `args[arg]`, or `args[arg][item]` for a list."""

    arg: int
    item: int | None = None

    def value(self, args: tuple):
        return args[self.arg] if self.item is None else args[self.arg][self.item]


@dataclass(frozen=True)
class _Statement:
    compiler: object  # the SQLCompiler that wrote `sql`: it converts the rows
    sql: str
    params: tuple  # a _Slot per argument value, the constants as Django wrote them
    names: tuple[str, ...]  # the columns, as `values()` names them


class CompiledRead:
    """`read(*args, **shape)`: the rows of `build(*args, **shape)` (a `values()` queryset) as
    dicts. Each argument is a key or a list of keys; `shape` is anything else the SQL text
    depends on (a page's offset, written into the SQL by Django), compiled once per value."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._statements: dict[tuple, _Statement] = {}

    def __call__(self, *args, **shape) -> list[dict]:
        sizes = tuple(len(arg) if isinstance(arg, list) else None for arg in args)
        key = (sizes, tuple(sorted(shape.items())))
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = self._compile(sizes, shape)
        params = [p.value(args) if isinstance(p, _Slot) else p for p in statement.params]
        compiler = statement.compiler
        with connections[compiler.using].cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        names = statement.names  # a row may hold more columns (ordering): as values() reads it
        return [
            {name: row[i] for i, name in enumerate(names)}
            for row in compiler.results_iter(results=[rows])
        ]

    def _compile(self, sizes: tuple, shape: dict) -> _Statement:
        markers = count(_MARKERS_FROM)
        slots = {}  # marker -> its slot
        marked = []
        for arg, size in enumerate(sizes):
            items = [None] if size is None else range(size)
            values = []
            for item in items:
                values.append(next(markers))
                slots[values[-1]] = _Slot(arg, item)
            marked.append(values if size is not None else values[0])
        queryset = self.build(*marked, **shape)
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        params = tuple(slots.get(p, p) if type(p) is int else p for p in params)
        landed = [p for p in params if isinstance(p, _Slot)]
        if len(landed) != len(slots) or set(landed) != set(slots.values()):
            raise ValueError(f"{self.build.__name__}: each key must be one parameter of its SQL")
        names = (
            tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        return _Statement(compiler, sql, params, names)
