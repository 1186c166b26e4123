"""Reads whose SQL Django compiles once per process, then runs with each call's values.

Django builds and compiles a queryset's SQL every time it is evaluated. On the pages people open
all day that cost more CPU than the database spent on the statements: on the national seed
0.5-2 ms of Python per queryset with joins, against ~0.1-0.3 ms to send it and read 25 rows
(the review queue, the instructor's queue, the examiner's list; the signed-in person's row on
every request). A `CompiledRead` is written with the ORM, in a selector, as a function from
keys to a queryset:

    _FORM = CompiledRead(lambda examiner, form: ExaminerAssignment.objects.filter(...))
    _FORM.objects(examiner=user.pk, form=pk)  # .rows() for values_list, .dicts() for values

The first call builds the queryset with stand-in integers for the keys, compiles it, and notes
where each stand-in landed among the statement's parameters; every call then runs that SQL with
its own keys, and the rows come back as the ORM gives them (its converters: aware datetimes,
decimals; model instances with their `select_related` objects). A key is an integer or a list
of integers (compiled once per list length); every key must land as exactly one parameter
each (an exact match or an `__in` on an integer column does), so nothing of a request enters the
SQL text, and a queryset where one does not is refused when it is compiled. Paging is `limit=`
and `offset=` (parameters too): the queryset itself is never sliced."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# Stand-ins: beyond any key the project holds, within a 32-bit integer field's range (Django
# leaves a value out of a field's range out of the SQL).
_FIRST_STAND_IN = 2_100_000_000


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple  # the constants as Django wrote them; None where a key goes
    slots: tuple  # (position in params, key name, index in a list key or None)
    converters: list  # (column position, converters, column)
    compiler: SQLCompiler  # what `objects` reads: the select list, the models' layout
    names: tuple[str, ...]  # the columns as `values()` names them
    width: int  # the columns of a row, as values_list gives it


class CompiledRead:
    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._signature = inspect.signature(build)
        self._compiled: dict[tuple, _Compiled] = {}  # by the keys' list lengths

    def rows(self, *args, limit: int | None = None, offset: int = 0, **kwargs) -> list[tuple]:
        """The rows as `values_list` gives them (the queryset is one)."""
        compiled, rows = self._run(args, kwargs, limit, offset)
        width = compiled.width  # past it: columns the SQL selects only to order by
        return [tuple(row[:width]) for row in rows]

    def dicts(self, *args, limit: int | None = None, offset: int = 0, **kwargs) -> list[dict]:
        """The rows as `values` gives them (the queryset is one)."""
        compiled, rows = self._run(args, kwargs, limit, offset)
        names = compiled.names  # a row may hold more columns (its ordering), as values() reads
        return [dict(zip(names, row, strict=False)) for row in rows]

    def objects(self, *args, limit: int | None = None, offset: int = 0, **kwargs) -> list:
        """The model instances, with their `select_related` objects and annotations."""
        compiled, rows = self._run(args, kwargs, limit, offset)
        compiler, alias = compiled.compiler, compiled.alias
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, alias)
        found = []
        for row in rows:
            obj = klass_info["model"].from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (compiler.annotation_col_map or {}).items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def _run(self, args, kwargs, limit, offset) -> tuple[_Compiled, list[list]]:
        keys = self._signature.bind(*args, **kwargs).arguments
        for name, key in keys.items():
            items = key if isinstance(key, list) else [key]
            if not all(type(item) is int for item in items):
                raise TypeError(f"{name}: a key is an integer or a list of integers, got {key!r}")
        shape = tuple(len(key) if isinstance(key, list) else None for key in keys.values())
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compiled[shape] = self._compile(keys)
        connection = connections[compiled.alias]
        low, high = connection.ops.integer_field_range("BigIntegerField")
        params = list(compiled.params)
        for position, name, index in compiled.slots:
            value = keys[name] if index is None else keys[name][index]
            # A key beyond the database's integers is nobody's: NULL matches no row.
            params[position] = value if low <= value <= high else None
        sql = compiled.sql
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for position, found, column in compiled.converters:
            for row in rows:
                value = row[position]
                for converter in found:
                    value = converter(value, column, connection)
                row[position] = value
        return compiled, rows

    def _compile(self, keys: dict) -> _Compiled:
        stand_ins = count(_FIRST_STAND_IN)
        slot_of = {}  # stand-in -> (key name, index in a list key or None)
        built = {}
        for name, key in keys.items():
            if isinstance(key, list):
                built[name] = [next(stand_ins) for _ in key]
                slot_of.update({value: (name, n) for n, value in enumerate(built[name])})
            else:
                built[name] = next(stand_ins)
                slot_of[built[name]] = (name, None)
        queryset = self._build(**built)
        query = queryset.query
        if query.is_sliced:
            raise ValueError("page a CompiledRead with limit= and offset=, not by slicing")
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = tuple(
            (position, *slot_of[param])
            for position, param in enumerate(params)
            if type(param) is int and param in slot_of
        )
        if sorted(slot[1:] for slot in slots) != sorted(slot_of.values()):
            raise ValueError(f"{self._build}: each key must be one parameter of its SQL")
        converters = [
            (position, found, column)
            for position, (found, column) in compiler.get_converters(
                [column[0] for column in compiler.select]
            ).items()
        ]
        names = (
            tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        return _Compiled(
            queryset.db, sql, tuple(params), slots, converters, compiler, names, compiler.col_count
        )
