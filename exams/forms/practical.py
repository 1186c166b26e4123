"""The practical exam's forms: the examiner's score form, rubrics, scheduling, decisions."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.forms import formset_factory

from accounts.models import User
from accounts.roles import Role

from ..models.practical import (
    CriterionScore,
    ExaminerAssignment,
    GlobalRating,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricSection,
)
from ..selectors.practical_queue import ReadyCandidate
from ..services.practical import CriterionData, ScoreInput, missing_on_submit


def score_field(criterion: RubricCriterion) -> str:
    return f"score_{criterion.pk}"


def comment_field(criterion: RubricCriterion) -> str:
    return f"comment_{criterion.pk}"


class ScoreForm(forms.Form):
    """One score and one comment per criterion, the global rating and an overall comment.

    A draft may leave gaps; `submitting=True` adds the submission rules as field errors."""

    global_rating = forms.ChoiceField(
        choices=GlobalRating.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose clear fail, borderline or clear pass."},
    )
    overall_comment = forms.CharField(
        label="Overall comment", required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(
        self,
        *args,
        criteria: list[RubricCriterion],
        assignment: ExaminerAssignment,
        scores: dict[int, CriterionScore],
        submitting: bool = False,
        **kwargs,
    ):
        self.criteria = {c.pk: c for c in criteria}
        self.submitting = submitting
        initial = {
            "global_rating": assignment.global_rating,
            "overall_comment": assignment.overall_comment,
        }
        for criterion in criteria:
            saved = scores.get(criterion.pk)
            initial[score_field(criterion)] = saved.score if saved else None
            initial[comment_field(criterion)] = saved.comment if saved else ""
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in criteria:
            self.fields[score_field(criterion)] = forms.TypedChoiceField(
                label=criterion.text,
                choices=[(level, str(level)) for level in criterion.levels],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": (
                        f"%(value)s is outside the scale; give a score from "
                        f"{criterion.scale_min} to {criterion.scale_max}."
                    )
                },
            )
            self.fields[comment_field(criterion)] = forms.CharField(
                label="Comment", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
            )

    def score_inputs(self) -> dict[int, ScoreInput]:
        data = self.cleaned_data
        return {
            pk: ScoreInput(data.get(score_field(c)), data.get(comment_field(c), ""))
            for pk, c in self.criteria.items()
        }

    def clean(self):
        data = super().clean()
        if self.submitting and not self.errors:
            problems = missing_on_submit(
                self.criteria, self.score_inputs(), data.get("global_rating", "")
            )
            for key, message in problems.items():
                if key == "global_rating":
                    self.add_error("global_rating", message)
                    continue
                criterion = self.criteria[key]
                scored = data.get(score_field(criterion)) is not None
                name = comment_field(criterion) if scored else score_field(criterion)
                self.add_error(name, message)
        return data


@dataclass(frozen=True)
class ShownField:
    value: str  # as the field shows it: the chosen level or rating, the comment's text
    errors: tuple[str, ...] = ()


class ScoreSheet:
    """What the score page's fields show, by the ScoreForm's field names. A GET shows the saved
    values and builds no form (only a POST needs one, to validate): two fields per criterion
    built and bound on every view cost more than the rest of the page. After a refused POST
    it shows what was posted, with the form's errors."""

    def __init__(self, fields: dict[str, ShownField], non_field_errors: tuple[str, ...] = ()):
        self.fields = fields
        self.non_field_errors = non_field_errors

    def __getitem__(self, name: str) -> ShownField:
        return self.fields[name]

    @classmethod
    def saved(cls, assignment: ExaminerAssignment, criteria, scores: dict) -> "ScoreSheet":
        """`scores`: criterion id -> the saved score (its `score` and `comment`)."""
        fields = {
            "global_rating": ShownField(assignment.global_rating or ""),
            "overall_comment": ShownField(assignment.overall_comment or ""),
        }
        for criterion in criteria:
            saved = scores.get(criterion.pk)
            score = saved.score if saved else None
            fields[score_field(criterion)] = ShownField("" if score is None else str(score))
            fields[comment_field(criterion)] = ShownField(saved.comment if saved else "")
        return cls(fields)

    @classmethod
    def posted(cls, form: ScoreForm) -> "ScoreSheet":
        fields = {}
        for name in form.fields:
            value = form[name].value()
            fields[name] = ShownField(
                "" if value is None else str(value), tuple(form.errors.get(name, ()))
            )
        return cls(fields, tuple(form.non_field_errors()))


# --- rubrics ------------------------------------------------------------------------------------


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["program", "name"]


class CriterionForm(forms.Form):
    section = forms.ChoiceField(choices=RubricSection.choices)
    text = forms.CharField(label="Criterion", max_length=300)
    weight = forms.DecimalField(
        min_value=Decimal("0.01"), max_digits=5, decimal_places=2, initial=Decimal("1")
    )
    scale_min = forms.IntegerField(label="Scale from", min_value=0, max_value=20, initial=0)
    scale_max = forms.IntegerField(label="to", min_value=1, max_value=20, initial=4)
    anchors = forms.CharField(
        label="Anchors",
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text="One description per level, from the bottom of the scale up.",
    )
    is_critical = forms.BooleanField(label="Critical", required=False)
    critical_pass_level = forms.IntegerField(label="Pass level", required=False, min_value=0)

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is None or high is None:
            return data
        if high <= low:
            self.add_error("scale_max", "The top of the scale must be above the bottom.")
            return data
        anchors = [line.strip() for line in data.get("anchors", "").splitlines() if line.strip()]
        if anchors and len(anchors) != high - low + 1:
            self.add_error(
                "anchors", f"Give one description per level ({high - low + 1} lines), or none."
            )
        data["anchor_list"] = anchors
        level = data.get("critical_pass_level")
        if data.get("is_critical") and (level is None or not low <= level <= high):
            self.add_error(
                "critical_pass_level", f"A critical item needs a pass level from {low} to {high}."
            )
        return data

    def to_data(self) -> CriterionData:
        data = self.cleaned_data
        return CriterionData(
            section=data["section"],
            text=data["text"],
            weight=data["weight"],
            scale_min=data["scale_min"],
            scale_max=data["scale_max"],
            anchors=data["anchor_list"],
            is_critical=data["is_critical"],
            critical_pass_level=data["critical_pass_level"] if data["is_critical"] else None,
        )

    @staticmethod
    def initial_from(criterion: RubricCriterion) -> dict:
        return {
            "section": criterion.section,
            "text": criterion.text,
            "weight": criterion.weight,
            "scale_min": criterion.scale_min,
            "scale_max": criterion.scale_max,
            "anchors": "\n".join(criterion.anchors),
            "is_critical": criterion.is_critical,
            "critical_pass_level": criterion.critical_pass_level,
        }


# absolute_max: Django builds up to absolute_max forms for whatever TOTAL_FORMS a post claims
# (default 2,000); a hostile TOTAL_FORMS made one post take over a minute to validate and render.
CriterionFormSet = formset_factory(
    CriterionForm, extra=2, can_delete=True, max_num=60, absolute_max=60, validate_max=True
)


def criteria_from(formset) -> list[CriterionData]:
    return [
        form.to_data()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE")
    ]


class CutForm(forms.Form):
    cut_score = forms.DecimalField(
        label="Cut score (%)", min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    disagreement_threshold = forms.DecimalField(
        label="Disagreement threshold (points)", min_value=0, max_digits=5, decimal_places=2
    )
    reason = forms.CharField(label="Why", required=False, max_length=500)


# --- sittings -----------------------------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class SittingTimeFields(forms.Form):
    starts_at = forms.DateTimeField(label="Starts at", widget=DateTimeInput())
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=15, max_value=480, initial=60
    )
    place = forms.CharField(max_length=200)


class ScheduleSittingForm(SittingTimeFields):
    """For one candidate of the ready queue, chosen there: `row`, from
    `ready_for_practical(enrollment_id=...)`. The page shows the candidate as a fact; their
    enrollment comes back in a hidden field, checked against the row, and only their program's
    rubrics are offered."""

    enrollment = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Choose a candidate from the ready list.",
            "required": "Choose a candidate from the ready list.",
        },
    )
    rubric = forms.ModelChoiceField(queryset=Rubric.objects.none())
    field_order = ["enrollment", "rubric", "starts_at", "duration_minutes", "place"]

    def __init__(self, *args, row: ReadyCandidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.ready_row: ReadyCandidate | None = None
        enrollment = self.fields["enrollment"]
        enrollment.choices = [(row.enrollment.pk, row.candidate.full_legal_name)]
        enrollment.initial = row.enrollment.pk
        rubric = self.fields["rubric"]
        rubric.queryset = Rubric.objects.filter(program_id=row.program.pk)
        rubric.label_from_instance = lambda r: r.name
        rubric.error_messages["invalid_choice"] = f"Choose a rubric of {row.program}."
        # Said on the page before anything is typed: an empty select would only say "This
        # field is required" after the post.
        self.has_rubric = rubric.queryset.exists()
        if not self.has_rubric:
            rubric.error_messages["required"] = (
                f"{row.program} has no rubric yet: create its rubric, then schedule."
            )

    def clean(self):
        data = super().clean()
        row = self.row if data.get("enrollment") == self.row.enrollment.pk else None
        rubric = data.get("rubric")
        # A guard: the select offers only the program's rubrics.
        if row is not None and rubric is not None and rubric.program_id != row.program.pk:
            self.add_error("rubric", f"Choose a rubric of {row.program}.")
        self.ready_row = row
        return data

    @property
    def candidate(self) -> User:
        return self.ready_row.candidate


class RescheduleForm(SittingTimeFields):
    reason = forms.CharField(label="Why it moves", required=False, max_length=500)


class CancelSittingForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the cancellation",
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        help_text="Sent to the candidate and the examiners.",
    )


class NoShowForm(forms.Form):
    reason = forms.CharField(label="Note (optional)", required=False, max_length=1000)


class IdentityCheckForm(forms.Form):
    document_type = forms.ChoiceField(
        label="Photo ID shown", choices=PracticalSitting.IdDocument.choices
    )
    last_four = forms.RegexField(
        label="Last four characters of the ID number",
        regex=r"^[A-Za-z0-9]{4}$",
        max_length=4,
        min_length=4,
        error_messages={"invalid": "Four letters or digits: the end of the ID number."},
    )
    name_matches = forms.BooleanField(
        label="The photo matches the candidate and the ID bears their legal name",
        required=True,
    )


def examiners() -> "forms.QuerySet":
    return User.objects.filter(groups__name=Role.EXAMINER.value, is_active=True).order_by(
        "full_legal_name"
    )


class AssignExaminerForm(forms.Form):
    examiner = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["examiner"].queryset = examiners()
        self.fields["examiner"].label_from_instance = lambda user: (
            f"{user.full_legal_name} ({user.email})"
        )


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("pass", "Passed"), ("fail", "Not passed")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        widget=forms.Textarea({"rows": 3}),
        max_length=2000,
        help_text="Recorded with the decision; the candidate does not see it.",
    )
