"""Sign-in backends: Django's and allauth's, loading the signed-in person's row more cheaply.

Every signed-in request loads the user row named by the session (`get_user`). Through the ORM
that one-row read cost ~0.55 ms of CPU on the national seed, most of it building and compiling
the query, where the statement itself costs ~0.1 ms: a tenth of a save at an exam window's
busiest. Here the statement is written once per process and the row turned into a user by the
same conversions the ORM applies (`Model.from_db`, the database's and the fields' converters),
so the result is the ORM's: the same fields, the same types, `is_active` checked the same way.
Signing in (`authenticate`) is unchanged."""

import functools

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db import connections, router


@functools.cache
def _user_row_statement(alias: str):
    """(SQL, field names, converters by column) of the user row read, for one database."""
    model = get_user_model()
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = [field.get_col(model._meta.db_table) for field in fields]
    # Names from the model's own metadata, quoted; the id is a parameter (S608).
    sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608
        ", ".join(f"{quote(model._meta.db_table)}.{quote(field.column)}" for field in fields),
        quote(model._meta.db_table),
        quote(model._meta.pk.column),
    )
    converters = []
    for position, column in enumerate(columns):
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, column, found))
    return sql, [field.attname for field in fields], converters


def load_user(user_id):
    """The user with this primary key, as `User.objects.get(pk=user_id)` gives it, or None."""
    model = get_user_model()
    alias = router.db_for_read(model)
    sql, names, converters = _user_row_statement(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(user_id, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, column, found in converters:
        for converter in found:
            values[position] = converter(values[position], column, connection)
    return model.from_db(alias, names, values)


class QuickUserLoad:
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(QuickUserLoad, backends.ModelBackend):
    pass


class AuthenticationBackend(QuickUserLoad, AllauthBackend):
    pass
