"""Glossary links: each chapter links its first use of every glossary term it uses to the
glossary (MyST's ``{term}`` role), and every ``{term}`` in the book names a defined term."""

import re

import pytest
from conftest import REPO_ROOT
from test_page_anatomy import CHAPTERS, page_text

GLOSSARY = REPO_ROOT / "book" / "teaching" / "glossary.md"

# How each glossary term is written in running text (case-insensitive; (?-i:...) where the case
# tells an abbreviation from a word). A longer term's words are kept out of a shorter one's.
FORMS = {
    "Academy": r"(?<![-\w])(?<!sponsored )academ(?:y|ies)\b(?! chains?\b)",
    "Academy chain": r"\bacademy chains?\b",
    "Accountability": r"\baccountability\b",
    "Business manager": r"\bbusiness managers?\b",
    "Chair of governors": r"\bchairs? of (?:the )?governors\b",
    "Cluster": r"\bclusters?\b",
    "Collaboration": r"(?<!structured )\bcollaborations?\b",
    "Community school": r"\bcommunity schools?\b",
    "Continuing professional development (CPD)": r"\bcontinuing professional development\b|(?-i:\bCPD\b)",
    "Executive head": r"\bexecutive head(?:s|teachers?|ship)?\b",
    "Faith school": r"\bfaith schools?\b",
    "Federation": r"\bfederations?\b",
    "Floor standard": r"\bfloor standards?\b",
    "Floor target": r"\bfloor targets?\b",
    "Free school": r"\bfree schools?\b(?! meals)",
    "Get Information About Schools (GIAS)": r"\bget information about schools\b|(?-i:\bGIAS\b)",
    "Governing body": r"\bgoverning bod(?:y|ies)\b",
    "Hard partnership": r"\bhard partnerships?\b",
    "Head of school": r"\bheads? of school\b",
    "Headteacher": r"\bhead\s?teachers?\b",
    "Inspection grade": r"\binspection grades?\b",
    "Joint practice development (JPD)": r"\bjoint practice development\b|(?-i:\bJPD\b)",
    "Key stage 2": r"\bkey stage 2\b|(?-i:\bKS2\b)",
    "Lead strategic group": r"\blead strategic groups?\b",
    "Level 4": r"\blevel 4\b",
    "Local authority (LA)": r"\blocal authorit(?:y|ies)\b|(?-i:\bLAs?\b)",
    "Local leader of education (LLE)": r"\blocal leaders? of education\b|(?-i:\bLLEs?\b)",
    "Maintained school": r"(?<![-\w])maintained schools?\b",
    "Memorandum of understanding (MoU)": r"\bmemorand(?:um|a) of understanding\b|(?-i:\bMoUs?\b)",
    "Middle leader": r"\bmiddle leaders?\b",
    "Middle tier": r"\bmiddle tier\b",
    "Multi-academy trust (MAT)": r"\bmulti-academy trusts?\b|(?-i:\bMATs?\b)",
    "National College": r"(?-i:\bNational College\b)",
    "National leader of education (NLE)": r"\bnational leaders? of education\b|(?-i:\bNLEs?\b)",
    "National support school (NSS)": r"\bnational support schools?\b|(?-i:\bNSSs?\b)",
    "National Professional Qualification for Headship (NPQH)": r"\bnational professional qualification for headship\b"
    r"|(?-i:\bNPQH\b)",
    "Ofsted": r"\bofsted\b",
    "Outstanding": r"\boutstanding\b",
    "Partnership": r"(?<!hard )\bpartnerships?\b",
    "Primary chains grant": r"\bprimary chains grants?\b",
    "Pupil premium": r"\bpupil premium\b",
    "Requires improvement": r"\brequires improvement\b",
    "Satisfactory": r"\bsatisfactory\b",
    "School improvement partner (SIP)": r"\bschool improvement partners?\b|(?-i:\bSIPs?\b)",
    "School-led system": r"\bschool-led system\b",
    "Self-improving school system": r"\bself-improving (?:school )?system\b",
    "Single-academy trust (SAT)": r"\bsingle-academy trusts?\b|(?-i:\bSAT\b)",
    "Specialist leader of education (SLE)": r"\bspecialist leaders? of education\b|(?-i:\bSLEs?\b)",
    "Sponsored academy": r"\bsponsored academ(?:y|ies)\b",
    "Structured collaboration": r"\bstructured collaborations?\b",
    "System leader": r"\bsystem leaders?\b",
    "Teaching school": r"\bteaching schools?\b(?! alliances?\b)",
    "Teaching school alliance": r"\bteaching school alliances?\b",
}

ROLE = re.compile(r"\{term\}`([^`]+)`")
# Markup whose words are not running text: other roles, inline code, links, headings, directive
# fences and options, targets and comments. Blanked out (keeping every offset) before a search.
MARKUP = re.compile(
    r"^(?:```|:::).*$|^#.*$|^:[a-z-]+:.*$|^\(.*\)=$|\{[a-z:-]+\}`[^`]*`|`[^`\n]*`|\[[^\]]*\]\([^)]*\)|<!--[\s\S]*?-->",
    re.M,
)


def glossary_terms():
    body = GLOSSARY.read_text(encoding="utf-8").split("```{glossary}")[1].split("```")[0]
    return [line.strip() for line in body.splitlines() if line.strip() and not line.startswith(" ")]


def role_target(used):
    m = re.search(r"<([^>]+)>\s*$", used)
    return (m.group(1) if m else used).strip()


def spaced(form):
    """A form whose words may be parted by several spaces (a line break and an indent)."""
    return re.sub(r" (?!\))", " +", form)


def first_uses(text):
    """Each glossary term's first use in the running text: (offset, linked), linked when that
    first use is a ``{term}`` role pointing at it."""
    links = {}
    for m in ROLE.finditer(text):
        links.setdefault(role_target(m.group(1)).lower(), m.start())
    # blanked markup keeps every offset; a term may run over a line break
    plain = MARKUP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text).replace("\n", " ")
    uses = {}
    for term, form in FORMS.items():
        m = re.search(spaced(form), plain, re.I)
        link = links.get(term.lower())
        if m is None and link is None:
            continue
        at = min(x for x in (m and m.start(), link) if x is not None)
        uses[term] = (at, link is not None and link <= at)
    return uses


def test_every_glossary_term_has_its_forms():
    assert set(FORMS) == set(glossary_terms())


def test_first_uses_are_found_and_a_later_link_does_not_count():
    text = "A partnership, then a {term}`partnership <Partnership>`.\n\n## Ofsted\n\n{fact}`ofsted-x` Ofsted"
    uses = first_uses(text)
    assert uses["Partnership"] == (2, False)
    assert uses["Ofsted"][0] == text.rindex("Ofsted") and not uses["Ofsted"][1]
    assert first_uses("{term}`MoUs <Memorandum of understanding (MoU)>` and a MoU")[
        "Memorandum of understanding (MoU)"
    ] == (0, True)
    assert "Local authority (LA)" not in first_uses("Las Vegas and a hard partnership")
    assert "Partnership" not in first_uses("a hard partnership")
    assert first_uses("```{admonition} Aims\n- a cluster\n```")["Cluster"] == (25, False)
    assert "Headteacher" in first_uses("a headteacher") and "Headteacher" in first_uses("a head teacher")
    assert first_uses("the memorandum of\n  understanding")["Memorandum of understanding (MoU)"] == (4, False)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapter_links_its_first_use_of_each_glossary_term(path):
    unlinked = [term for term, (_, linked) in first_uses(page_text(path)).items() if not linked]
    assert not unlinked, f"{path.stem}: first use not linked to the glossary: {unlinked}"


def test_every_term_role_names_a_defined_term():
    terms = {t.lower() for t in glossary_terms()}
    pages = [*(REPO_ROOT / "book").rglob("*.md"), *(REPO_ROOT / "notebooks").rglob("*.md")]
    used = 0
    for path in pages:
        for m in ROLE.finditer(path.read_text(encoding="utf-8")):
            used += 1
            assert role_target(m.group(1)).lower() in terms, f"{path.name}: {m.group(0)}"
    assert used, "no page links a glossary term"
