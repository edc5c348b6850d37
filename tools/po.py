"""Reading PO files: their entries, plural forms and placeholders (no dependency but the standard library)."""

import re
from dataclasses import dataclass, field
from pathlib import Path

# {name}, {0}, %(name)s, %s, %d: what must survive translation unchanged.
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sdif]|%[sdif]")


@dataclass
class Entry:
    """One message of a PO file."""

    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list = field(default_factory=list)
    flags: set = field(default_factory=set)

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def compiled_key(self):
        """The key of the message in a compiled catalog (the context, if any, joined by EOT)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a PO string: {text!r}")
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match.group(1), match.group(0)), text[1:-1])


def parse_po(text):
    """The entries of a PO file's text, header and obsolete (``#~``) entries left out.

    Entries are told apart by their keywords, not by blank lines: Django's makemessages writes
    the first JavaScript message right under the header."""
    entries = []
    parts, flags, keyword = {}, set(), None

    def finish():
        nonlocal parts, flags
        if parts.get("msgid") or parts.get("msgctxt") is not None:
            entries.append(_entry(parts, flags))
        parts, flags = {}, set()

    for line in text.splitlines():
        line = line.strip()
        has_msgstr = any(key.startswith("msgstr") for key in parts)
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if has_msgstr:
                finish()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            parts[keyword] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and (has_msgstr or keyword in parts):
                finish()
            parts[keyword] = _unquote(rest)
    if parts:
        finish()
    return entries


def _entry(parts, flags):
    if "msgid_plural" in parts:
        forms = sorted((key for key in parts if key.startswith("msgstr[")), key=lambda key: int(key[7:-1]))
        msgstr = [parts[key] for key in forms]
    else:
        msgstr = [parts.get("msgstr", "")]
    return Entry(
        msgid=parts["msgid"],
        msgid_plural=parts.get("msgid_plural"),
        msgctxt=parts.get("msgctxt"),
        msgstr=msgstr,
        flags=set(flags),
    )


def read_po(path):
    return parse_po(Path(path).read_text(encoding="utf-8"))


def plural_forms(path):
    """``(nplurals, expression)`` from a PO file's ``Plural-Forms`` header."""
    text = Path(path).read_text(encoding="utf-8")
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;\\]+)", text)
    if not match:
        return 2, "(n != 1)"
    return int(match.group(1)), match.group(2).strip()


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))
