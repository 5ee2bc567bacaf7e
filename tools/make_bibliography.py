"""Build book/references.bib from the reference lists of the five source documents.

    python tools/make_bibliography.py [--seeds ../shared/seeds]

Each entry of each document's reference list becomes one BibTeX entry, deduplicated across
documents; its note names, by title, the documents that list it. Works a document names only
in its text or footnotes are in SUPPLEMENT below, each with the citation exactly as the
document writes it (author and year as written), a title only where the document gives one
(otherwise a bracketed description of what it is cited for) and, where it is a work another
document lists, the key of that entry instead of a new one. Every title is braced so that the
BibTeX style keeps its capitalisation. The five documents themselves head the file.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
LISTS = {  # document -> (first line of its reference list, line after it ends)
    "000_5f752e40ecaa30fa.txt": "References",
    "001_dcf2fe2c8a06461d.txt": "References",
    "004_0f4be6aed74cd08b.txt": "## References",
}
SOURCE_DOCUMENTS = r"""
@techreport{isos2014, author = {Matthews, Peter and Rea, Simon and Hill, Robert and Gu, Qing}, year = {2014},
  title = {{Freedom to lead: a study of outstanding primary school leadership in England. Technical annex: literature review}},
  institution = {Isos Partnership for the Department for Education}, number = {DFE-RR374D}}
@techreport{ncsl2012, author = {{National College for School Leadership}}, year = {2012},
  title = {{Schools and academies: the new landscape for schools and school leadership. Seminar report, January 2012}},
  institution = {National College for School Leadership}}
@misc{greanynd, author = {Greany, Toby}, year = {n.d.},
  title = {{Collaboration, partnerships and system leadership across schools}},
  howpublished = {Book chapter 5}, note = {The copy used states no date or book; it cites work published up to 2016.}}
@misc{lls2013, author = {{London Leadership Strategy}}, year = {2013},
  title = {{Written evidence submitted by London Leadership Strategy}},
  howpublished = {House of Commons Education Committee, HC 269, October 2013}}
@techreport{cfbt2014, author = {Hill, Robert and Kettlewell, Kelly and Salt, Jane}, year = {2014},
  title = {{Partnership working in small rural primary schools: the best of both worlds}},
  institution = {CfBT Education Trust}}
"""
# How a page names each document (never by its file name).
DOCUMENT_TITLES = {
    "000_5f752e40ecaa30fa.txt": "Freedom to lead: technical annex, literature review (Isos Partnership, 2014)",
    "001_dcf2fe2c8a06461d.txt": "Schools and academies: the new landscape for schools and school leadership "
    "(National College, 2012)",
    "002_8edba2ef71838ece.txt": "Collaboration, partnerships and system leadership across schools (Greany)",
    "003_515f9c66ae856be0.txt": "Written evidence submitted by London Leadership Strategy (2013)",
    "004_0f4be6aed74cd08b.txt": "Partnership working in small rural primary schools: the best of both worlds "
    "(CfBT Education Trust, 2014)",
}
SHORT_TITLES = {  # used inside a description that stands in for a missing title
    "000_5f752e40ecaa30fa.txt": "the Isos review",
    "002_8edba2ef71838ece.txt": "Greany's chapter",
}
ISOS, GREANY, LLS, CFBT = (
    "000_5f752e40ecaa30fa.txt",
    "002_8edba2ef71838ece.txt",
    "003_515f9c66ae856be0.txt",
    "004_0f4be6aed74cd08b.txt",
)


class Cited(NamedTuple):
    """A work a document names in its text (or footnotes) but not in a reference list.

    ``author`` and ``year`` are as the document writes them (surnames only where it gives only
    surnames; "and others" for "et al."); ``as_written`` is the citation exactly as it stands
    in the document; ``title`` only when the document gives one, otherwise the entry's title
    is a bracketed description built from ``cited_for`` (our words: what the document cites
    it for). ``same_as`` names a reference-list entry of another document that is this work
    (same authors in the same order, same year); then no new entry is made and that entry's
    note records the citation.
    """

    key: str
    author: str
    year: str
    as_written: str
    doc: str
    cited_for: str
    title: str | None = None
    same_as: str | None = None
    shown: str | None = None  # how the note quotes the citation, when as_written lacks the name


HARGREAVES_GREANY = "(2010, 2011, 2012a, b)"  # after "Hargreaves' thinking on self-improving systems"
SUPPLEMENT = [
    # London Leadership Strategy: its numbered footnotes.
    Cited(
        "ofsted2010lc",
        "{Ofsted}",
        "2010",
        "London Challenge, OFSTED 2010",
        LLS,
        "",
        "London Challenge",
        same_as="ofsted2010a",
    ),
    Cited(
        "lls2012nle",
        "{London Leadership}",
        "2012",
        "London Leadership NLE Deployment Summary 2012",
        LLS,
        "its deployment of national leaders of education",
        "NLE Deployment Summary",
    ),
    Cited(
        "ncsl2011models",
        "{NCSL}",
        "2011",
        "Introductions to Models and Partnerships NCSL 2011",
        LLS,
        "models of partnership",
        "Introductions to Models and Partnerships",
    ),
    Cited(
        "lls2013g4g",
        "{London Leadership Strategy}",
        "n.d.",
        "Going for Great publications",
        LLS,
        "its Going for Great programme for outstanding schools; the footnote gives no date",
        "Going for Great publications",
    ),
    Cited(
        "hargreaves2011lls",
        "Hargreaves, David",
        "2011",
        "David Hargreaves for NCSL, 2011",
        LLS,
        "",
        "Leading A Self Improving School System",
        same_as="hargreaves2011a",
    ),
    # The Isos review: works its text names that its reference list lacks.
    Cited(
        "day2009",
        "Day and others",
        "2009",
        "Day et al (2009)",
        ISOS,
        "how successful leadership practice differs between primary and secondary schools",
    ),
    Cited("hattie2010", "Hattie", "2010", "Hattie 2010", ISOS, "evidence on formative assessment"),
    Cited(
        "importanceofteaching2010",
        "{The government}",
        "2010",
        "the government's Importance of Teaching white paper (2010)",
        ISOS,
        "the aim of a self-improving system",
        "Importance of Teaching",
    ),
    # The CfBT report: a source named on its opening page.
    Cited(
        "caritas2011",
        "{Caritas Data}",
        "2010/11",
        "Top 3,000 Charities 2010/11 published by Caritas Data",
        CFBT,
        "the trust's ranking among UK charities",
        "Top 3,000 Charities 2010/11",
    ),
    # Greany's chapter has no reference list; every work its text cites, in order of first mention.
    Cited("kamp2013", "Kamp", "2013", "Kamp, 2013", GREANY, "the political and personal challenges partnerships meet"),
    Cited("fullan2005", "Fullan", "2005", "Fullan, 2005", GREANY, "a definition of system leaders"),
    Cited(
        "burns2016",
        "Burns and Köster",
        "2016",
        "Burns and Köster, 2016",
        GREANY,
        "the limits of top-down change and of markets",
    ),
    Cited("oecd2015", "{OECD}", "2015", "OECD, 2015", GREANY, "autonomy with accountability in system reform"),
    Cited(
        "igov2012",
        "{Institute for Government}",
        "2012",
        "Institute for Government, 2012",
        GREANY,
        "the case for school autonomy",
    ),
    Cited(
        "lubiensky2009", "Lubiensky", "2009", "Lubiensky, 2009", GREANY, "competition as the driver of quasi-markets"
    ),
    Cited("oecd2011", "{OECD}", "2011", "OECD, 2011", GREANY, "the autonomy of UK schools at the time of PISA 2009"),
    Cited("alexander2011", "Alexander", "2011", "Alexander, 2011", GREANY, "the National Strategies stalling"),
    Cited(
        "higham2009",
        "Higham and Hopkins and Matthews",
        "2009",
        "Higham, Hopkins and Matthews, 2009",
        GREANY,
        "networks of schools led by system leaders",
    ),
    Cited("barber2007greany", "Barber", "2007", "Barber, 2007", GREANY, "the idea of unleashing greatness"),
    Cited(
        "mourshed2010",
        "Mourshed and Chijioke and Barber",
        "2010",
        "Mourshed, Chijioke and Barber, 2010",
        GREANY,
        "the idea of unleashing greatness",
    ),
    Cited(
        "barbermourshed2007",
        "Barber and Mourshed",
        "2007",
        "Barber and Mourshed, 2007",
        GREANY,
        "",
        same_as="barber2007",
    ),
    Cited(
        "suttontrust2011",
        "{Sutton Trust}",
        "2011",
        "Sutton Trust, 2011",
        GREANY,
        "the difference teaching quality makes",
    ),
    Cited(
        "cordingley2015",
        "Cordingley and others",
        "2015",
        "Cordingley et al., 2015",
        GREANY,
        "the part schools play in developing teachers",
    ),
    Cited(
        "hargreaves2010",
        "Hargreaves",
        "2010",
        HARGREAVES_GREANY,
        GREANY,
        "his thinking on self-improving systems",
        shown="Hargreaves (2010, 2011, 2012a, b)",
    ),
    Cited(
        "hargreaves2011greany",
        "Hargreaves",
        "2011",
        HARGREAVES_GREANY,
        GREANY,
        "",
        same_as="hargreaves2011a",
        shown="Hargreaves (2010, 2011, 2012a, b)",
    ),
    Cited(
        "hargreaves2012a",
        "Hargreaves",
        "2012a",
        HARGREAVES_GREANY,
        GREANY,
        "his thinking on self-improving systems",
        shown="Hargreaves (2010, 2011, 2012a, b)",
    ),
    Cited(
        "hargreaves2012b",
        "Hargreaves",
        "2012b",
        HARGREAVES_GREANY,
        GREANY,
        "his thinking on self-improving systems",
        shown="Hargreaves (2010, 2011, 2012a, b)",
    ),
    Cited(
        "lupton2015",
        "Lupton and Thomson",
        "2015",
        "Lupton and Thomson, 2015",
        GREANY,
        "the direction of reform after 2010",
    ),
    Cited("dfe2016", "{DfE}", "2016", "DfE, 2016", GREANY, "the spread of academies by 2016"),
    Cited("dfe2010", "{DfE}", "2010", "White Paper (DfE, 2010)", GREANY, "the 2010 White Paper"),
    Cited(
        "greany2014", "Greany", "2014", "Greany suggests (2014)", GREANY, "four criteria of the self-improving system"
    ),
    Cited(
        "hoc2013",
        "{HoC Education Select Committee}",
        "2013",
        "HoC Education Select Committee, 2013",
        GREANY,
        "",
        same_as="house2013",
    ),
    Cited("brown2015", "Brown", "2015", "Brown, 2015", GREANY, "why earlier partnership programmes had little impact"),
    Cited("baars2014", "Baars and others", "2014", "Baars et al., 2014", GREANY, "the London Challenge"),
    Cited(
        "greaves2014",
        "Greaves and Macmillan and Sibieta",
        "2014",
        "Greaves, Macmillan and Sibieta, 2014",
        GREANY,
        "the London Challenge",
    ),
    Cited(
        "matthewshill2010",
        "Matthews and Hill",
        "2010",
        "Matthews and Hill, 2010",
        GREANY,
        "support from serving leaders and its temporary remit",
    ),
    Cited(
        "earley2006",
        "Earley and Weindling",
        "2006",
        "Earley and Weindling, 2006",
        GREANY,
        "how consultant heads drew on their own staff",
    ),
    Cited(
        "ainscow2015", "Ainscow", "2015", "Ainscow, 2015", GREANY, "joint practice development in the London Challenge"
    ),
    Cited("nctl2013", "{NCTL}", "2013", "NCTL, 2013", GREANY, "faster improvement in schools that NLEs supported"),
    Cited(
        "rea2011greany",
        "Rea and Hill and Sandals",
        "2011",
        "Rea, Hill and Sandals, 2011",
        GREANY,
        "NLEs and pupils on free school meals",
    ),
    Cited(
        "rea2013", "Rea and Dunford", "2013", "Rea and Dunford, 2013", GREANY, "NLEs and pupils on free school meals"
    ),
    Cited(
        "muijs2015",
        "Muijs",
        "2015",
        "Muijs' (2015)",
        GREANY,
        "the impact of school-to-school support among primary schools in one authority",
    ),
    Cited("chapman2009greany", "Chapman and others", "2009", "Chapman et al. 2009", GREANY, "", same_as="chapman2009"),
    Cited(
        "chapman2011greany",
        "Chapman and Muijs and MacAllister",
        "2011",
        "Chapman, Muijs and MacAllister 2011",
        GREANY,
        "",
        same_as="chapman2011",
    ),
    Cited(
        "hoc2015",
        "{HoC Education Select Committee}",
        "2015b",
        "HoC Education Select Committee, 2015b",
        GREANY,
        "the share of academies in chains by March 2015",
    ),
    Cited("hill2015", "Hill", "2015", "Hill, 2015", GREANY, "counts of multi-academy trusts by size"),
    Cited("hill2009", "Hill", "2009", "Hill, 2009", GREANY, "the challenges of academy chains"),
    Cited(
        "hill2012greany",
        "Hill",
        "2012",
        "Hill, 2012",
        GREANY,
        "evaluations of early chains and the role of leaders of large trusts",
    ),
    Cited("hilletal2012", "Hill and others", "2012", "Hill et al., 2012", GREANY, "", same_as="hill2012"),
    Cited(
        "hutchings2015",
        "Hutchings and Francis and Kirby",
        "2015",
        "Hutchings, Francis and Kirby (2015)",
        GREANY,
        "how established chains perform",
    ),
    Cited(
        "salokangas2014",
        "Salokangas and Chapman",
        "2014",
        "Salokangas and Chapman (2014)",
        GREANY,
        "governance in two academy chains",
    ),
    Cited(
        "matthews2013",
        "Matthews and Berwick",
        "2013",
        "Matthews and Berwick, 2013",
        GREANY,
        "the role of Teaching Schools",
    ),
    Cited("gu2015", "Gu and others", "2015", "Gu et al., 2015", GREANY, "the evaluation of Teaching Schools"),
    Cited(
        "matthews2007",
        "Matthews",
        "2007",
        "Matthews (2007,",  # the rest of the citation names where he is reported (cited_for)
        GREANY,
        "the qualities of the first NLEs, as reported in Higham, Hopkins and Matthews (2009)",
        shown="Matthews (2007)",
    ),
    Cited(
        "chapman2013", "Chapman", "2013", "Chapman, 2013", GREANY, "how system leadership can free or constrain staff"
    ),
    Cited("robinson2012", "Robinson", "2012", "Robinson (2012: 168)", GREANY, "a study of primary system leaders"),
    Cited(
        "coldron2014",
        "Coldron and others",
        "2014",
        "Coldron et al. (2014: 398)",
        GREANY,
        "the motives of well-positioned heads",
    ),
    Cited("earley2013", "Earley", "2013", "Earley, 2013", GREANY, "leaders balancing competition and collaboration"),
    Cited("greany2015c", "Greany", "2015c", "Greany, 2015c", GREANY, "the changing role of the local authority"),
    Cited("croft2015", "Croft", "2015", "Croft, 2015", GREANY, "competition between multi-academy trusts"),
    Cited(
        "greanyforthcoming", "Greany", "forthcoming", "Greany, forthcoming", GREANY, "the idea of quasi-super-markets"
    ),
    Cited("hatcher2014", "Hatcher", "2014", "Hatcher, 2014", GREANY, "a critique of replacing LAs with trusts"),
    Cited("ofsted2013greany", "{Ofsted}", "2013", "Ofsted (2013)", GREANY, "concern about a two-tier system"),
    Cited(
        "earley2013higham",
        "Earley and Higham",
        "2013",
        "Earley and Higham, 2013",
        GREANY,
        "a fragmenting, two-tier system",
    ),
    Cited("greany2015a", "Greany", "2015a", "Greany, 2015a, b", GREANY, "a fragmenting, two-tier system"),
    Cited("greany2015b", "Greany", "2015b", "Greany, 2015a, b", GREANY, "a fragmenting, two-tier system"),
]


def clean(line: str) -> str:
    """One line of a reference list as plain text; an italic title keeps its asterisks."""
    line = re.sub(r"\[([^\]]+)\]\((https?://[^)]+)\)", r"\2", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    line = line.replace("\\*", "").replace("**", "").strip()
    return re.sub(r"^[-\u2022]\s+", "", line).strip()


def entries(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == heading)
    out = []
    for line in lines[start + 1 :]:
        s = clean(line)
        if not s:
            continue
        if re.match(r"^(©|The National College is|The College gives|We are always)", s):
            break
        if re.search(r"(\(\d{4}[a-z]?\)|\b\d{4}[a-z]?,|\(forthcoming\)|\(\d{4}[a-z]?\),)", s):
            out.append(s)
    return out


OFSTED_NAME = "Education, Children's Services and Skills"


def split_entry(ref: str) -> tuple[str, str, str, str]:
    """(authors, year, title, the rest) of one reference; the title is the italic span if any."""
    m = re.match(r"^(?P<a>.+?)\s*\(?(?P<y>\d{4}[a-z]?|forthcoming)\)?[,.]?\s+(?P<rest>.+)$", ref)
    authors, year, rest = m.group("a").strip(" ,").replace("*", ""), m.group("y"), m.group("rest").strip()
    italic = re.match(r"^(?P<pre>[^*]*?)\*(?P<t>[^*]+)\*[.,:]?\s*(?P<after>.*)$", rest)
    if italic and len(italic.group("pre")) < 40:
        pre = italic.group("pre").strip(" ,.")
        title = (pre + ", " if pre else "") + italic.group("t").strip(" .,")
        return authors, year, title, italic.group("after").replace("*", "").strip()
    rest = rest.replace("*", "")
    inverted = re.match(r"^([^,]+, [A-Z][A-Z.]*), (.{15,})$", authors)  # "Name, G, Title (2008), Journal"
    if inverted and not re.search(r"[A-Z][a-z'\-]+, [A-Z]\.?(?:[ ,&]|$)", inverted.group(2)):
        return inverted.group(1), year, inverted.group(2), rest
    # Ofsted's full name holds a comma that is not the end of a title.
    kept = rest.replace(OFSTED_NAME, OFSTED_NAME.replace(", ", "\0"))
    title = [t.replace("\0", ", ") for t in re.split(r"(?<=[a-z?)])[.,] (?=[A-Z])", kept, maxsplit=1)]
    return authors, year, title[0].strip(" .–"), (title[1].strip() if len(title) > 1 else "")


def same_title(a: str, b: str) -> bool:
    """Two listings of one work: their titles agree on the first 25 letters and digits."""
    norm = lambda t: re.sub(r"[^a-z0-9]", "", t.lower())[:25]  # noqa: E731
    return norm(a) == norm(b)


def bib_authors(authors: str) -> str:
    authors = re.sub(r"^The ", "", authors)
    people = re.findall(r"([A-Z][A-Za-z'\-]+(?: [A-Z][a-z]+)?), ((?:[A-Z]{1,2}\.?\s?(?:[A-Z]\.?)?)+)", authors)
    if people and not re.search(
        r"Department|Partnership|College|Ofsted|Committee|LLP|NFER|TES|Guardian|Isos|DfE", authors
    ):
        return " and ".join(f"{s}, {i.strip()}" for s, i in people)
    return "{" + authors.replace("&", "and") + "}"


def key_for(authors: str, year: str) -> str:
    first = re.split(r"[, ]", re.sub(r"^The ", "", authors).strip())[0]
    first = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", first) + (year if year != "forthcoming" else "nd")


def escape(text: str) -> str:
    return text.replace("\\", "").replace("&", r"\&").replace("%", r"\%").replace("#", r"\#").replace("_", r"\_")


def protect(title: str) -> str:
    """A title in braces, so that BibTeX styles keep its own capitalisation."""
    return "{" + escape(title) + "}"


def description(cited: Cited) -> str:
    """The stand-in for a title the document does not give: what it cites the work for."""
    where = SHORT_TITLES.get(cited.doc, DOCUMENT_TITLES[cited.doc])
    return f"[No title given in {where}; cited there for {cited.cited_for}]"


def build(seeds: Path) -> str:
    records: dict[str, dict] = {}
    order = []
    for doc, heading in LISTS.items():
        for ref in entries((seeds / doc).read_text(encoding="utf-8"), heading):
            authors, year, title, rest = split_entry(ref)
            key = key_for(authors, year)
            same = [k for k in records if records[k]["year"] == year and same_title(records[k]["title"], title)]
            if same:
                records[same[0]]["docs"].add(doc)
                continue
            base, n = key, 0
            while key in records:
                n += 1
                key = base + "abcdefghij"[n - 1]
            records[key] = {
                "author": bib_authors(authors),
                "year": year,
                "title": title,
                "howpublished": rest,
                "url": ref,
                "docs": {doc},
                "cited": [],
            }
            order.append(key)
    for cited in SUPPLEMENT:
        if cited.same_as:
            records[cited.same_as]["cited"].append(cited)
    out = [SOURCE_DOCUMENTS.strip(), ""]
    for key in order:
        r = records[key]
        fields = [
            f"  author = {{{escape(r['author'])}}}",
            f"  year = {{{r['year']}}}",
            f"  title = {{{protect(r['title'])}}}",
        ]
        if r["howpublished"]:
            fields.append(f"  howpublished = {{{escape(r['howpublished'])}}}")
        url = re.search(r"(https?://\S+?)[\]\)]?(?:\s|$)", r["url"])
        if url:
            fields.append(f"  url = {{{url.group(1)}}}")
        lists = " and of ".join(DOCUMENT_TITLES[d] for d in sorted(r["docs"]))
        note = f"In the reference list of {lists}."
        for c in r["cited"]:
            note += f" Also cited in the text of {DOCUMENT_TITLES[c.doc]}, as “{c.shown or c.as_written}”."
        fields.append(f"  note = {{{escape(note)}}}")
        out.append(f"@misc{{{key},\n" + ",\n".join(fields) + "\n}")
    taken = set(records) | set(re.findall(r"@\w+\{(\w+),", SOURCE_DOCUMENTS))
    for cited in SUPPLEMENT:
        if cited.same_as:
            continue
        if cited.key in taken:
            raise ValueError(f"key {cited.key} is taken")
        taken.add(cited.key)
        title = protect(cited.title) if cited.title else protect(description(cited))
        note = f"Cited in the text of {DOCUMENT_TITLES[cited.doc]}, as “{cited.shown or cited.as_written}”"
        if cited.title and cited.cited_for:
            note += f", for {cited.cited_for}"
        note += "; in no document's reference list."
        out.append(
            f"@misc{{{cited.key},\n  author = {{{escape(cited.author)}}},\n  year = {{{cited.year}}},\n"
            f"  title = {{{title}}},\n  note = {{{escape(note)}}}\n}}"
        )
    return "\n\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    (ROOT / "book" / "references.bib").write_text(build(args.seeds), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
