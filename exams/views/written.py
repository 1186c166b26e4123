"""Pages of the written exam: the candidate's exam, attempt and result; the program admins'
question bank, import and export, exams, accommodations and item analysis."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.confirm import ask_first
from accounts.errors import DomainError, refusal_shown
from accounts.listing import filtered_page
from accounts.parsing import parse_id
from accounts.roles import Role

from ..access.written import (
    exam_for_admin,
    exam_to_sit,
    own_attempt,
    question_for_admin,
    vignette_for_admin,
)
from ..filters import BankFilter
from ..forms.written import (
    AccommodationForm,
    BlueprintFormSet,
    ExamForm,
    ImportForm,
    QuestionForm,
    VignetteForm,
)
from ..models.written import Attempt, BlueprintRow, Vignette, WrittenExam
from ..selectors import written as selectors
from ..selectors.written_stats import exam_analysis
from ..services import written as services
from ..services import written_bank as bank
from ..services import written_import, written_setup

# --- candidates ---------------------------------------------------------------------------------


@role_required(Role.APPLICANT)
def home(request):
    # Touching the list submits the candidate's attempts whose time ran out.
    services.submit_overdue_attempts(candidate=request.user)
    return render(
        request,
        "exams/written/home.html",
        {"exams": selectors.candidate_written_exams(request.user), "now": timezone.now()},
    )


@require_POST
@role_required(Role.APPLICANT)
def start(request, pk):
    exam = exam_to_sit(request.user, pk)
    status = selectors.written_exam_status(request.user, exam.program)
    # Ask only when the start can succeed; a refusal is said at once, without a question first.
    can_start = status.unlocked and not status.passed and not status.in_progress
    if can_start and (
        page := ask_first(
            request,
            action=f"Start {exam.title}",
            consequence=(
                f"The clock starts at once ({exam.time_limit_minutes} minutes, or your "
                "accommodated time) and this counts as one of your attempts, even if you leave "
                "the page."
            ),
            yes="Yes, start the exam",
            cancel_url=reverse("exams:written_home"),
        )
    ):
        return page
    with refusal_shown(request) as refused:
        attempt = services.start_attempt(exam=exam, candidate=request.user)
    if refused:
        return redirect("exams:written_home")
    return redirect("exams:written_attempt", attempt.pk)


def _time_up(request, attempt: Attempt):
    services.submit_if_overdue(attempt_id=attempt.pk)
    messages.warning(
        request, "Time is up. Your answers saved before the deadline have been submitted."
    )
    return redirect("exams:written_result", attempt.pk)


def _posted_answers(request) -> dict[int, list[str]]:
    """The page's answers: every question shown on it (so an unticked box clears its answer)."""
    answers = {}
    for value in request.POST.getlist("shown"):
        position = parse_id(value)
        if position is None:
            raise DomainError("The form was not sent as the page made it; reload the page.")
        answers[position] = request.POST.getlist(f"item-{value}")
    return answers


@role_required(Role.APPLICANT)
def attempt_page(request, pk):
    attempt = own_attempt(request.user, pk)
    if not attempt.is_open():
        return redirect("exams:written_result", attempt.pk)
    if timezone.now() >= attempt.deadline:
        return _time_up(request, attempt)
    if request.method == "POST":
        # The page without JavaScript: one post with all of its answers, to save or to submit.
        # Time running out is not a refusal to show: it sends the candidate to the result.
        with refusal_shown(request) as refused:
            try:
                services.save_answers(
                    attempt=attempt, actor=request.user, answers=_posted_answers(request)
                )
                if request.POST.get("action") == "submit":
                    # The answers are saved above either way: none is lost if the time runs out
                    # while the candidate reads the question.
                    if page := ask_first(
                        request,
                        action="Submit your attempt",
                        consequence=(
                            "Your answers are final once submitted: the attempt is scored and "
                            "cannot be reopened."
                        ),
                        yes="Yes, submit my attempt",
                        cancel_url=request.path,
                        cancel_label="No, back to the questions",
                    ):
                        return page
                    services.submit_attempt(attempt=attempt, actor=request.user)
                    messages.success(request, "Your attempt is submitted and scored.")
                    return redirect("exams:written_result", attempt.pk)
            except services.TimeIsUp:
                return _time_up(request, attempt)
        if not refused:
            messages.success(request, "Your answers are saved.")
        return redirect("exams:written_attempt", attempt.pk)
    items = selectors.attempt_items(attempt)
    return render(
        request,
        "exams/written/attempt.html",
        {
            "attempt": attempt,
            "items": items,
            "answered": sum(item.answered for item in items),
            "seconds_left": attempt.seconds_left(),
        },
    )


def _closed(pk: int, error: services.AttemptClosed) -> JsonResponse:
    # The result page's address is worked out only for the script it sends there, not on
    # every save.
    result_url = reverse("exams:written_result", args=[pk])
    return JsonResponse({"error": str(error), "result_url": result_url}, status=409)


@require_POST
@role_required(Role.APPLICANT)
def autosave(request, pk):
    """One answer from the page's script: JSON back; 409 once the time is up or submitted.

    The service checks the attempt with the answer it writes (it is the busiest endpoint of an
    exam window), so no `own_attempt` read comes first; someone else's attempt is still a 404."""
    position = parse_id(request.POST.get("position", ""))
    if position is None:
        return JsonResponse({"error": "Which question is this answer for?"}, status=400)
    try:
        saved = services.autosave_answer(
            attempt_id=pk,
            actor=request.user,
            position=position,
            choices=request.POST.getlist("choice"),
        )
    except services.NotYourAttempt as error:
        raise Http404("No such attempt.") from error
    except services.TimeIsUp as error:
        services.submit_if_overdue(attempt_id=pk)
        return _closed(pk, error)
    except services.AttemptClosed as error:
        return _closed(pk, error)
    except DomainError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"saved": True, "seconds_left": saved.seconds_left()})


@role_required(Role.APPLICANT)
def result(request, pk):
    attempt = own_attempt(request.user, pk)
    if attempt.is_open():
        if timezone.now() < attempt.deadline:
            return redirect("exams:written_attempt", attempt.pk)
        services.submit_if_overdue(attempt_id=attempt.pk)
        attempt = own_attempt(request.user, pk)
    return render(
        request,
        "exams/written/result.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "items": selectors.attempt_items(attempt, review=attempt.exam.review),
            "show_items": attempt.exam.review != WrittenExam.Review.SCORE,
        },
    )


# --- the question bank --------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def bank_list(request):
    filterset = BankFilter(request.GET, queryset=selectors.bank_questions())
    page = filtered_page(request, filterset)
    return render(
        request,
        "exams/written/bank.html",
        {"filterset": filterset, "page": page, "questions": page.object_list},
    )


def _question_form(request, question=None):
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form):
            if question is None:
                saved = bank.create_question(content=form.content(), actor=request.user)
                messages.success(request, f"Question {saved.code} added to the bank.")
            else:
                before = question.current_version_id
                saved = bank.edit_question(
                    question=question, content=form.content(), actor=request.user
                )
                if saved.current_version_id != before:
                    messages.success(
                        request,
                        "Candidates have answered this question, so your change is a new "
                        "version; their attempts keep the version they saw.",
                    )
                else:
                    messages.success(request, "Question saved.")
            return redirect("exams:written_question_edit", saved.pk)
    return render(
        request,
        "exams/written/question_form.html",
        {
            "form": form,
            "question": question,
            "versions": selectors.question_versions(question) if question else [],
        },
    )


@role_required(Role.PROGRAM_ADMIN)
def question_new(request):
    return _question_form(request)


@role_required(Role.PROGRAM_ADMIN)
def question_edit(request, pk):
    return _question_form(request, question_for_admin(request.user, pk))


@role_required(Role.PROGRAM_ADMIN)
def vignettes(request):
    return render(
        request,
        "exams/written/vignettes.html",
        {"vignettes": Vignette.objects.all()},
    )


def _vignette_form(request, vignette=None):
    initial = (
        {"code": vignette.code, "title": vignette.title, "text": vignette.text}
        if (vignette)
        else None
    )
    form = VignetteForm(request.POST or None, initial=initial)
    if vignette is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form) as refused:
            bank.save_vignette(
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                vignette=vignette,
                actor=request.user,
            )
        if not refused:
            messages.success(request, "Case saved.")
            return redirect("exams:written_vignettes")
    return render(request, "exams/written/vignette_form.html", {"form": form, "vignette": vignette})


@role_required(Role.PROGRAM_ADMIN)
def vignette_new(request):
    return _vignette_form(request)


@role_required(Role.PROGRAM_ADMIN)
def vignette_edit(request, pk):
    return _vignette_form(request, vignette_for_admin(request.user, pk))


@role_required(Role.PROGRAM_ADMIN)
def import_bank(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form, prefix="Nothing was imported. ") as refused:
            outcome = written_import.import_bank(
                raw=form.cleaned_data["file"].read(),
                file_format=form.cleaned_data["format"],
                actor=request.user,
            )
        if not refused:
            messages.success(request, f"Imported: {outcome}")
            return redirect("exams:written_bank")
    return render(
        request,
        "exams/written/import.html",
        {"form": form, "format_doc": written_import.__doc__},
    )


@role_required(Role.PROGRAM_ADMIN)
def export_bank(request, file_format: str = "json"):
    # file_format comes from the URL conf (one URL per format), never from the request.
    content_type, extension = written_import.EXPORTS[file_format]
    response = HttpResponse(written_import.export_file(file_format), content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="question-bank-{stamp}.{extension}"'
    return response


# --- exams --------------------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def exams(request):
    return render(request, "exams/written/exams.html", {"exams": selectors.exams_for_admin()})


def _exam_form(request, exam=None):
    form = ExamForm(request.POST or None, instance=exam)
    initial = (
        [
            {"topic": r.topic_id, "difficulty": r.difficulty, "count": r.count}
            for r in exam.blueprint.all()
        ]
        if exam
        else None
    )
    formset = BlueprintFormSet(request.POST or None, initial=initial, prefix="rows")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            BlueprintRow(
                topic=row["topic"], difficulty=row.get("difficulty") or "", count=row["count"]
            )
            for row in formset.cleaned_data
            if row.get("topic")
        ]
        with refusal_shown(request, form=form) as refused:
            saved = written_setup.save_exam(
                exam=form.save(commit=False), blueprint=rows, actor=request.user
            )
        if not refused:
            messages.success(request, "Exam saved.")
            return redirect("exams:written_exam_edit", saved.pk)
    return render(
        request,
        "exams/written/exam_form.html",
        {
            "form": form,
            "formset": formset,
            "exam": exam,
            "availability": selectors.blueprint_availability(exam) if exam else [],
        },
    )


@role_required(Role.PROGRAM_ADMIN)
def exam_new(request):
    return _exam_form(request)


@role_required(Role.PROGRAM_ADMIN)
def exam_edit(request, pk):
    return _exam_form(request, exam_for_admin(request.user, pk))


@role_required(Role.PROGRAM_ADMIN)
def accommodations(request, pk):
    exam = exam_for_admin(request.user, pk)
    form = AccommodationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form=form) as refused:
            services.grant_accommodation(
                exam=exam,
                candidate=data["candidate"],
                extra_minutes=data["extra_minutes"],
                extra_attempts=data["extra_attempts"],
                reason=data["reason"],
                actor=request.user,
            )
        if not refused:
            messages.success(request, f"Accommodation granted to {data['candidate']}.")
            return redirect("exams:written_accommodations", exam.pk)
    return render(
        request,
        "exams/written/accommodations.html",
        {"exam": exam, "form": form, "accommodations": selectors.accommodations_of(exam)},
    )


@role_required(Role.PROGRAM_ADMIN)
def analysis(request, pk):
    exam = exam_for_admin(request.user, pk)
    return render(
        request, "exams/written/analysis.html", {"exam": exam, "analysis": exam_analysis(exam)}
    )
