"""The language of everything an editor reads: Chinese, unless `--lang en` or DISCLOSURE_LANG=en.

Code writes each message once, in English, through `_()`; its Chinese is in the catalogue
disclosure/locale/zh/LC_MESSAGES/disclosure.po, read with Babel. Placeholders are named:
    _("'{key}' is not a plan field", key=key)
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
CATALOGUES = Path(__file__).parent / "locale"
_chosen: str | None = None


def set_language(code: str | None) -> None:
    """Use this language from now on (None: the environment's DISCLOSURE_LANG, else Chinese)."""
    global _chosen
    _chosen = code


def language() -> str:
    if _chosen:
        return _chosen
    return "en" if os.environ.get("DISCLOSURE_LANG", "").lower().startswith("en") else "zh"


@cache
def catalogue(code: str) -> dict[str, str]:
    """English message → its translation, for one language (empty for English)."""
    path = CATALOGUES / code / "LC_MESSAGES" / "disclosure.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        messages = read_po(file)
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def _(message: str, /, **values) -> str:
    """The message in the current language, its {placeholders} filled in."""
    text = catalogue(language()).get(message, message)
    return text.format(**values) if values else text


def N_(message: str) -> str:
    """Marks a message for the catalogue that is translated elsewhere (argparse's own, below)."""
    return message


# argparse's own words, which it looks up through gettext: the same catalogue answers them.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("expected %s argument"), N_("expected %s arguments"), N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("can't open '%(filename)s': %(error)s"),
)


def translate_argparse() -> None:
    """Make argparse's usage, help headings and errors speak the current language.

    argparse reads its words through the names `_` and `ngettext` of its own module (gettext's); it
    has no other hook, so those two names are pointed at the catalogue."""
    import argparse

    argparse._ = lambda message: catalogue(language()).get(message, message)
    argparse.ngettext = lambda one, many, n: argparse._(one if n == 1 else many)


def take_language(argv: list[str]) -> list[str]:
    """Use the language `--lang CODE` names anywhere in argv (before or after the command), and
    return argv without it. An unknown code is refused in that language's place: the default."""
    rest, index = [], 0
    while index < len(argv):
        word = argv[index]
        if word == "--lang" or word.startswith("--lang="):
            code = word.partition("=")[2] if "=" in word else (argv[index + 1] if index + 1 < len(argv) else "")
            index += 1 if "=" in word else 2
            if code not in LANGUAGES:
                raise ValueError(code)
            set_language(code)
            continue
        rest.append(word)
        index += 1
    return rest
