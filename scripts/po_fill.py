#!/usr/bin/env python
"""Fill empty msgstr entries of a .po file from a Python dict of translations.

    python scripts/po_fill.py ucj/locale/id/LC_MESSAGES/django.po translations.py

translations.py defines T = {msgid: msgstr} and optionally PLURALS = {msgid: msgstr}.
Only empty entries are filled; existing translations are kept. Prints what is still empty.
"""

import re
import runpy
import sys


def unquote(block: str) -> str:
    return "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for p in re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(po_path: str, dict_path: str) -> int:
    data = runpy.run_path(dict_path)
    singles, plurals = data.get("T", {}), data.get("PLURALS", {})
    text = open(po_path, encoding="utf-8").read()
    entries = text.split("\n\n")
    missing = []
    for i, entry in enumerate(entries):
        m = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not m:
            continue
        msgid = unquote(m.group(1))
        if not msgid:
            continue
        if re.search(r"^#,.*fuzzy", entry, re.M):
            # msgmerge's guess from a similar msgid: never trust it, translate afresh.
            entry = re.sub(r"^#\|.*\n", "", entry, flags=re.M)
            entry = re.sub(r'^(msgstr(?:\[\d\])? )(?:".*"\n?)+', r'\1""\n', entry, flags=re.M).rstrip("\n")
        if "msgid_plural" in entry:
            # msgstr[0] may be wrapped over lines ("" then continuations): empty only if all are.
            pm = re.search(r'^msgstr\[0\] ((?:".*"\n?)+)', entry, re.M)
            if pm and unquote(pm.group(1)) == "":
                if msgid in plurals:
                    entry = entry[:pm.start()] + "msgstr[0] " + quote(plurals[msgid]) + \
                        ("\n" if pm.group(1).endswith("\n") else "") + entry[pm.end():]
                    entry = re.sub(r'^msgstr\[1\] ""\s*$\n?', "", entry, flags=re.M)
                else:
                    missing.append(msgid)
        else:
            sm = re.search(r'^msgstr ((?:".*"\n?)+)', entry, re.M)
            if sm and unquote(sm.group(1)) == "":
                if msgid in singles:
                    entry = entry[:sm.start()] + "msgstr " + quote(singles[msgid]) + \
                        ("\n" if sm.group(1).endswith("\n") else "") + entry[sm.end():]
                else:
                    missing.append(msgid)
        entry = re.sub(r"^#, fuzzy\n", "", entry, flags=re.M).replace(", fuzzy", "")
        entries[i] = entry
    out = "\n\n".join(entries)
    out = re.sub(r'"Plural-Forms: .*?\\n"', '"Plural-Forms: nplurals=1; plural=0;\\\\n"', out)
    open(po_path, "w", encoding="utf-8").write(out)
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
