"""The resit policy, one rule for both exams.

A candidate has a round of attempts (the written exam's `attempts_allowed`, the program's
`practical_attempts_allowed`), with a waiting period after each failed one. When every attempt of
a round has failed, the program's `*_after_last_failure` says what opens a new round:
- back to hands-on: `resit_sessions_required` verified hands-on sessions performed after the last
  failed attempt;
- a new enrollment: an enrollment in the program applied for after the last failed attempt.

The rule itself (`current_round`) is pure; the queries that feed it run only once a round is used
up, so the usual case costs nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from programs.models import Enrollment, HandsOnSession, TrainingProgram

AfterLastFailure = TrainingProgram.AfterLastFailure


def current_round(
    failures: Iterable[datetime], *, allowed: int, reopened: Callable[[datetime], bool]
) -> tuple[datetime | None, int]:
    """(when the current round began, failed attempts in it) from the failed attempts' times,
    oldest first. A round ends at the failure that uses it up, if something reopened it since."""
    started, used = None, 0
    for failed_at in failures:
        used += 1
        if used >= allowed and reopened(failed_at):
            started, used = failed_at, 0
    return started, used


@dataclass
class ResitState:
    attempts_allowed: int
    attempts_used: int  # in the current round (failed, and for the practical exam missed)
    round_started_at: datetime | None
    next_attempt_at: datetime | None  # the end of the waiting period, if any
    after_last_failure: str
    sessions_required: int = 0
    sessions_since: int = 0  # verified sessions after the last failure (back-to-hands-on rule)

    @property
    def exhausted(self) -> bool:
        return self.attempts_used >= self.attempts_allowed

    def refusal(self, now: datetime | None = None) -> str:
        """Why no attempt may start now, or ""."""
        now = now or timezone.now()
        if self.exhausted:
            return self.what_reopens()
        if self.next_attempt_at and now < self.next_attempt_at:
            when = timezone.localtime(self.next_attempt_at)
            return f"The next attempt opens on {when:%-d %b %Y, %H:%M} (waiting period)."
        return ""

    def what_reopens(self) -> str:
        used = f"All {self.attempts_allowed} attempts have been used."
        if self.after_last_failure == AfterLastFailure.NEW_ENROLLMENT:
            return f"{used} A new round of attempts needs a new enrollment in the program."
        return (
            f"{used} A new round of attempts opens after {self.sessions_required} new verified "
            f"hands-on sessions ({self.sessions_since} so far)."
        )


class _Reopeners:
    """Answers "did something reopen the exam after this failure?", querying at most once."""

    def __init__(self, candidate, program: TrainingProgram, policy: str, dates=None):
        self.candidate, self.program, self.policy = candidate, program, policy
        self._dates: list | None = dates  # given by a caller that fetched them for many

    def dates(self) -> list:
        if self._dates is None:
            if self.policy == AfterLastFailure.NEW_ENROLLMENT:
                self._dates = list(
                    Enrollment.objects.filter(
                        applicant=self.candidate,
                        program=self.program,
                        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED],
                    ).values_list("applied_at", flat=True)
                )
            else:
                self._dates = list(
                    HandsOnSession.objects.filter(
                        enrollment__applicant=self.candidate,
                        enrollment__program=self.program,
                        status=HandsOnSession.Status.VERIFIED,
                    ).values_list("performed_on", flat=True)
                )
        return self._dates

    def count_after(self, moment: datetime) -> int:
        if self.policy == AfterLastFailure.NEW_ENROLLMENT:
            return sum(1 for applied in self.dates() if applied > moment)
        # A session is dated, not timed: one on the day of the failure does not count.
        day = timezone.localtime(moment).date()
        return sum(1 for performed in self.dates() if performed > day)

    def reopened(self, moment: datetime) -> bool:
        needed = (
            1
            if self.policy == AfterLastFailure.NEW_ENROLLMENT
            else self.program.resit_sessions_required
        )
        return self.count_after(moment) >= needed


def resit_state(
    *,
    candidate,
    program: TrainingProgram,
    failures: list[datetime],
    allowed: int,
    wait: timedelta,
    policy: str,
    reopen_dates: list | None = None,
) -> ResitState:
    failures = sorted(failures)
    reopeners = _Reopeners(candidate, program, policy, reopen_dates)
    started, used = current_round(failures, allowed=allowed, reopened=reopeners.reopened)
    last = failures[-1] if failures else None
    state = ResitState(
        attempts_allowed=allowed,
        attempts_used=used,
        round_started_at=started,
        next_attempt_at=last + wait if last is not None and wait and used else None,
        after_last_failure=policy,
        sessions_required=program.resit_sessions_required,
    )
    if state.exhausted and last is not None and policy == AfterLastFailure.HANDS_ON:
        state.sessions_since = reopeners.count_after(last)
    return state
