"""PDF documents of the programs app, rendered as pure functions: context in, bytes out."""

from django.template.loader import render_to_string


def case_log_pdf(context: dict) -> bytes:
    """The trainee's case log summary: minimums, coverage and every session."""
    from weasyprint import HTML  # imported here: loading Pango costs time at every start

    html = render_to_string("programs/training/case_log_pdf.html", context)
    return HTML(string=html).write_pdf()
