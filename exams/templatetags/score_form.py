"""`{% criterion_fields criterion score comment %}`: one criterion of the score form (its text
and badges, a radio per level of its scale, its comment, their errors), written here instead of
by template loops: a rubric of 12 criteria of 5 levels was ~700 template variables, most of the
page's rendering time. The markup, names, ids, labels and error messages are the template's
own, unchanged; every value is escaped with `html.escape`, as Django's `escape` does."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from ..forms.practical import comment_field, score_field

register = template.Library()


@register.simple_tag
def criterion_fields(criterion, score, comment):
    """`score` and `comment` are what the criterion's two fields show (ScoreSheet's
    ShownField: the value and its errors)."""
    text = escape(criterion.text)
    score_name = score_field(criterion)
    comment_name = comment_field(criterion)
    comment_id = f"id_{comment_name}"  # the form's auto_id
    chosen = score.value
    out = [
        f'<div class="border-top pt-3 mt-3" data-criterion="{criterion.pk}" '
        f'data-weight="{escape(str(criterion.weight))}" data-min="{criterion.scale_min}" '
        f'data-max="{criterion.scale_max}">\n'
        f'<div class="fw-semibold">{text}\n'
    ]
    if criterion.is_critical:
        out.append(
            '<span class="badge text-bg-danger ms-1">Critical · pass at '
            f"{criterion.critical_pass_level}</span>\n"
        )
    levels = criterion.level_choices()
    weight = escape(floatformat(criterion.weight, "-2"))
    out.append(
        f'<span class="badge text-bg-light ms-1">weight {weight}</span>\n</div>\n'
        f'<div class="row row-cols-1 row-cols-sm-2 row-cols-lg-{len(levels)} g-2 my-1" '
        f'role="radiogroup" aria-label="{text}">\n'
    )
    for level, anchor in levels:
        checked = "checked" if str(level) == chosen else ""
        described = f" · {escape(anchor)}" if anchor else ""
        out.append(
            '<div class="col"><label class="border rounded p-2 h-100 d-block small">\n'
            f'<input class="form-check-input me-1" type="radio" name="{score_name}" '
            f'value="{level}" {checked}>\n'
            f"<strong>{level}</strong>{described}\n</label></div>\n"
        )
    out.append("</div>\n")
    out.extend(
        f'<div class="text-danger small" data-error="{score_name}">{escape(error)}</div>'
        for error in score.errors
    )
    needed = (
        " (required if not passed)"
        if criterion.is_critical
        else f" (required for a score of {criterion.scale_min})"
    )
    out.append(
        f'\n<label class="form-label small mb-0" for="{comment_id}">Comment{needed}</label>\n'
        f'<textarea class="form-control form-control-sm{" is-invalid" if comment.errors else ""}" '
        f'name="{comment_name}" id="{comment_id}" rows="2">{escape(comment.value)}</textarea>\n'
    )
    out.extend(
        f'<div class="invalid-feedback d-block" data-error="{comment_name}">{escape(error)}</div>'
        for error in comment.errors
    )
    out.append("\n</div>")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)
