"""A CompiledRead (accounts/compiled_reads.py) compiles its queryset once per process (and per
length of a list of keys) and runs it with each call's keys: what it gives must be exactly what
the ORM gives for those keys."""

from datetime import timedelta

import pytest
from django.db import DataError, connection, transaction
from django.db.models import Count, DateField, DateTimeField, F, Value
from django.utils import timezone

from accounts.compiled_reads import CompiledRead, sql_run
from accounts.models import MedicalLicense, ReviewStatus, User

from .factories import MedicalLicenseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _licenses_of(applicant):
    return MedicalLicense.objects.filter(applicant=applicant).order_by("number", "id")


def test_its_rows_are_the_querysets_values_for_each_runs_values():
    first, second = UserFactory(), UserFactory()
    for person, count in ((first, 3), (second, 2)):
        MedicalLicenseFactory.create_batch(count, applicant=person, reviewed_at=timezone.now())
    fields = ("pk", "number", "issued_on", "reviewed_at", "applicant__full_legal_name")
    licenses = CompiledRead(lambda applicant: _licenses_of(applicant).values_list(*fields))

    for person in (first, second):
        expected = list(_licenses_of(person).values_list(*fields))
        rows = licenses.rows(applicant=person.pk)
        assert rows == expected
        # converted as the ORM converts (SQLite returns dates and times as text)
        assert isinstance(rows[0][2], type(expected[0][2]))
        assert rows[0][3].tzinfo is not None
    paged = list(_licenses_of(first).values_list(*fields)[1:3])
    assert licenses.rows(applicant=first.pk, limit=2, offset=1) == paged


def test_its_objects_are_the_querysets_with_their_related_objects(django_assert_num_queries):
    person = UserFactory(full_legal_name="Grace Hopper")
    MedicalLicenseFactory.create_batch(2, applicant=person)
    licenses = CompiledRead(lambda applicant: _licenses_of(applicant).select_related("applicant"))

    with django_assert_num_queries(1):
        found = licenses.objects(applicant=person.pk)
        names = [license.applicant.full_legal_name for license in found]

    expected = list(_licenses_of(person))
    assert found == expected
    assert names == ["Grace Hopper", "Grace Hopper"]
    for got, want in zip(found, expected, strict=True):
        assert not got._state.adding
        for field in MedicalLicense._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
            if isinstance(field, DateField) and not isinstance(field, DateTimeField):
                assert type(getattr(got, field.attname)) is type(getattr(want, field.attname))


def test_annotations_listed_among_the_fields_come_in_values_lists_order():
    person = UserFactory()
    MedicalLicenseFactory.create_batch(2, applicant=person)

    def people(pk):
        return (
            User.objects.filter(pk=pk)
            .annotate(licenses=Count("medical_licenses"))
            .values_list("licenses", "email", "pk")
        )

    assert CompiledRead(people).rows(pk=person.pk) == [(2, person.email, person.pk)]
    assert list(people(person.pk)) == [(2, person.email, person.pk)]


def test_annotations_reach_the_objects():
    person = UserFactory()
    MedicalLicenseFactory.create_batch(2, applicant=person)
    people = CompiledRead(
        lambda pk: User.objects.filter(pk=pk).annotate(licenses=Count("medical_licenses"))
    )

    (found,) = people.objects(pk=person.pk)

    assert found == person
    assert found.licenses == 2


def test_it_compiles_once_and_each_run_has_its_own_values():
    built = []
    earlier = timezone.now() - timedelta(days=1)

    def build(person):
        built.append(person)
        return User.objects.filter(pk=person, date_joined__gt=earlier).values_list("email")

    people = CompiledRead(build)
    one, other = UserFactory(), UserFactory()

    assert people.rows(person=one.pk) == [(one.email,)]
    assert people.rows(person=other.pk) == [(other.email,)]
    assert people.rows(person=other.pk + 1000) == []
    assert len(built) == 1


def test_a_value_must_be_one_parameter_of_the_sql():
    twice = CompiledRead(lambda person: User.objects.filter(pk=person).exclude(pk=person))
    with pytest.raises(ValueError, match="one parameter"):
        twice.rows(person=1)

    sliced = CompiledRead(lambda person: User.objects.filter(pk=person)[:5])
    with pytest.raises(ValueError, match="limit="):
        sliced.rows(person=1)

    people = CompiledRead(lambda person: User.objects.filter(pk=person))
    with pytest.raises(TypeError):
        people.rows(someone=1)
    with pytest.raises(TypeError):
        people.rows(person="1")


def test_a_value_beyond_the_databases_integers_matches_nothing():
    UserFactory()
    people = CompiledRead(lambda person: User.objects.filter(pk=person))

    assert people.rows(person=2**63) == []
    assert people.objects(person=-(2**70)) == []
    assert list(User.objects.filter(pk=2**63)) == []  # as the ORM answers


def _open_licenses(ids):
    return MedicalLicense.objects.filter(pk__in=ids, status=ReviewStatus.SUBMITTED).values(
        "pk", "submitted_at", "number", person=F("applicant__full_legal_name")
    )


def _by_pk(rows):
    return sorted(rows, key=lambda row: row["pk"])


def test_a_list_of_keys_is_compiled_once_per_length_and_reads_what_the_orm_reads():
    licenses = MedicalLicenseFactory.create_batch(4)
    rejected = MedicalLicenseFactory(status=ReviewStatus.REJECTED)
    built = []
    read = CompiledRead(lambda ids: built.append(len(ids)) or _open_licenses(ids))

    for ids in ([licenses[0].pk, licenses[1].pk], [licenses[2].pk, rejected.pk]):
        assert _by_pk(read.dicts(ids)) == _by_pk(_open_licenses(ids))
    assert len(read.dicts([licenses[3].pk])) == 1
    # a key past the database's integers is nobody's; the others still match
    assert [row["pk"] for row in read.dicts([licenses[3].pk, 2**63])] == [licenses[3].pk]
    assert built == [2, 1]


def test_a_key_written_into_the_sql_text_is_refused():
    read = CompiledRead(lambda n: MedicalLicense.objects.values("pk")[:n])
    with pytest.raises(ValueError):
        read.dicts(2)


# --- PostgreSQL: prepared once per connection --------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)


@on_postgresql
def test_on_postgresql_it_is_prepared_once_per_connection_and_run_by_name(
    django_assert_num_queries,
):
    licenses = MedicalLicenseFactory.create_batch(3)
    read = CompiledRead(lambda ids: _open_licenses(ids))
    ids = [license.pk for license in licenses]

    with django_assert_num_queries(2) as runs:
        first = read.dicts(ids)
        again = read.dicts(ids[:2] + [licenses[2].pk])

    prepared, by_name = (query["sql"] for query in runs.captured_queries)
    assert prepared.startswith("PREPARE compiled_read_")
    assert by_name.startswith("EXECUTE compiled_read_") and "SELECT" not in by_name
    assert _by_pk(first) == _by_pk(again) == _by_pk(_open_licenses(ids))
    # what the run ran, for tests that look at the tables a page read
    assert "accounts_medicallicense" in sql_run(by_name)
    assert sql_run(prepared) == sql_run(by_name)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_new_database_session_prepares_it_again(django_assert_num_queries):
    person = UserFactory()
    read = CompiledRead(lambda person: User.objects.filter(pk=person).values_list("pk"))
    assert read.rows(person=person.pk) == [(person.pk,)]

    connection.close()  # the server's session ends, and its prepared statements with it
    with django_assert_num_queries(2) as after:
        assert read.rows(person=person.pk) == [(person.pk,)]
        assert read.rows(person=person.pk) == [(person.pk,)]
    assert [query["sql"][:8] for query in after.captured_queries] == ["PREPARE ", "EXECUTE "]


@on_postgresql
def test_on_postgresql_the_querysets_own_constants_are_written_in_as_the_driver_writes_them():
    odd = UserFactory(full_legal_name="100% O'Brien {sic}")
    UserFactory(full_legal_name="Someone Else")
    read = CompiledRead(
        lambda person: (
            User.objects.filter(pk__gte=person, full_legal_name__contains="% O'B")
            .order_by("pk")
            .values_list("pk", "full_legal_name")
        )
    )

    for _ in range(2):  # prepared, then by name
        assert read.rows(person=0) == [(odd.pk, "100% O'Brien {sic}")]
        assert read.rows(person=0, limit=1, offset=1) == []


@on_postgresql
def test_on_postgresql_a_run_that_fails_after_its_preparation_leaves_the_next_run_working():
    people = UserFactory.create_batch(2)
    # Divides by zero for the person whose key is given, and only for them.
    read = CompiledRead(
        lambda person: (
            User.objects.filter(pk__in=[p.pk for p in people])
            .annotate(x=Value(1) / (F("pk") - Value(person)))
            .order_by("pk")
            .values_list("pk", "x")
        )
    )
    with pytest.raises(DataError), transaction.atomic():
        read.rows(person=people[0].pk)

    for _ in range(2):  # prepared again under a new name, then by that name
        assert [pk for pk, _ in read.rows(person=0)] == [people[0].pk, people[1].pk]
