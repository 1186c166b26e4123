"""Voiding or rekeying a flawed item after the fact: every affected submitted attempt is
regraded into a proposal, nothing changes until an admin applies it, then the results change in
one audited action and the pathway is told of a pass gained."""

import pytest

from accounts import events
from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import Attempt, AttemptItem, ItemCorrection, Question
from exams.selectors.written_stats import exam_analysis
from exams.services import written_corrections as corrections
from exams.services.written import save_answers, start_attempt, submit_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db
Kind = ItemCorrection.Kind


@pytest.fixture
def completed_steps():
    calls = []

    def listener(*, applicant, program):
        calls.append((applicant, program))

    events.on_step_completed(listener)
    yield calls
    events._listeners.remove(listener)


def sit(exam, *, wrong_on=(), choose="B"):
    """A submitted attempt answering every item with its key, except the questions in
    `wrong_on`, answered with option `choose`."""
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    answers = {}
    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
        key = choose if item.question_id in wrong_on else item.version.correct[0]
        answers[item.position] = [str(item.option_order.index(key))]
    save_answers(attempt=attempt, actor=candidate, answers=answers)
    return submit_attempt(attempt=attempt, actor=candidate)


@pytest.fixture
def exam():
    # 4 items, pass mark 80%: 4/4 passes, 3/4 fails, 3/3 passes, 2/3 fails.
    return exam_with_bank(questions=4, pass_mark_percent=80)


@pytest.fixture
def flawed(exam):
    return Question.objects.order_by("pk").first().current_version


def test_a_proposed_rekey_regrades_every_affected_attempt_without_changing_anything(
    exam, flawed, admin_user
):
    keyed_a = sit(exam)  # 4/4: the old key
    chose_b = sit(exam, wrong_on={flawed.question_id})  # 3/4: what turns out right

    correction = corrections.propose_correction(
        version=flawed,
        kind=Kind.REKEY,
        correct=["B"],
        reason="B is right: see SmPC 4.2",
        actor=admin_user,
    )

    proposals = {p.attempt_id: p for p in correction.regrades.all()}
    assert (proposals[keyed_a.pk].old_passed, proposals[keyed_a.pk].new_passed) == (True, False)
    assert (proposals[chose_b.pk].old_passed, proposals[chose_b.pk].new_passed) == (False, True)
    keyed_a.refresh_from_db()
    flawed.refresh_from_db()
    assert keyed_a.passed is True and flawed.correct == ["A"]
    assert not AuditEntry.objects.filter(action="written_attempt.regraded").exists()


def test_applying_a_rekey_changes_the_results_with_an_audit_entry_per_changed_attempt(
    exam, flawed, admin_user, completed_steps
):
    keyed_a = sit(exam)
    chose_b = sit(exam, wrong_on={flawed.question_id})
    completed_steps.clear()
    correction = corrections.propose_correction(
        version=flawed, kind=Kind.REKEY, correct=["B"], reason="Key error", actor=admin_user
    )

    flipped = corrections.apply_correction(correction=correction, actor=admin_user)

    assert len(flipped) == 2
    keyed_a.refresh_from_db()
    chose_b.refresh_from_db()
    assert (keyed_a.passed, keyed_a.score_points, keyed_a.max_points) == (False, 3, 4)
    assert (chose_b.passed, chose_b.score_points, chose_b.max_points) == (True, 4, 4)
    flawed.refresh_from_db()
    assert flawed.correct == ["B"]
    regraded = AuditEntry.objects.filter(action="written_attempt.regraded")
    assert sorted(regraded.values_list("target_id", flat=True)) == sorted(
        [str(keyed_a.pk), str(chose_b.pk)]
    )
    assert regraded.get(target_id=str(keyed_a.pk)).actor == admin_user
    correction.refresh_from_db()
    assert correction.status == ItemCorrection.Status.APPLIED
    assert AuditEntry.objects.filter(action="written_item.rekeyed").exists()
    # The pass gained completes the step (the certificate layer takes it from there).
    assert completed_steps == [(chose_b.candidate, exam.program)]


def test_voiding_drops_the_item_from_scoring_for_every_attempt_that_saw_it(
    exam, flawed, admin_user
):
    all_right = sit(exam)  # 4/4 -> 3/3, same result, score changes
    wrong_on_flawed = sit(exam, wrong_on={flawed.question_id})  # 3/4 fail -> 3/3 pass
    other = Question.objects.exclude(pk=flawed.question_id).order_by("pk").first()
    wrong_on_both = sit(exam, wrong_on={flawed.question_id, other.pk})  # 2/4 -> 2/3 fail

    correction = corrections.propose_correction(
        version=flawed, kind=Kind.VOID, reason="Two options are correct", actor=admin_user
    )
    corrections.apply_correction(correction=correction, actor=admin_user)

    results = {
        a.pk: (a.score_points, a.max_points, a.passed)
        for a in Attempt.objects.filter(pk__in=[all_right.pk, wrong_on_flawed.pk, wrong_on_both.pk])
    }
    assert results == {
        all_right.pk: (3, 3, True),
        wrong_on_flawed.pk: (3, 3, True),
        wrong_on_both.pk: (2, 3, False),
    }
    flawed.refresh_from_db()
    assert flawed.voided_at is not None
    assert AttemptItem.objects.get(attempt=all_right, version=flawed).is_correct is None
    assert AuditEntry.objects.filter(action="written_attempt.regraded").count() == 3


def test_a_voided_version_is_no_longer_drawn(exam, flawed, admin_user):
    sit(exam)
    correction = corrections.propose_correction(
        version=flawed, kind=Kind.VOID, reason="Ambiguous", actor=admin_user
    )
    corrections.apply_correction(correction=correction, actor=admin_user)
    exam.blueprint.update(count=3)

    attempt = start_attempt(exam=exam, candidate=candidate_for(exam))

    assert not attempt.items.filter(version=flawed).exists()


def test_a_discarded_proposal_changes_no_result(exam, flawed, admin_user):
    keyed_a = sit(exam)
    correction = corrections.propose_correction(
        version=flawed, kind=Kind.VOID, reason="Ambiguous", actor=admin_user
    )

    corrections.discard_correction(correction=correction, actor=admin_user)

    keyed_a.refresh_from_db()
    flawed.refresh_from_db()
    assert (keyed_a.score_points, keyed_a.max_points, flawed.voided_at) == (4, 4, None)
    with pytest.raises(DomainError, match="discarded"):
        corrections.apply_correction(correction=correction, actor=admin_user)


def test_applying_is_refused_when_an_outcome_differs_from_the_one_reviewed(
    exam, flawed, admin_user
):
    correction = corrections.propose_correction(
        version=flawed, kind=Kind.REKEY, correct=["B"], reason="Key error", actor=admin_user
    )
    late = sit(exam)  # submitted after the review: its pass would flip unseen

    with pytest.raises(DomainError, match="propose it again"):
        corrections.apply_correction(correction=correction, actor=admin_user)

    late.refresh_from_db()
    flawed.refresh_from_db()
    assert late.passed is True and flawed.correct == ["A"]


def test_one_proposal_per_version_and_only_admins_propose(exam, flawed, admin_user, instructor):
    corrections.propose_correction(version=flawed, kind=Kind.VOID, reason="x", actor=admin_user)

    with pytest.raises(DomainError, match="already waiting"):
        corrections.propose_correction(version=flawed, kind=Kind.VOID, reason="y", actor=admin_user)
    with pytest.raises(DomainError):
        corrections.propose_correction(version=flawed, kind=Kind.VOID, reason="z", actor=instructor)
    assert ItemCorrection.objects.count() == 1


@pytest.mark.parametrize(
    ("correct", "message"),
    [
        (["A"], "already"),
        (["Z"], "does not have"),
        (["A", "B"], "one correct option"),
        ([], "Choose"),
    ],
)
def test_a_corrected_key_must_make_sense(exam, flawed, admin_user, correct, message):
    with pytest.raises(DomainError, match=message):
        corrections.propose_correction(
            version=flawed, kind=Kind.REKEY, correct=correct, reason="x", actor=admin_user
        )
    assert not ItemCorrection.objects.exists()


def test_a_voided_item_leaves_the_item_analysis(exam, flawed, admin_user):
    sit(exam)
    sit(exam, wrong_on={flawed.question_id})
    correction = corrections.propose_correction(
        version=flawed, kind=Kind.VOID, reason="Ambiguous", actor=admin_user
    )
    corrections.apply_correction(correction=correction, actor=admin_user)

    analysed = {item.item for item in exam_analysis(exam).items}

    assert flawed.pk not in analysed and len(analysed) == 3
