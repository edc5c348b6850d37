"""The translation catalogs: extract, merge, compile and check them.

    python tools/messages.py           # what ``make messages`` runs
    python tools/messages.py --check   # exit status 1, naming what is missing, stale or untranslated

Extraction copies the package's Python files, the templates and the JavaScript into a
temporary folder and runs Django's ``makemessages`` there (domain ``django`` for Python and
templates, ``djangojs`` for JavaScript). The results are the source catalogs
``translations/en/LC_MESSAGES/text.po`` and ``textjs.po``, written a second time as
``mentoring_xblock/conf/locale/en/LC_MESSAGES/django.po`` and ``djangojs.po``: where Open edX's
translation pipeline takes a repository's English (openedx-translations'
``extract-translation-source-files`` workflow runs ``make extract_translations`` and adds the one
``*/conf/locale/en`` folder it finds; ``atlas pull`` later brings each language's catalog from
``translations/*/mentoring_xblock/conf/locale`` into the platform's
``conf/plugins-locale/xblock.v1/mentoring_xblock/``). Every other language folder under
``translations/`` is merged with them (new msgids arrive untranslated, removed ones go) and
compiled: ``text.mo`` for Python and templates, and ``static/js/translations/<locale>/textjs.js``,
which defines the block's ``i18n_js_namespace`` with ``gettext``, ``ngettext``, ``pgettext`` and
``interpolate``. The tests call the same functions, so the check and ``make messages`` agree.
"""

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mentoring_xblock.core.i18n import JS_CATALOG, JS_NAMESPACE  # noqa: E402
from tools import js_catalog as js_catalog_script  # noqa: E402
from tools.po import parse_po, placeholders, plural_forms, read_po  # noqa: E402

PROJECT = "mentoring-xblock"
TRANSLATIONS = ROOT / "translations"
SOURCE_LANGUAGE = "en"
# Our catalog domain -> Django's makemessages domain.
DOMAINS = {"text": "django", "textjs": "djangojs"}
# The generated JavaScript catalogs live under static/js/ but are not sources of msgids.
GENERATED_JS = Path(JS_CATALOG.split("{locale}")[0])
# Nor is the Studio editor's bundle: its strings are read from its sources, static/js/studio/.
STUDIO_BUNDLE = Path("static/js/studio.bundle.js")


# The English source where Open edX's extraction looks: <module>/conf/locale/en, domains django(js).
OPENEDX_SOURCE = ROOT / "mentoring_xblock" / "conf" / "locale" / SOURCE_LANGUAGE / "LC_MESSAGES"


def catalog_path(language, domain):
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.po"


def openedx_source_path(openedx_domain):
    """The English source catalog of a Django domain (``django``, ``djangojs``) as Open edX extracts it."""
    return OPENEDX_SOURCE / f"{openedx_domain}.po"


def languages():
    """Every translated language (folder names under ``translations/``, the source excepted)."""
    return sorted(path.name for path in TRANSLATIONS.iterdir() if path.is_dir() and path.name != SOURCE_LANGUAGE)


# -- extraction ----------------------------------------------------------------------------------


def _copy_sources(target):
    """The files makemessages reads, copied (symlinks resolved) into ``target``."""
    # In a subfolder: makemessages runs in ``target``, which Python puts first on its path.
    package = ROOT / "mentoring_xblock"
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.relative_to(package).parts:
            continue
        destination = target / "python" / path.relative_to(package)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, destination)
    shutil.copytree(ROOT / "templates", target / "templates")
    generated = ROOT / GENERATED_JS
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        if generated in path.parents or path == ROOT / STUDIO_BUNDLE:
            continue
        destination = target / "js" / path.relative_to(ROOT / "static" / "js")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, destination)


def extract(workdir):
    """Extract both domains from the code into ``workdir``; returns ``{domain: po text}``."""
    workdir = Path(workdir)
    (workdir / "locale").mkdir(parents=True, exist_ok=True)
    _copy_sources(workdir)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "")}
    env["DJANGO_SETTINGS_MODULE"] = env["DJANGO_SETTINGS_MODULE"] or "mentoring_xblock.workbench.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    texts = {}
    for domain, django_domain in DOMAINS.items():
        command = [sys.executable, "-m", "django", "makemessages", "-l", SOURCE_LANGUAGE, "-d", django_domain]
        command += ["--no-location", "--no-wrap", "--verbosity", "0"]
        subprocess.run(command, cwd=workdir, env=env, check=True)  # noqa: S603  (our own interpreter)
        po = workdir / "locale" / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{django_domain}.po"
        lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
        texts[domain] = "".join(line for line in lines if not line.startswith('"POT-Creation-Date'))
    return texts


# -- merging and compiling -----------------------------------------------------------------------


def _gettext_tool(*args):
    """Run a gettext tool; its warnings (a template's placeholder header) only show on failure."""
    result = subprocess.run(args, capture_output=True, text=True)  # noqa: S603  (gettext's tools)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise subprocess.CalledProcessError(result.returncode, args)


def merge(language, domain):
    """Bring one language's catalog in line with the source catalog (created if missing)."""
    source = catalog_path(SOURCE_LANGUAGE, domain)
    target = catalog_path(language, domain)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _gettext_tool("msginit", "--no-translator", "--no-wrap", "-l", language, "-i", source, "-o", target)
        text = target.read_text(encoding="utf-8").replace("THE PACKAGE'S COPYRIGHT HOLDER", f"the {PROJECT} authors")
        text = text.replace("PACKAGE VERSION", PROJECT).replace("PACKAGE", PROJECT)
        target.write_text(text, encoding="utf-8")
    _gettext_tool(
        "msgmerge", "--quiet", "--update", "--backup=none", "--no-fuzzy-matching", "--no-wrap",
        "--no-location", target, source,
    )  # fmt: skip
    _gettext_tool("msgattrib", "--no-obsolete", "--no-wrap", "-o", target, target)


def js_catalog(language):
    """The JavaScript file for ``language``: the namespace with its functions and catalog."""
    source = catalog_path(language, "textjs")
    nplurals, expression = plural_forms(source)
    catalog = {
        entry.compiled_key: entry.msgstr if entry.msgid_plural is not None else entry.msgstr[0]
        for entry in read_po(source)
        if entry.translated
    }
    return js_catalog_script.render(
        namespace=JS_NAMESPACE,
        language=language,
        source=source.relative_to(ROOT).as_posix(),
        catalog=catalog,
        nplurals=nplurals,
        plural=expression,
    )


def js_catalog_file(language):
    return ROOT / JS_CATALOG.format(locale=language)


def compile_language(language):
    """Check and compile one language: ``text.mo`` and the JavaScript catalog."""
    for domain in DOMAINS:
        po = catalog_path(language, domain)
        output = po.with_suffix(".mo") if domain == "text" else os.devnull
        _gettext_tool("msgfmt", "--check", "-o", output, po)
    if language != SOURCE_LANGUAGE:
        path = js_catalog_file(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(js_catalog(language), encoding="utf-8")


def update():
    """Everything ``make messages`` does."""
    with tempfile.TemporaryDirectory(prefix="mentoring-messages-") as workdir:
        texts = extract(workdir)
    for domain, text in texts.items():
        for path in (catalog_path(SOURCE_LANGUAGE, domain), openedx_source_path(DOMAINS[domain])):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for language in languages():
        for domain in DOMAINS:
            merge(language, domain)
    for language in [SOURCE_LANGUAGE, *languages()]:
        compile_language(language)


# -- checks ---------------------------------------------------------------------------------------


def _label(key):
    context, msgid, plural = key
    text = repr(msgid) if plural is None else f"{msgid!r} / {plural!r}"
    return text if context is None else f"{text} (context {context!r})"


def source_differences(extracted):
    """What the committed source catalogs lack (``missing``) or still hold (``stale``) compared
    with a fresh extraction (``{domain: po text}`` from :func:`extract`)."""
    missing, stale = [], []
    for domain, text in extracted.items():
        fresh = {entry.key for entry in parse_po(text)}
        path = catalog_path(SOURCE_LANGUAGE, domain)
        committed = {entry.key for entry in read_po(path)} if path.exists() else set()
        name = path.relative_to(ROOT).as_posix()
        missing += [f"{name}: missing {_label(key)}" for key in sorted(fresh - committed, key=str)]
        stale += [f"{name}: stale {_label(key)}" for key in sorted(committed - fresh, key=str)]
    return missing, stale


def translation_problems(language):
    """Untranslated, fuzzy, unknown or missing msgids and changed placeholders in one language."""
    problems = []
    for domain in DOMAINS:
        path = catalog_path(language, domain)
        name = path.relative_to(ROOT).as_posix()
        source = {entry.key for entry in read_po(catalog_path(SOURCE_LANGUAGE, domain))}
        entries = read_po(path) if path.exists() else []
        keys = {entry.key for entry in entries}
        problems += [f"{name}: not merged yet {_label(key)}" for key in sorted(source - keys, key=str)]
        problems += [f"{name}: no longer in the code {_label(key)}" for key in sorted(keys - source, key=str)]
        for entry in entries:
            if "fuzzy" in entry.flags:
                problems.append(f"{name}: fuzzy {_label(entry.key)}")
            elif not entry.translated:
                problems.append(f"{name}: untranslated {_label(entry.key)}")
                continue
            originals = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
            for index, text in enumerate(entry.msgstr):
                expected = placeholders(originals[min(index, len(originals) - 1)])
                if placeholders(text) != expected:
                    problems.append(f"{name}: placeholders {placeholders(text)} instead of {expected} in {text!r}")
    return problems


def compiled_problems(language):
    """Where ``text.mo`` or the JavaScript catalog do not say what the PO files say."""
    problems = []
    po = catalog_path(language, "text")
    expected = {}
    for entry in read_po(po):
        if not entry.translated:
            continue
        key = entry.compiled_key
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            expected.update({(key, index): text for index, text in enumerate(entry.msgstr)})
    mo = po.with_suffix(".mo")
    if not mo.exists():
        problems.append(f"{mo.relative_to(ROOT).as_posix()} is missing")
    else:
        with mo.open("rb") as handle:
            compiled = dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001
        compiled.pop("", None)
        if compiled != expected:
            problems.append(f"{mo.relative_to(ROOT).as_posix()} does not match {po.name}")
    if language != SOURCE_LANGUAGE:
        path = js_catalog_file(language)
        if not path.exists() or path.read_text(encoding="utf-8") != js_catalog(language):
            problems.append(f"{path.relative_to(ROOT).as_posix()} does not match textjs.po")
    return problems


def openedx_source_problems():
    """Where the English catalogs for Open edX's extraction differ from the source catalogs."""
    problems = []
    for domain, openedx_domain in DOMAINS.items():
        source, copy = catalog_path(SOURCE_LANGUAGE, domain), openedx_source_path(openedx_domain)
        name = copy.relative_to(ROOT).as_posix()
        if not copy.exists():
            problems.append(f"{name} is missing")
        elif copy.read_text(encoding="utf-8") != source.read_text(encoding="utf-8"):
            problems.append(f"{name} does not match {source.relative_to(ROOT).as_posix()}")
    return problems


def check():
    """Every problem, as lines; empty when the catalogs are current, complete and compiled."""
    with tempfile.TemporaryDirectory(prefix="mentoring-messages-") as workdir:
        missing, stale = source_differences(extract(workdir))
    problems = missing + stale + openedx_source_problems()
    for language in [SOURCE_LANGUAGE, *languages()]:
        if language != SOURCE_LANGUAGE:
            problems += translation_problems(language)
        problems += compiled_problems(language)
    return problems


def main(argv):
    if "--check" in argv:
        problems = check()
        for line in problems:
            print(line)
        if problems:
            print("Run `make messages`, translate what is listed, and run `make messages` again.")
        return 1 if problems else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
