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
and `offset=` (parameters too): the queryset itself is never sliced.

On PostgreSQL each statement is also prepared once per database connection and run by name
(`_Prepared`): PostgreSQL then neither parses nor plans it again. Planning was as costly as
running on these pages (the examiner's list: 2.5 ms of planning for 2.7 ms of execution, three
statements, national seed)."""

import inspect
import re
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


# A prepared statement's name on a connection: compiled_read_<statement>_<preparation>. The
# statement's number (one per CompiledRead and page shape) says what it runs (`sql_run`); the
# preparation's is new each time one is prepared, so a PREPARE that took before its EXECUTE
# failed never collides with the next try.
_statements = count(1)
_preparations = count(1)
_sql_by_statement: dict[int, str] = {}


@dataclass(frozen=True)
class _Prepared:
    """A statement as PostgreSQL prepares it: the keys (and a page's limit and offset) are its
    parameters, typed bigint; the queryset's own constants are written into it as literals, as
    psycopg2 writes them into every statement it sends, so each plan still knows them (the
    status a list shows, say). With parameters only for keys, PostgreSQL's generic plan (which
    it keeps after five runs if it costs no more than planning each time) is the same index
    look-up a key's own plan would be."""

    number: int
    body: str  # PREPARE <name> (bigint, ...) AS <sql>, with the name left as {name}
    arguments: str  # "(%s, ...)": the keys' and the page's values, sent with EXECUTE

    def execute(self, connection, cursor, params: list) -> None:
        """EXECUTE by name, preceded by the PREPARE on a connection that has not prepared it
        (one round trip, and one query as tests count them). A prepared statement lasts as long
        as the server session, rolled-back transactions included, so the driver's connection
        it was prepared on is what is remembered."""
        raw = connection.connection
        seen = getattr(connection, "_compiled_reads", None)
        if seen is None or seen[0] is not raw:
            seen = connection._compiled_reads = (raw, {})
        name = seen[1].get(self)
        if name is not None:
            cursor.execute(f"EXECUTE {name} {self.arguments}", params)
            return
        name = f"compiled_read_{self.number}_{next(_preparations)}"
        cursor.execute(f"{self.body.format(name=name)}; EXECUTE {name} {self.arguments}", params)
        seen[1][self] = name


class CompiledRead:
    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._signature = inspect.signature(build)
        self._compiled: dict[tuple, _Compiled] = {}  # by the keys' list lengths
        self._prepared: dict[tuple, _Prepared] = {}  # by the lengths, and paged or not

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
        # A key beyond the database's integers is nobody's: NULL matches no row.
        values = [
            value if low <= value <= high else None
            for value in (
                keys[name] if index is None else keys[name][index]
                for _, name, index in compiled.slots
            )
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                prepared = self._prepared.get((shape, limit is not None))
                if prepared is None:
                    prepared = self._prepared[shape, limit is not None] = _prepare(
                        compiled, cursor, paged=limit is not None
                    )
                page = [limit, offset] if limit is not None else []
                prepared.execute(connection, cursor, values + page)
            else:
                sql, params = compiled.sql, list(compiled.params)
                for (position, _, _), value in zip(compiled.slots, values, strict=True):
                    params[position] = value
                if limit is not None:
                    sql += " LIMIT %s OFFSET %s"
                    params += [limit, offset]
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


def _prepare(compiled: _Compiled, cursor, *, paged: bool) -> _Prepared:
    """The statement with a `$n` for each key (in the order of `compiled.slots`) and, paged,
    `LIMIT $n OFFSET $n+1`; its constants written in by the driver (`mogrify`)."""
    from psycopg2.extensions import AsIs

    params = list(compiled.params)
    for number, (position, _, _) in enumerate(compiled.slots, start=1):
        params[position] = AsIs(f"${number}")
    sql = cursor.mogrify(compiled.sql, params).decode()
    count_of = len(compiled.slots)
    if paged:
        sql += f" LIMIT ${count_of + 1} OFFSET ${count_of + 2}"
        count_of += 2
    types = ", ".join(["bigint"] * count_of)
    body = f"PREPARE {{name}} ({types}) AS {sql}" if count_of else f"PREPARE {{name}} AS {sql}"
    # % doubled: the PREPARE goes in one string with the EXECUTE's %s parameters. Braces
    # doubled: the name is put in with str.format.
    body = body.replace("%", "%%").replace("{", "{{").replace("}", "}}")
    body = body.replace("{{name}}", "{name}")
    arguments = f"({', '.join(['%s'] * count_of)})" if count_of else ""
    number = next(_statements)
    _sql_by_statement[number] = sql
    return _Prepared(number, body, arguments)


def sql_run(sql: str) -> str:
    """What a query as Django records it ran: for a prepared read's EXECUTE, the SQL it was
    prepared with (the keys as $1...); any other statement as it is. For tests that look at
    which tables a page read."""
    match = re.match(r"(?:PREPARE .*?; )?EXECUTE compiled_read_(\d+)_\d+", sql, re.DOTALL)
    return _sql_by_statement[int(match[1])] if match else sql
