from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Subject (first line) and body of templates/emails/<template>.txt."""
    text = render_to_string(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"
