"""Read an .ics attachment back: unfold the lines (RFC 5545 3.1), then name -> value."""


def parse_ics(text: str) -> dict[str, str]:
    lines = text.replace("\r\n ", "").split("\r\n")
    fields = {}
    for line in lines:
        if ":" in line:
            name, _, value = line.partition(":")
            fields.setdefault(name.split(";")[0], value)
    return fields


def invitation(message) -> dict[str, str]:
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return parse_ics(content if isinstance(content, str) else content.decode())
