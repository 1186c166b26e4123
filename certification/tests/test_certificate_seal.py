"""The certificate's seal is drawn, not fetched: path data made from the local fonts, and a
seal without words (never an error) where the fonts are missing."""

from certification import seal as seal_module
from certification.seal import seal


def test_it_draws_the_rim_words_and_the_year_as_single_paths():
    drawn = seal("2026")

    assert drawn["words"].startswith("M") and drawn["words"].endswith("Z")
    assert drawn["year"].startswith("M")
    assert seal("2027")["year"] != drawn["year"]
    assert len(drawn["rim"].split()) == 80  # 40 teeth


def test_without_the_fonts_the_seal_keeps_its_shapes_and_loses_its_words(monkeypatch, tmp_path):
    monkeypatch.setattr(seal_module, "FONT_DIR", tmp_path)
    seal_module._font.cache_clear()
    seal_module._words.cache_clear()
    seal_module._year.cache_clear()
    try:
        drawn = seal("2026")
    finally:
        seal_module._font.cache_clear()
        seal_module._words.cache_clear()
        seal_module._year.cache_clear()

    assert drawn["words"] == "" and drawn["year"] == ""
    assert drawn["rim"] and drawn["star"]
