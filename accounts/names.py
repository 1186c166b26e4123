"""Family names: compared case- and accent-insensitively, and guessed from a legal name only
where the holder has not given one (accounts created before the field existed)."""

import unicodedata

# Words after the family name that are not part of it: generational suffixes and degrees.
SUFFIXES = {
    "jr", "sr", "ii", "iii", "iv", "v", "md", "do", "phd", "rn", "np", "pa", "pa-c", "dnp",
    "msn", "bsn", "aprn", "fnp", "fnp-c", "mba", "mph", "esq",
}  # fmt: skip


def name_key(value: str) -> str:
    """ "García-López " and "garcia-lopez" compare equal: accents dropped, case folded, spaces
    collapsed."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def guess_family_name(full_legal_name: str) -> str:
    """The best guess at the family name in a legal name: "Smith, John" gives "Smith"; else the
    last word that is not a suffix ("John Smith Jr." gives "Smith")."""
    name = " ".join(full_legal_name.split())
    if "," in name:
        head, _, tail = name.partition(",")
        if tail.strip().rstrip(".").casefold() not in SUFFIXES:
            return head.strip()
        name = head
    words = [word.strip(",") for word in name.split()]
    while len(words) > 1 and words[-1].rstrip(".").casefold() in SUFFIXES:
        words.pop()
    return words[-1] if words else ""
