"""Small files and images for the import and export tests."""

import base64
import io

from PIL import Image


def png(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(buffer, "PNG")
    return buffer.getvalue()


def moodle(*questions: str, category: str = "$course$/top/Pharmacology") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        f'<question type="category"><category><text>{category}</text></category></question>\n'
        + "\n".join(questions)
        + "\n</quiz>\n"
    ).encode()


def multichoice(
    name="Question 1",
    *,
    idnumber=None,
    stem="Which muscle lowers the brow?",
    answers=(("100", "Procerus"), ("0", "Frontalis"), ("0", "Masseter")),
    single="true",
    files="",
) -> str:
    idnumber_xml = f"<idnumber>{idnumber}</idnumber>" if idnumber is not None else ""
    answers_xml = "".join(
        f'<answer fraction="{grade}"><text>{text}</text></answer>' for grade, text in answers
    )
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>{idnumber_xml}'
        f'<questiontext format="html"><text><![CDATA[{stem}]]></text>{files}</questiontext>'
        f"<single>{single}</single>{answers_xml}</question>"
    )


def moodle_file(name: str, data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return f'<file name="{name}" path="/" encoding="base64">{encoded}</file>'
