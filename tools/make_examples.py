"""Write the made-up example inputs in data/examples/ (python tools/make_examples.py).

Two invented local authorities, Madeupshire (code 990) and Otherton (991), in every input
format la-report reads. Every school, group, grade and result is drawn from a seeded
random generator: none describes a real school. Each file says so in its "Note" column,
every school and group name starts with "Made-up", and both LA names say "made-up".
Run it again and the same files come out.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "examples"
NOTE = "MADE-UP EXAMPLE DATA: not a real school"
LAS = {990: "Madeupshire (made-up example LA)", 991: "Otherton (made-up example LA)"}
rng = random.Random(2013)

FIRST = [
    "Ash",
    "Barrow",
    "Carr",
    "Dun",
    "Elm",
    "Fen",
    "Gorse",
    "Hale",
    "Ing",
    "Kirk",
    "Lang",
    "Marsh",
    "Nether",
    "Oak",
    "Pen",
    "Quarry",
    "Rush",
    "Stow",
    "Thorn",
    "Up",
    "Wold",
    "Yew",
    "Brook",
    "Cold",
]
LAST = ["by", "combe", "holt", "ton", "ham", "field", "stead", "wick", "thorpe", "ley", "worth", "well"]
SETTINGS = {
    True: [
        "(England/Wales) Rural village",
        "(England/Wales) Rural hamlet and isolated dwellings",
        "(England/Wales) Rural town and fringe",
    ],
    False: ["(England/Wales) Urban city and town", "(England/Wales) Urban minor conurbation"],
}


def place(used: set) -> str:
    while True:
        name = rng.choice(FIRST) + rng.choice(LAST)
        if name not in used:
            used.add(name)
            return name


def make_schools():
    used, schools, urn = set(), [], 990001
    for la, n_primary, n_secondary in ((990, 62, 6), (991, 40, 4)):
        estab = 2000
        for i in range(n_primary + n_secondary):
            primary = i < n_primary
            small = primary and i < (30 if la == 990 else 14)
            pupils = rng.randint(18, 110) if small else rng.randint(115, 420) if primary else rng.randint(500, 1400)
            religious = (
                rng.choice(
                    [
                        "Church of England",
                        "Church of England",
                        "Roman Catholic",
                        "Does not apply",
                        "Does not apply",
                        "Does not apply",
                    ]
                )
                if primary
                else "Does not apply"
            )
            kind = "Primary School" if primary else "Academy"
            if religious == "Church of England":
                kind = "Church of England Primary School"
            elif religious == "Roman Catholic":
                kind = "St Mary's Catholic Primary School"
            name = f"Made-up {place(used)} {kind}"
            estab += 1
            schools.append(
                {
                    "URN": urn,
                    "LA (code)": la,
                    "LA (name)": LAS[la],
                    "EstablishmentNumber": estab,
                    "EstablishmentName": name,
                    "TypeOfEstablishment (name)": rng.choice(
                        ["Community school", "Voluntary controlled school", "Academy converter"]
                    )
                    if primary
                    else "Academy converter",
                    "EstablishmentStatus (name)": "Open",
                    "OpenDate": (date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))).strftime("%d-%m-%Y"),
                    "PhaseOfEducation (name)": "Primary" if primary else "Secondary",
                    "NumberOfPupils": pupils,
                    "ReligiousCharacter (name)": religious,
                    "UrbanRural (name)": rng.choice(SETTINGS[small or rng.random() < 0.3]),
                    "Note": NOTE,
                }
            )
            urn += 1
    # A primary school whose pupil number GIAS leaves blank, one that has closed,
    # and a name with an accent (GIAS files are Windows-1252).
    schools[40]["NumberOfPupils"] = ""
    schools[41]["EstablishmentStatus (name)"] = "Closed"
    schools[5]["EstablishmentName"] = "Made-up St Clément's Church of England Primary School"
    return schools


def write(path: Path, rows: list[dict], encoding="utf-8", index_column=False):
    with path.open("w", newline="", encoding=encoding) as handle:
        fields = ([""] if index_column else []) + list(rows[0])
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for i, row in enumerate(rows):
            writer.writerow(({"": i} if index_column else {}) | row)


def make_links(schools):
    by_la = {
        la: [s for s in schools if s["LA (code)"] == la and s["EstablishmentStatus (name)"] == "Open"] for la in LAS
    }
    links, uid = [], 99001

    def group(name, kind, members, joined, status="Open"):
        nonlocal uid
        for s in members:
            links.append(
                {
                    "URN": s["URN"],
                    "Group UID": uid,
                    "Group Name": name,
                    "Group Type": kind,
                    "Group Status": status,
                    "Joined date": joined() if callable(joined) else joined,
                    "EstablishmentName": s["EstablishmentName"],
                    "PhaseOfEducation (name)": s["PhaseOfEducation (name)"],
                    "LA (code)": s["LA (code)"],
                    "LA (name)": s["LA (name)"],
                    "Note": NOTE,
                }
            )
        uid += 1

    def year_date(lo, hi):
        return lambda: date(rng.randint(lo, hi), rng.choice([1, 4, 9]), 1).isoformat()

    m = by_la[990]
    small = m[:30]
    group("Made-up Fen Edge Federation", "Federation", small[0:3], year_date(2009, 2011))
    group("Made-up Wold Villages Federation", "Federation", small[3:5], year_date(2012, 2012))
    group("Made-up Marsh Schools Federation", "Federation", small[5:8], "1900-01-01")
    group("Made-up Three Rivers Federation", "Federation", small[8:10], year_date(2014, 2016))
    group("Made-up Old Mill Federation", "Federation", small[10:12], "2008-09-01", status="Closed")
    group(
        "Made-up Greenway Academy Trust",
        "Multi-academy trust",
        small[12:16] + m[40:44] + by_la[991][0:6],
        year_date(2013, 2019),
    )
    group("Made-up Northfields Learning Trust", "Multi-academy trust", m[44:50] + m[62:64], year_date(2015, 2021))
    group(
        "Made-up Saint Hilda Catholic Academies", "Multi-academy trust", small[16:18] + m[50:52], year_date(2016, 2020)
    )
    for s in m[52:56] + m[64:67]:
        group(f"{s['EstablishmentName']} Trust", "Single-academy trust", [s], year_date(2011, 2014))
    group("Made-up Diocese Sponsor", "School sponsor", m[44:48], year_date(2015, 2016))
    group("Made-up Otherton Federation", "Federation", by_la[991][6:9], year_date(2010, 2013))
    group("Made-up Otherton Academies", "Multi-academy trust", by_la[991][9:20], year_date(2012, 2018))
    return links


def make_register(schools):
    rows = []
    m = [s for s in schools if s["LA (code)"] == 990 and s["PhaseOfEducation (name)"] == "Primary"]
    partnerships = [
        "Made-up Fen Edge Partnership",
        "Made-up Wold Cluster",
        "Made-up Marsh Alliance",
        "Made-up Brook Valley Schools",
        "Made-up Greenway Trust Partnership",
        "Made-up Coast Collaborative",
    ]
    for i, s in enumerate(m[:36]):
        category = [1, 2, 2, 2, 2, 3, 2, 4, 5, 2][i % 10] if i >= 12 else (5 if i < 10 else 4)
        name = (
            ""
            if category == 1
            else partnerships[i % len(partnerships)]
            if category < 5
            else (
                "Made-up Fen Edge Federation"
                if i < 3
                else "Made-up Wold Villages Federation"
                if i < 5
                else "Made-up Marsh Schools Federation"
                if i < 8
                else "Made-up Three Rivers Federation"
            )
        )
        rows.append(
            {
                "URN": s["URN"],
                "EstablishmentName": s["EstablishmentName"],
                "Partnership name": name,
                "CfBT category": category,
                "MoU signed": "No" if category == 1 else rng.choice(["Yes", "Yes", "Yes", "No"]),
                "Executive headteacher": "Yes" if category == 5 or (category == 4 and rng.random() < 0.5) else "No",
                "Note": NOTE,
            }
        )
    return rows


def make_inspections(schools):
    rows, number = [], 400000
    for s in schools:
        if s["EstablishmentStatus (name)"] != "Open":
            continue
        small = (
            s["PhaseOfEducation (name)"] == "Primary" and s["NumberOfPupils"] != "" and int(s["NumberOfPupils"]) <= 110
        )
        previous = rng.choice([1, 2, 2, 3, 3, 3, 4] if small else [1, 2, 2, 2, 3, 3])
        previous_date = date(2008, 9, 1) + timedelta(days=rng.randint(0, 900))
        if rng.random() < 0.75:
            when = date(2011, 9, 5) + timedelta(days=rng.randint(0, 650))
        else:
            when = date(2014, 1, 10) + timedelta(days=rng.randint(0, 400))
        step = rng.choice([-1, -1, 0, 0, 0, 1]) if small else rng.choice([-1, 0, 0, 1])
        grade = min(4, max(1, previous + step))
        number += 1
        first = rng.random() < 0.04
        rows.append(
            {
                "URN": s["URN"],
                "LAESTAB": s["LA (code)"] * 10000 + s["EstablishmentNumber"],
                "School name": s["EstablishmentName"],
                "Ofsted phase": s["PhaseOfEducation (name)"],
                "Local authority": s["LA (name)"],
                "Inspection number": number,
                "Inspection type": "Section 5",
                "Inspection start date": when.strftime("%d/%m/%Y"),
                "Publication date": (when + timedelta(days=21)).strftime("%d/%m/%Y"),
                "Overall effectiveness": grade,
                "Previous inspection start date": "NULL" if first else previous_date.strftime("%d/%m/%Y"),
                "Previous full inspection overall effectiveness": "NULL" if first else previous,
                "Note": NOTE,
            }
        )
    return rows


def make_ks2(schools, year):
    rows = []
    measure = "PTENGMATX" if year <= 2012 else "PTREADWRITTAMATX"
    trend = {2009: -8, 2010: -5, 2011: -3, 2012: 0, 2013: 2}[year]
    for s in schools:
        if s["PhaseOfEducation (name)"] != "Primary" or s["EstablishmentStatus (name)"] != "Open":
            continue
        roll = int(s["NumberOfPupils"] or 200) + rng.randint(-8, 8)
        eligible = max(1, round(roll / 7 + rng.randint(-3, 3)))
        small = roll <= 110
        level = 72 + trend + (rng.randint(-25, 15) + (2 * trend if small else 0) if small else rng.randint(-12, 12))
        percent = max(0, min(100, level))
        value = "SUPP" if eligible <= 5 else f"{percent}%"
        rows.append(
            {
                "LEA": s["LA (code)"],
                "ESTAB": s["EstablishmentNumber"],
                "URN": s["URN"],
                "SCHNAME": s["EstablishmentName"],
                "TOTPUPS": roll,
                "TELIG": eligible,
                measure: value,
                "Note": NOTE,
            }
        )
    for la, name in LAS.items():  # LA totals, as the tables carry them: no URN
        rows.append(
            {
                "LEA": la,
                "ESTAB": "",
                "URN": "",
                "SCHNAME": f"{name} total",
                "TOTPUPS": "",
                "TELIG": "",
                measure: "",
                "Note": NOTE,
            }
        )
    return rows


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    schools = make_schools()
    write(OUT / "madeupshire_schools.csv", schools, encoding="cp1252")
    write(OUT / "madeupshire_group_links.csv", make_links(schools), encoding="cp1252", index_column=True)
    write(OUT / "madeupshire_partnerships.csv", make_register(schools))
    write(OUT / "madeupshire_inspections.csv", make_inspections(schools))
    for year in range(2009, 2014):
        write(OUT / f"madeupshire_ks2_{year}.csv", make_ks2(schools, year))
    print(f"wrote the made-up example inputs to {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
