"""Build book/references.bib from the reference lists of the five source documents.

    python tools/make_bibliography.py [--seeds ../shared/seeds]

Each entry of each document's reference list (and the London Leadership Strategy's
footnoted sources) becomes one BibTeX entry, deduplicated across documents; the reference as
the document lists it is kept in the entry's ``note``. Works cited in the text but missing
from the lists are added from SUPPLEMENT below, where the text identifies them. The five
documents themselves head the file.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = {  # document -> (first line of its reference list, line after it ends)
    "000_5f752e40ecaa30fa.txt": "References",
    "001_dcf2fe2c8a06461d.txt": "References",
    "004_0f4be6aed74cd08b.txt": "## References",
}
SOURCE_DOCUMENTS = r"""
@techreport{isos2014, author = {Matthews, Peter and Rea, Simon and Hill, Robert and Gu, Qing}, year = {2014},
  title = {Freedom to lead: a study of outstanding primary school leadership in England. Technical annex: literature review},
  institution = {Isos Partnership for the Department for Education}, number = {DFE-RR374D}}
@techreport{ncsl2012, author = {{National College for School Leadership}}, year = {2012},
  title = {Schools and academies: the new landscape for schools and school leadership. Seminar report, January 2012},
  institution = {National College for School Leadership}}
@misc{greanynd, author = {Greany, Toby}, year = {n.d.},
  title = {Collaboration, partnerships and system leadership across schools},
  howpublished = {Book chapter 5}, note = {The copy used states no date or book; it cites work published up to 2016.}}
@misc{lls2013, author = {{London Leadership Strategy}}, year = {2013},
  title = {Written evidence submitted by London Leadership Strategy},
  howpublished = {House of Commons Education Committee, HC 269, October 2013}}
@techreport{cfbt2014, author = {Hill, Robert and Kettlewell, Kelly and Salt, Jane}, year = {2014},
  title = {Partnership working in small rural primary schools: the best of both worlds},
  institution = {CfBT Education Trust}}
"""
# London Leadership Strategy's footnoted sources, and works cited in the texts but absent from
# any list, as the texts identify them: (key, author, year, title, cited by).
SUPPLEMENT = [
    ("ofsted2010lc", "{Ofsted}", "2010", "London Challenge", "003"),
    ("lls2012nle", "{London Leadership Strategy}", "2012", "NLE deployment summary", "003"),
    (
        "ncsl2011models",
        "{National College for School Leadership}",
        "2011",
        "Introductions to models and partnerships",
        "003",
    ),
    ("lls2013g4g", "{London Leadership Strategy}", "2013", "Going for Great publications", "003"),
    ("hargreaves2011lls", "Hargreaves, David", "2011", "Leading a self-improving school system", "003"),
    (
        "pwc2006",
        "{PricewaterhouseCoopers LLP}",
        "2006",
        "Survey of senior leadership teams in primary schools, as cited in the Isos review",
        "000",
    ),
    (
        "leithwood2008claims",
        "Leithwood, K. and Harris, A. and Hopkins, D.",
        "2008",
        "Seven strong claims about successful school leadership",
        "000",
    ),
    ("fullan2005", "Fullan, M.", "2005", "System leadership, as cited by Greany", "002"),
    (
        "burns2016",
        "Burns, T. and Köster, F.",
        "2016",
        "Governing education in a complex world, as cited by Greany",
        "002",
    ),
    ("oecd2015", "{OECD}", "2015", "School system reform and autonomy, as cited by Greany", "002"),
    ("oecd2011", "{OECD}", "2011", "PISA 2009 results, as cited by Greany", "002"),
    ("alexander2011", "Alexander, R.", "2011", "Evaluation of the National Strategies, as cited by Greany", "002"),
    ("higham2009", "Higham, R. and Hopkins, D. and Matthews, P.", "2009", "System leadership in practice", "002"),
    ("barber2007", "Barber, M.", "2007", "Instruction to deliver, as cited by Greany", "002"),
    (
        "mourshed2010",
        "Mourshed, M. and Chijioke, C. and Barber, M.",
        "2010",
        "How the world's most improved school systems keep getting better",
        "002",
    ),
    (
        "suttontrust2011",
        "{Sutton Trust}",
        "2011",
        "Improving the impact of teachers on pupil achievement in the UK, as cited by Greany",
        "002",
    ),
    ("cordingley2015", "Cordingley, P. and others", "2015", "Developing great teaching, as cited by Greany", "002"),
    (
        "lupton2015",
        "Lupton, R. and Thomson, S.",
        "2015",
        "The coalition's record on schools, as cited by Greany",
        "002",
    ),
    ("dfe2016", "{Department for Education}", "2016", "Educational excellence everywhere", "002"),
    ("dfe2010", "{Department for Education}", "2010", "The importance of teaching", "002"),
    (
        "greany2014",
        "Greany, T.",
        "2014",
        "Are we nearly there yet? Progress, issues and possible next steps for a self-improving school system",
        "002",
    ),
    ("hoc2013", "{House of Commons Education Committee}", "2013", "School partnerships and cooperation", "002"),
    ("hoc2015", "{House of Commons Education Committee}", "2015", "Academies and free schools", "002"),
    (
        "brown2015",
        "Brown, C.",
        "2015",
        "Leading the use of research and evidence in schools, as cited by Greany",
        "002",
    ),
    ("baars2014", "Baars, S. and others", "2014", "Lessons from London schools, as cited by Greany", "002"),
    (
        "greaves2014",
        "Greaves, E. and Macmillan, L. and Sibieta, L.",
        "2014",
        "Lessons from London schools for attainment gaps and social mobility",
        "002",
    ),
    ("earley2006", "Earley, P. and Weindling, D.", "2006", "Consultant leadership, as cited by Greany", "002"),
    (
        "ainscow2015",
        "Ainscow, M.",
        "2015",
        "Towards self-improving school systems: lessons from a city challenge",
        "002",
    ),
    (
        "nctl2013",
        "{National College for Teaching and Leadership}",
        "2013",
        "Evaluation of NLE support, as cited by Greany",
        "002",
    ),
    (
        "rea2011",
        "Rea, S. and Hill, R. and Sandals, L.",
        "2011",
        "System leadership: does school-to-school support close the gap?",
        "002",
    ),
    (
        "rea2013",
        "Rea, S. and Dunford, J.",
        "2013",
        "NLE support and pupils on free school meals, as cited by Greany",
        "002",
    ),
    (
        "muijs2015",
        "Muijs, D.",
        "2015",
        "Improving schools through collaboration: a mixed methods study of school-to-school partnerships in the primary sector",
        "002",
    ),
    (
        "chapman2009greany",
        "Chapman, C. and Muijs, D. and Sammons, P. and Armstrong, P. and Collins, A.",
        "2009",
        "The impact of federations on student outcomes",
        "002",
    ),
    ("hill2015", "Hill, R.", "2015", "Counts of multi-academy trusts by size, as cited by Greany", "002"),
    ("hill2009", "Hill, R.", "2009", "Leading academies and academy chains, as cited by Greany", "002"),
    ("hutchings2015", "Hutchings, M. and Francis, B. and Kirby, P.", "2015", "Chain effects 2015", "002"),
    (
        "salokangas2014",
        "Salokangas, M. and Chapman, C.",
        "2014",
        "Exploring governance in two chains of academy schools",
        "002",
    ),
    ("matthews2013", "Matthews, P. and Berwick, G.", "2013", "Teaching schools: first among equals?", "002"),
    ("gu2015", "Gu, Q. and others", "2015", "Teaching schools evaluation: final report", "002"),
    (
        "matthews2007",
        "Matthews, P.",
        "2007",
        "Qualities of the first national leaders of education, as cited in Higham, Hopkins and Matthews (2009)",
        "002",
    ),
    (
        "chapman2013",
        "Chapman, C.",
        "2013",
        "Academy federations, chains and teaching schools in England, as cited by Greany",
        "002",
    ),
    (
        "robinson2012",
        "Robinson, S.",
        "2012",
        "School and system leadership: changing roles for primary headteachers",
        "002",
    ),
    (
        "coldron2014",
        "Coldron, J. and others",
        "2014",
        "Why are English secondary schools socially segregated?, as cited by Greany",
        "002",
    ),
    (
        "hill2012",
        "Hill, R.",
        "2012",
        "The missing middle: the case for school commissioners, as cited by Greany",
        "002",
    ),
    ("earley2013", "Earley, P.", "2013", "Exploring the school leadership landscape", "002"),
    (
        "greanyndc",
        "Greany, T.",
        "2015",
        "The self-improving system in England: a review of evidence and thinking",
        "002",
    ),
    ("croft2015", "Croft, J.", "2015", "Collaborative overreach, as cited by Greany", "002"),
    (
        "hatcher2014",
        "Hatcher, R.",
        "2014",
        "Local authorities and the school system: the new authoritarian localism",
        "002",
    ),
    ("ofsted2013greany", "{Ofsted}", "2013", "Annual report 2012/13, as cited by Greany", "002"),
    ("earley2013higham", "Earley, P. and Higham, R.", "2013", "School leadership landscape, as cited by Greany", "002"),
    ("kamp2013", "Kamp, A.", "2013", "Partnerships and adaptive challenges, as cited by Greany", "002"),
    ("lubienski2009", "Lubienski, C.", "2009", "Do quasi-markets foster innovation in education?", "002"),
    ("igov2012", "{Institute for Government}", "2012", "Schools and autonomy, as cited by Greany", "002"),
]


def clean(line: str) -> str:
    line = re.sub(r"\[([^\]]+)\]\((https?://[^)]+)\)", r"\2", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    line = line.replace("*", "").strip()
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


def split_entry(ref: str) -> tuple[str, str, str, str]:
    m = re.match(r"^(?P<a>.+?)\s*\(?(?P<y>\d{4}[a-z]?|forthcoming)\)?[,.]?\s+(?P<rest>.+)$", ref)
    authors, year, rest = m.group("a").strip(" ,"), m.group("y"), m.group("rest").strip()
    title = re.split(r"(?<=[a-z?)])[.,] (?=[A-Z])", rest, maxsplit=1)
    return authors, year, title[0].strip(" ."), (title[1].strip() if len(title) > 1 else "")


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
                "note": ref,
                "docs": {doc},
            }
            order.append(key)
    out = [SOURCE_DOCUMENTS.strip(), ""]
    for key in order:
        r = records[key]
        fields = [
            f"  author = {{{escape(r['author'])}}}",
            f"  year = {{{r['year']}}}",
            f"  title = {{{escape(r['title'])}}}",
        ]
        if r["howpublished"]:
            fields.append(f"  howpublished = {{{escape(r['howpublished'])}}}")
        url = re.search(r"(https?://\S+?)[\]\)]?(?:\s|$)", r["note"])
        if url:
            fields.append(f"  url = {{{url.group(1)}}}")
        fields.append(f"  note = {{Listed in {', '.join(sorted(r['docs']))}}}")
        out.append(f"@misc{{{key},\n" + ",\n".join(fields) + "\n}")
    taken = set(records) | set(re.findall(r"@\w+\{(\w+),", SOURCE_DOCUMENTS))
    for key, author, year, title, doc in SUPPLEMENT:
        base, n = key, 0
        while key in taken:
            n += 1
            key = base + "abcdefghij"[n - 1]
        taken.add(key)
        out.append(
            f"@misc{{{key},\n  author = {{{escape(author)}}},\n  year = {{{year}}},\n  title = {{{escape(title)}}},\n"
            f"  note = {{Cited in the text of document {doc} of the five; not in its reference list}}\n}}"
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
