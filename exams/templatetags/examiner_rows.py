"""`{% to_score_rows page %}` and `{% history_rows page %}`: the rows of the examiner's two tables
(exams/selectors/examiner_forms.py `FormRow`), written here rather than by a `{% for %}` over
the template (`listing.table_rows`, which escapes every value): 50 rows of 9 values each were
~460 template variables, a third of the page's CPU time."""

from django import template

from accounts.listing import table_rows

register = template.Library()

_TO_SCORE_ROW = (
    '<tr data-assignment="{}" data-draft>'
    '<td data-label="Sitting">{} <span class="small text-body-secondary">· {} min</span></td>'
    '<td data-label="Candidate">{}<div class="small text-body-secondary">{}</div></td>'
    '<td data-label="Place">{}</td>'
    '<td data-label="Rubric">{}</td>'
    '<td data-label="Status" data-status><span class="badge text-bg-warning">'
    '<i class="bi bi-pencil-square" aria-hidden="true"></i> To score</span></td>'
    '<td class="text-end"><a class="btn btn-sm btn-primary" href="{}">Score'
    '<span class="visually-hidden"> {}</span></a></td>'
    "</tr>"
)

_HISTORY_ROW = (
    '<tr data-assignment="{}">'
    '<td data-label="Sitting">{}<div class="small text-body-secondary">{}</div></td>'
    '<td data-label="Candidate">{}<div class="small text-body-secondary">{}</div></td>'
    '<td data-label="Submitted">{}</td>'
    '<td data-label="Status" data-status><span class="badge text-bg-success">'
    '<i class="bi bi-lock-fill" aria-hidden="true"></i> Submitted</span></td>'
    '<td data-label="Score" class="text-end" data-score>{}</td>'
    '<td class="text-end"><a class="btn btn-sm btn-outline-secondary" href="{}">View'
    '<span class="visually-hidden"> the form of {}</span></a></td>'
    "</tr>"
)


@register.simple_tag
def to_score_rows(page):
    return table_rows(
        _TO_SCORE_ROW,
        (
            (
                f.pk,
                f.sitting_starts,
                f.duration_minutes,
                f.candidate,
                f.program,
                f.place,
                f.rubric,
                f.url,
                f.candidate,
            )
            for f in page.object_list
        ),
    )


@register.simple_tag
def history_rows(page):
    return table_rows(
        _HISTORY_ROW,
        (
            (
                f.pk,
                f.sitting_starts,
                f.place,
                f.candidate,
                f.program,
                f.submitted,
                f.score,
                f.url,
                f.candidate,
            )
            for f in page.object_list
        ),
    )
