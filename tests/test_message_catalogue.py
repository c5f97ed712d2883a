"""The Indonesian catalogue is the one source of the translations (issue 20): no entry of
ucj/locale/id/LC_MESSAGES/django.po is left empty or as a fuzzy guess (which Django ignores:
the page would show English), and the compiled .mo is the .po's."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "ucj" / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _unquote(lines: list[str]) -> str:
    return "".join(re.fullmatch(r'\s*"(.*)"\s*', line).group(1) for line in lines)


def entries(text: str) -> list[dict]:
    """The catalogue's entries (obsolete ``#~`` ones left out): msgid, the msgstr (each plural
    form) and the flags."""
    found = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = {flag.strip() for line in lines if line.startswith("#,")
                 for flag in line[2:].split(",")}
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif current is not None:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        found.append({"msgid": _unquote(fields["msgid"]), "flags": flags,
                      "msgstr": [_unquote(v) for k, v in fields.items()
                                 if k.startswith("msgstr")]})
    return found


def problems(text: str) -> list[str]:
    """The entries (but the header) that are empty or fuzzy, each as ``reason: msgid``."""
    bad = []
    for entry in entries(text):
        if entry["msgid"] == "":
            continue  # the header
        if "fuzzy" in entry["flags"]:
            bad.append(f"fuzzy: {entry['msgid']!r}")
        elif not entry["msgstr"] or any(value == "" for value in entry["msgstr"]):
            bad.append(f"empty: {entry['msgid']!r}")
    return bad


def test_the_check_finds_an_empty_a_plural_and_a_fuzzy_entry():
    sample = ('msgid ""\nmsgstr ""\n"Language: id\\n"\n\n'
              'msgid "Done"\nmsgstr "Selesai"\n\n'
              'msgid "Left"\nmsgstr ""\n\n'
              '#, python-format, fuzzy\nmsgid "%(n)s rows"\nmsgstr "%(n)s baris"\n\n'
              'msgid "one file"\nmsgid_plural "%(n)s files"\nmsgstr[0] ""\n\n'
              'msgid ""\n"a long "\n"one"\nmsgstr ""\n"panjang"\n\n'
              '#~ msgid "Old"\n#~ msgstr ""\n')
    assert problems(sample) == ["empty: 'Left'", "fuzzy: '%(n)s rows'", "empty: 'one file'"]


def test_no_entry_of_the_catalogue_is_empty_or_fuzzy():
    found = problems(PO.read_text(encoding="utf-8"))
    assert not found, ("translate these in ucj/locale/id/LC_MESSAGES/django.po, then run "
                       "scripts/update-messages:\n" + "\n".join(found))


def test_the_catalogue_has_its_entries():
    assert len(entries(PO.read_text(encoding="utf-8"))) > 1000


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_compiled_catalogue_is_the_po(tmp_path):
    """msgfmt accepts the .po (format strings included), and the committed .mo holds what it
    compiles to, so nobody ships a .po whose .mo was not made again (compared as catalogues:
    another gettext version may lay the file out differently)."""
    compiled = tmp_path / "django.mo"
    done = subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(compiled, "rb") as fresh, open(MO, "rb") as committed:
        assert (gettext.GNUTranslations(committed)._catalog
                == gettext.GNUTranslations(fresh)._catalog)
