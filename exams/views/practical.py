"""The practical exam's pages: examiners score, program admins run rubrics and sittings, the
candidate reads a final result. Thin: parse, call a service, turn a DomainError into a message."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.confirm import ask_first
from accounts.errors import attempt, refusal_shown
from accounts.listing import filtered_page
from accounts.parsing import parse_id
from accounts.roles import Role
from programs.selectors import current_enrollment

from ..access.practical import (
    assignment_for_admin,
    form_to_score,
    own_sitting,
    rubric_for_admin,
    sitting_for_admin,
)
from ..filters import SittingFilter
from ..forms.practical import (
    AssignExaminerForm,
    CancelSittingForm,
    CriterionForm,
    CriterionFormSet,
    CutForm,
    NoShowForm,
    ResolveForm,
    RubricForm,
    ScheduleSittingForm,
    ScoreForm,
    ScoreSheet,
    comment_field,
    criteria_from,
    score_field,
)
from ..models.practical import GlobalRating, PracticalReadiness, PracticalSitting
from ..selectors import practical as selectors
from ..selectors.examiner_forms import examiner_forms
from ..selectors.practical_queue import ready_for_practical
from ..selectors.practical_reports import (
    borderline_regression,
    practical_report,
    stringency_chart,
)
from ..services import practical as services
from ..services.practical.scoring import scoring_closed_because

# --- the examiner -------------------------------------------------------------------------------


@role_required(Role.EXAMINER)
def examiner_home(request):
    """Forms to score first, in their own section, then the history; each paged on its own
    (`to_score` and `page`: a bad number gives the nearest page). Three queries besides the
    sign-in: both counts, a page of each."""
    forms = examiner_forms(
        request.user,
        to_score_page=request.GET.get("to_score"),
        history_page=request.GET.get("page"),
    )
    return render(
        request,
        "exams/examiner_home.html",
        {
            "to_score": forms.to_score,
            "page": forms.history,
            "history": forms.history.object_list,
            "query": "",
        },
    )


@role_required(Role.EXAMINER)
def score_form(request, pk):
    assignment = form_to_score(request.user, pk)
    if not assignment.is_locked() and scoring_closed_because(assignment):
        # Closed before the start, before the ID check, or on a conflict: the check-in page
        # says which, and takes the ID check.
        return redirect("exams:sitting_check_in", pk=pk)
    sitting = assignment.sitting
    sections = selectors.criteria_of_sitting(sitting.rubric_version_id)
    criteria = [c for section in sections for c in section.criteria]
    scores = selectors.scores_of(assignment)
    if request.method != "POST":
        sheet = ScoreSheet.saved(assignment, criteria, scores)
    elif assignment.is_locked():
        messages.error(request, "This form was submitted and is locked; nothing was changed.")
        return redirect("exams:score_form", pk=pk)
    else:
        submitting = request.POST.get("action") == "submit"
        form = ScoreForm(
            request.POST,
            criteria=criteria,
            assignment=assignment,
            scores=scores,
            submitting=submitting,
        )
        if form.is_valid():
            data = form.cleaned_data
            if submitting and (
                page := ask_first(
                    request,
                    action=f"Submit and lock your scores for {sitting.candidate.full_legal_name}",
                    consequence=(
                        "Your scores are final once submitted: the form is locked and can no "
                        "longer be changed."
                    ),
                    yes="Yes, submit and lock",
                    cancel_url=request.path,
                    cancel_label="No, keep it as a draft",
                    cancel_post={"action": "save"},
                )
            ):
                return page
            service = services.submit_scores if submitting else services.save_draft
            done = attempt(
                request,
                lambda: service(
                    assignment=assignment,
                    actor=request.user,
                    scores=form.score_inputs(),
                    global_rating=data["global_rating"],
                    overall_comment=data["overall_comment"],
                ),
                "Submitted. The form is now locked."
                if submitting
                else "Draft saved. You can come back to it before you submit.",
            )
            if done:
                return redirect("exams:score_form", pk=pk)
        else:
            messages.error(
                request,
                "The form was not submitted; see the points marked below."
                if submitting
                else "The draft was not saved; see the points marked below.",
            )
        sheet = ScoreSheet.posted(form)
    return render(
        request,
        "exams/practical/score_form.html",
        {
            "assignment": assignment,
            "sitting": sitting,
            "sheet": sheet,
            "ratings": GlobalRating.choices,
            "sections": [
                (
                    section.label,
                    [(c, sheet[score_field(c)], sheet[comment_field(c)]) for c in section.criteria],
                )
                for section in sections
            ],
            "locked": assignment.is_locked(),
            # the saved state; static/exams/score-form.js updates it as the examiner scores
            "tally": selectors.score_tally(
                criteria, {pk: saved.score for pk, saved in scores.items()}
            ),
        },
    )


# --- the candidate ------------------------------------------------------------------------------


@role_required(Role.APPLICANT)
def my_practical(request):
    enrollment = current_enrollment(request.user)
    status = (
        selectors.practical_exam_status(request.user, enrollment.program) if enrollment else None
    )
    return render(
        request,
        "exams/practical/my_practical.html",
        {
            "sittings": selectors.sittings_of_candidate(request.user),
            "status": status,
            "now": timezone.now(),
            "declared_ready": enrollment is not None
            and PracticalReadiness.objects.filter(
                candidate=request.user, program=enrollment.program
            ).exists(),
        },
    )


@role_required(Role.APPLICANT)
def my_practical_result(request, pk):
    sitting = own_sitting(request.user, pk)
    if not sitting.is_final():
        messages.error(
            request,
            "Your result is not final yet. It appears here once every examiner has scored "
            "and the result is confirmed.",
        )
        return redirect("exams:my_practical")
    return render(
        request,
        "exams/practical/my_result.html",
        {"result": selectors.sitting_result(sitting), "sitting": sitting},
    )


# --- rubrics (program admins) -------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def rubrics(request):
    return render(
        request, "exams/practical/rubrics.html", {"rubrics": selectors.rubrics_overview()}
    )


def _rubric_editor(request, *, rubric=None):
    initial = []
    if rubric is not None:
        version = selectors.current_version(rubric)
        criteria = version.criteria.all() if version else []
        initial = [CriterionForm.initial_from(c) for c in criteria]
    rubric_form = RubricForm(request.POST or None, instance=rubric)
    if rubric is not None:
        rubric_form.fields["program"].disabled = True
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    note = request.POST.get("note", "")
    if request.method == "POST" and rubric_form.is_valid() and formset.is_valid():
        criteria = criteria_from(formset)
        with refusal_shown(request) as refused:
            if rubric is None:
                rubric = services.create_rubric(
                    program=rubric_form.cleaned_data["program"],
                    name=rubric_form.cleaned_data["name"],
                    criteria=criteria,
                    actor=request.user,
                )
                messages.success(request, "Rubric created (version 1).")
            else:
                version = services.revise_rubric(
                    rubric=rubric, criteria=criteria, actor=request.user, note=note
                )
                messages.success(
                    request,
                    f"Saved as version {version.number}. Sittings keep the version they were "
                    "scheduled with.",
                )
        if not refused:
            return redirect("exams:rubric_detail", pk=rubric.pk)
    elif request.method == "POST":
        messages.error(request, "Nothing was saved; see the points marked below.")
    return render(
        request,
        "exams/practical/rubric_form.html",
        {"rubric": rubric, "rubric_form": rubric_form, "formset": formset, "note": note},
    )


@role_required(Role.PROGRAM_ADMIN)
def rubric_new(request):
    return _rubric_editor(request)


@role_required(Role.PROGRAM_ADMIN)
def rubric_edit(request, pk):
    return _rubric_editor(request, rubric=rubric_for_admin(request.user, pk))


@role_required(Role.PROGRAM_ADMIN)
def rubric_detail(request, pk):
    rubric = rubric_for_admin(request.user, pk)
    version = selectors.current_version(rubric)
    return render(
        request,
        "exams/practical/rubric_detail.html",
        {
            "rubric": rubric,
            "version": version,
            "sections": selectors.criteria_by_section(version.pk) if version else [],
            "versions": selectors.rubric_versions(rubric),
            "regression": borderline_regression(rubric),
            "cut_form": CutForm(
                initial={
                    "cut_score": rubric.cut_score,
                    "disagreement_threshold": rubric.disagreement_threshold,
                }
            ),
        },
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def rubric_cut(request, pk):
    rubric = rubric_for_admin(request.user, pk)
    form = CutForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"The cut was not changed: {errors}")
    else:
        data = form.cleaned_data
        attempt(
            request,
            lambda: services.set_cut_score(
                rubric=rubric,
                cut_score=data["cut_score"],
                disagreement_threshold=data["disagreement_threshold"],
                reason=data["reason"],
                actor=request.user,
            ),
            "Cut saved (set by hand).",
        )
    return redirect("exams:rubric_detail", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def rubric_apply_regression(request, pk):
    rubric = rubric_for_admin(request.user, pk)
    attempt(
        request,
        lambda: services.apply_regression_cut(rubric=rubric, actor=request.user),
        "The borderline regression's cut is now the rubric's cut.",
    )
    return redirect("exams:rubric_detail", pk=pk)


# --- sittings (program admins) ------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def sittings(request):
    filterset = SittingFilter(request.GET, queryset=selectors.sittings_for_admin())
    page = filtered_page(request, filterset)
    return render(request, "exams/practical/sittings.html", {"filterset": filterset, "page": page})


def _choose_in_the_queue(request, chosen: int | None):
    """Back to the ready queue, saying why: no candidate named, or one no longer waiting. A
    refused post has nothing to keep (the candidate is gone from the queue)."""
    message = (
        "Choose the candidate to schedule here: find them by name or e-mail, then press "
        "Schedule on their row."
    )
    if chosen is not None:
        message = (
            "That candidate is no longer waiting for a sitting (scheduled meanwhile, or "
            f"withdrawn). {message}"
        )
    if request.method == "POST":
        messages.error(request, f"Nothing was scheduled. {message}")
    elif chosen is not None:
        messages.error(request, message)
    else:
        messages.info(request, message)
    return redirect("exams:practical_ready_queue")


@role_required(Role.PROGRAM_ADMIN)
def sitting_new(request):
    # One candidate at a time, chosen in the ready queue (searched and paged there): a row's
    # "Schedule" link names the enrollment, and only that row is worked out. A select of the
    # whole queue was 4,691 options at national scale.
    # A post names it in the form's hidden field (the row checked there is that one).
    source = request.POST if request.method == "POST" else request.GET
    chosen = parse_id(source.get("enrollment", ""))
    rows = ready_for_practical(enrollment_id=chosen) if chosen else []
    if not rows:
        return _choose_in_the_queue(request, chosen)
    row = rows[0]
    form = ScheduleSittingForm(request.POST or None, row=row)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request) as refused:
            sitting = services.schedule_sitting(
                candidate=form.candidate,
                rubric=data["rubric"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                actor=request.user,
            )
        if not refused:
            messages.success(request, "Sitting scheduled. Now assign its examiners.")
            return redirect("exams:sitting_detail", pk=sitting.pk)
    return render(request, "exams/practical/sitting_form.html", {"form": form, "row": row})


@role_required(Role.PROGRAM_ADMIN)
def sitting_detail(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    context = {
        "sitting": sitting,
        "assignments": selectors.sitting_assignments(sitting),
        "assign_form": AssignExaminerForm(),
        "resolve_form": ResolveForm(),
        "cancel_form": CancelSittingForm(),
        "no_show_form": NoShowForm(),
        "now": timezone.now(),
    }
    if sitting.status != PracticalSitting.Status.SCHEDULED:
        context["result"] = selectors.sitting_result(sitting)
    return render(request, "exams/practical/sitting_detail.html", context)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def sitting_assign(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    form = AssignExaminerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an examiner from the list.")
    else:
        examiner = form.cleaned_data["examiner"]
        attempt(
            request,
            lambda: services.assign_examiner(
                sitting=sitting, examiner=examiner, actor=request.user
            ),
            f"{examiner.full_legal_name} is assigned.",
        )
    return redirect("exams:sitting_detail", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def sitting_unassign(request, pk, assignment_pk):
    sitting = sitting_for_admin(request.user, pk)
    assignment = assignment_for_admin(request.user, sitting, assignment_pk)
    attempt(
        request,
        lambda: services.remove_examiner(assignment=assignment, actor=request.user),
        "The examiner was removed from the sitting.",
    )
    return redirect("exams:sitting_detail", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def sitting_resolve(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Choose passed or not passed and give the reason; nothing was decided."
        )
    else:
        data = form.cleaned_data
        outcome = "passed" if data["decision"] == "pass" else "not passed"
        if page := ask_first(
            request,
            action=f"Decide this practical exam as {outcome}",
            consequence=(
                f"The result is final: {sitting.candidate.full_legal_name} is told the "
                f"practical exam is {outcome}."
            ),
            details=[f"Reason recorded: {data['reason']}"],
            yes=f"Yes, record “{outcome}”",
            cancel_url=reverse("exams:sitting_detail", args=[pk]),
        ):
            return page
        attempt(
            request,
            lambda: services.resolve_flagged_sitting(
                sitting=sitting,
                passed=data["decision"] == "pass",
                reason=data["reason"],
                actor=request.user,
            ),
            "Decision recorded; the result is final.",
        )
    return redirect("exams:sitting_detail", pk=pk)


# --- reports ------------------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def practical_reports(request):
    report = practical_report()
    return render(
        request,
        "exams/practical/reports.html",
        {"report": report, "chart": stringency_chart(report.examiners)},
    )
