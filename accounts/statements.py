"""Queries compiled once per process: a queryset's SQL kept and run again with new values.

Django builds and compiles a queryset's SQL every time it is evaluated. For the pages people
open all day that costs more CPU than the database spends on the statement: on the national
seed the examiner's list compiled each of its three statements in ~2 ms and PostgreSQL ran
each in well under one. A `Statement` compiles its queryset the first time a process runs it
on a database and keeps the SQL; each run passes that run's values as parameters and turns the
rows into what the ORM gives (`rows`: the tuples of `values_list`; `objects`: model instances
with their `select_related` objects), through the ORM's own converters and populators.

The queryset is written once, in a selector, and built here with stand-in integers for the
values that change from run to run (an examiner's id, a form's id), named by the build
function's parameters:

    FORM = Statement(lambda examiner, form: ExaminerAssignment.objects.filter(...))
    FORM.objects(examiner=user.pk, form=pk)

Each stand-in must reach the compiled parameters exactly once (an exact match on an integer
column or key does), so every value of a run is a parameter: nothing of a request enters the
SQL text. Values are integers; one beyond the database's integers matches no row. Paging is
`limit` and `offset` (the queryset itself is never sliced)."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# Large enough to be nobody's id on the databases this runs on, small enough for 32-bit keys.
_FIRST_STAND_IN = 2_147_000_001


class Statement:
    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._stand_ins = {
            name: _FIRST_STAND_IN + n for n, name in enumerate(inspect.signature(build).parameters)
        }
        self._compiled: _Compiled | None = None

    def rows(self, *, limit: int | None = None, offset: int = 0, **values) -> list[tuple]:
        """The rows as `values_list` gives them (the statement's queryset is one)."""
        compiled, rows = self._run(limit, offset, values)
        width = compiled.width  # past it: columns the SQL selects only to order by
        return [tuple(row[:width]) for row in rows]

    def objects(self, *, limit: int | None = None, offset: int = 0, **values) -> list:
        """The model instances, with their `select_related` objects, as the queryset gives them."""
        compiled, rows = self._run(limit, offset, values)
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

    def _run(self, limit, offset, values) -> tuple["_Compiled", list[list]]:
        if values.keys() != self._stand_ins.keys():
            raise TypeError(f"a run takes the values {list(self._stand_ins)}, got {list(values)}")
        compiled = self._compile()
        connection = connections[compiled.alias]
        low, high = connection.ops.integer_field_range("BigIntegerField")
        if not all(type(value) is int for value in values.values()):
            raise TypeError(f"a Statement's values are integers, got {values}")
        if not all(low <= value <= high for value in values.values()):
            return compiled, []  # no key matches it, as the ORM's overflowing lookups answer
        params = list(compiled.params)
        for name, position in compiled.slots.items():
            params[position] = values[name]
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

    def _compile(self) -> "_Compiled":
        if self._compiled is None:
            queryset = self._build(**self._stand_ins)
            # the database the router reads the queryset's model from (one per process)
            self._compiled = _compile(queryset, queryset.db, self._stand_ins)
        return self._compiled


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple
    slots: dict[str, int]  # value name -> its position in params
    converters: list  # (column position, converters, column)
    width: int  # the columns of a row, as values_list gives it
    compiler: SQLCompiler  # what `objects` reads: the select list, the models' layout


def _compile(queryset: QuerySet, alias: str, stand_ins: dict[str, int]) -> _Compiled:
    if queryset.query.is_sliced:
        raise ValueError("page a Statement with limit= and offset=, not by slicing its queryset")
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    slots = {}
    for name, stand_in in stand_ins.items():
        positions = [n for n, param in enumerate(params) if param == stand_in]
        if len(positions) != 1:
            raise ValueError(f"{name} reaches the compiled parameters {len(positions)} times")
        slots[name] = positions[0]
    converters = [
        (position, found, column)
        for position, (found, column) in compiler.get_converters(
            [column[0] for column in compiler.select]
        ).items()
    ]
    width = compiler.col_count
    return _Compiled(alias, sql, tuple(params), slots, converters, width, compiler)
