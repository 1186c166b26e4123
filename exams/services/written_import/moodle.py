"""Moodle XML: import (multichoice, truefalse, categories, images) and export.

Parsed with defusedxml with DTDs forbidden: no entity expansion (billion laughs), no external
entities; elements nested deeper than `MAX_DEPTH` are refused before a tree is built.
"""

import base64
from xml.etree import ElementTree
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from accounts.errors import DomainError

from ...models.written import Difficulty, Question
from . import images
from .common import (
    Parsed,
    check_identifier,
    content_identity,
    fraction,
    key_from_grades,
    keys,
    moodle_code,
    topic_of_category,
)

# A Moodle question file nests about 6 levels; anything far deeper is not one.
MAX_DEPTH = 64
TRUE_FALSE = ("True", "False")


class _LineTree(ElementTree.TreeBuilder):
    """A tree builder that notes the line of each <question> and refuses deep nesting."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.question_lines: list[int] = []
        self.parser = None

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DomainError(
                f"The XML nests elements more than {MAX_DEPTH} deep at line "
                f"{self.parser.parser.CurrentLineNumber}; a question file is not like that."
            )
        if tag == "question" and self.depth == 2:
            self.question_lines.append(self.parser.parser.CurrentLineNumber)
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def _parse_xml(raw: bytes) -> tuple[ElementTree.Element, list[int]]:
    target = _LineTree()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.parser = parser
    try:
        parser.feed(raw)
        return parser.close(), target.question_lines
    except DefusedXmlException as error:
        raise DomainError(
            "The XML file declares a DTD or entities, which are not accepted "
            f"({type(error).__name__})."
        ) from error
    except (ElementTree.ParseError, expat.ExpatError) as error:
        line, column = getattr(error, "position", (None, None))
        line = line or getattr(error, "lineno", "?")
        column = column if column is not None else getattr(error, "offset", 0)
        raise DomainError(f"Not well-formed XML at line {line}, column {column + 1}.") from error


def _raw(element, path: str) -> str:
    found = element.find(path) if element is not None else None
    return "" if found is None or found.text is None else found.text


def _files(element, *, where: str) -> dict[str, bytes]:
    found = {}
    for file in element.findall("file") if element is not None else []:
        name = file.get("name", "")
        found[name] = images.decode_base64(file.text or "", where=where, name=name)
    return found


def _text(element, path: str, *, where: str, with_images: bool = False):
    text_element = element.find(path) if element is not None else None
    html = _raw(element, f"{path}/text") if text_element is not None else ""
    files = _files(text_element, where=where) if with_images else {}
    text, found = images.html_to_text(html, where=where, files=files)
    if found and not with_images:
        raise DomainError(f"{where}: images are kept in the question text only, not in answers.")
    return (text, found) if with_images else text


def _tags(question) -> dict[str, str]:
    tags = {}
    for tag in question.findall("tags/tag/text"):
        name, _, value = (tag.text or "").partition(":")
        tags[name.strip()] = value.strip()
    return tags


def _question(question, *, where: str, topic: str, category_path: str) -> Parsed:
    kind = question.get("type", "")
    name = " ".join(_raw(question, "name/text").split())
    idnumber = check_identifier(_raw(question, "idnumber").strip(), where=where, what="idnumber")
    answers = question.findall("answer")
    grades = [fraction(a.get("fraction", "0"), where=where) for a in answers]
    options = [
        {
            "key": key,
            "text": _text(answer, ".", where=where),
            "feedback": _text(answer, "feedback", where=where),
        }
        for key, answer in zip(keys(len(answers)), answers, strict=True)
    ]
    tags = _tags(question)
    if kind == "truefalse":
        by_text = {o["text"].lower(): (o, g) for o, g in zip(options, grades, strict=True)}
        if set(by_text) != {"true", "false"}:
            raise DomainError(f"{where}: a true/false question needs the answers true and false.")
        options = [
            {"key": key, "text": label, "feedback": by_text[label.lower()][0]["feedback"]}
            for key, label in zip("AB", TRUE_FALSE, strict=True)
        ]
        grades = [by_text["true"][1], by_text["false"][1]]
        single = True
    else:
        single = _raw(question, "single").strip().lower() in ("true", "1", "")
    single, right = key_from_grades(grades, single=single, where=where)
    stem, found = _text(question, "questiontext", where=where, with_images=True)
    kind_tag = tags.get("kind", "")
    if kind_tag in Question.Kind.values and kind_tag != Question.Kind.MULTIPLE and single:
        kind = kind_tag
    else:
        kind = Question.Kind.SINGLE if single else Question.Kind.MULTIPLE
    content = content_identity(stem=stem, options=options, extra=f"{category_path}\x1f{name}")
    return Parsed(
        where=where,
        kind=kind,
        topic_name=topic,
        stem=stem,
        options=options,
        correct=[options[n]["key"] for n in right],
        explanation=_text(question, "generalfeedback", where=where),
        difficulty=tags.get("difficulty") or Difficulty.MEDIUM,
        code=moodle_code(idnumber, content=content),
        vignette_code=tags.get("case", ""),
        active=_raw(question, "hidden").strip() not in ("1", "true"),
        images=found,
    )


def parse_moodle(raw: bytes) -> list[Parsed]:
    root, lines = _parse_xml(raw)
    if root.tag != "quiz":
        raise DomainError("Not a Moodle XML question file: the root element must be <quiz>.")
    topic, category_path, parsed = "Imported", "", []
    for n, (question, line) in enumerate(zip(root.findall("question"), lines, strict=True), 1):
        kind = question.get("type", "")
        name = " ".join(_raw(question, "name/text").split())[:60]
        where = f"question {n} at line {line}" + (f" ({name})" if name else "")
        if kind == "category":
            category_path = _raw(question, "category/text").strip()
            topic = topic_of_category(category_path) or "Imported"
            continue
        if kind not in ("multichoice", "truefalse"):
            raise DomainError(
                f"{where}: Moodle questions of type {kind[:30]!r} are not supported; "
                "only multichoice (single or multiple answer) and truefalse."
            )
        parsed.append(_question(question, where=where, topic=topic, category_path=category_path))
    if not parsed:
        raise DomainError("The file has no multichoice or true/false questions.")
    return parsed


# --- export -------------------------------------------------------------------------------------


def _grade(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def _html_text(parent, tag: str, html: str, **attrs):
    element = ElementTree.SubElement(parent, tag, {"format": "html", **attrs})
    ElementTree.SubElement(element, "text").text = html
    return element


def export_moodle(questions, stored: dict) -> bytes:
    """The bank as Moodle XML: one category per topic, idnumber = our code, difficulty and our
    kind as tags (Moodle shows them, our import reads them back), images as embedded files."""
    quiz = ElementTree.Element("quiz")
    topic = None

    def _file_name(sha: str) -> str:
        image = stored.get(sha)
        return f"{sha}.{images.EXTENSIONS.get(image.content_type, 'png') if image else 'png'}"

    for question in questions:
        version = question.current_version
        if version.topic_id != topic:
            topic = version.topic_id
            category = ElementTree.SubElement(quiz, "question", {"type": "category"})
            name = version.topic.name.replace("/", "//")
            ElementTree.SubElement(
                ElementTree.SubElement(category, "category"), "text"
            ).text = f"$course$/top/{name}"
        item = ElementTree.SubElement(quiz, "question", {"type": "multichoice"})
        ElementTree.SubElement(ElementTree.SubElement(item, "name"), "text").text = question.code
        html = images.text_to_html(version.stem, lambda h: f"@@PLUGINFILE@@/{_file_name(h)}")
        text = _html_text(item, "questiontext", html)
        for sha in dict.fromkeys(images.hashes_in(version.stem)):
            if sha in stored:
                file = ElementTree.SubElement(
                    text, "file", {"name": _file_name(sha), "path": "/", "encoding": "base64"}
                )
                file.text = base64.b64encode(images.read_image(stored[sha])).decode("ascii")
        _html_text(item, "generalfeedback", images.text_to_html(version.explanation, str))
        ElementTree.SubElement(item, "defaultgrade").text = "1"
        ElementTree.SubElement(item, "penalty").text = "0"
        ElementTree.SubElement(item, "hidden").text = "0" if question.is_active else "1"
        ElementTree.SubElement(item, "idnumber").text = question.code
        multiple = question.kind == Question.Kind.MULTIPLE
        ElementTree.SubElement(item, "single").text = "false" if multiple else "true"
        ElementTree.SubElement(item, "shuffleanswers").text = "true"
        ElementTree.SubElement(item, "answernumbering").text = "ABCD"
        right = set(version.correct)
        for option in version.options:
            # Multiple response: a wrong choice cancels the mark, as all-or-nothing scores it.
            grade = "-100" if multiple else "0"
            if option["key"] in right:
                grade = _grade(len(right))
            answer = _html_text(
                item, "answer", images.text_to_html(option["text"], str), fraction=grade
            )
            _html_text(answer, "feedback", images.text_to_html(option.get("feedback", ""), str))
        tags = ElementTree.SubElement(item, "tags")
        values = [f"difficulty:{version.difficulty}", f"kind:{question.kind}"]
        if question.vignette_id:
            values.append(f"case:{question.vignette.code}")
        for value in values:
            ElementTree.SubElement(ElementTree.SubElement(tags, "tag"), "text").text = value
    ElementTree.indent(quiz)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(quiz, "unicode").encode()
    )
