"""Personal data that stays personal (issue 14, docs/security.md "Personal data"): from
everything a province viewer and a BPJS operator can reach in the beneficiary registry, an
attacker who combines masked NIKs, birth dates, sex, villages and districts, age bands and
row numbers across every page and CSV rebuilds no NIK, and no full NIK appears; the same
attacker on the province admin's pages rebuilds every one (it works). Every read of person
rows is audited, naming the run or page and never a NIK or a name.

The people are synthetic: NIKs of Lombok Barat (52.01, served by the BPJS branch
bpjs.mataram), with real district and village codes of the region master, birth dates spread
over working ages, women with 40 added to the day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import polars as pl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_user
from ucj.accounts.models import Role
from ucj.audit.models import AuditEvent
from ucj.registry import services
from ucj.registry.models import Enrollment, MatchRun, RunStatus

REGION = "52.01"
YEAR = 2026
PEOPLE = 40
HEADER = ["nik", "name", "birth_date", "sex", "village_code", "occupation", "category", "desil",
          "phone", "source"]
REFERENCE = pl.read_csv(django_settings.BASE_DIR / "data" / "reference" / "ntb_wilayah.csv",
                        infer_schema=False)
DISTRICTS = sorted(REFERENCE.filter(pl.col("level") == "district")["code"].to_list())
VILLAGES = defaultdict(list)
for _code in REFERENCE.filter(pl.col("level") == "village")["code"].to_list():
    VILLAGES[_code.rsplit(".", 1)[0]].append(_code)


def people(n: int = PEOPLE, seed: int = 14) -> list[dict]:
    """Synthetic workers of Lombok Barat: distinct serials, districts and villages of the
    region master, birth dates from 18 to 60 years before the list's year."""
    rng = random.Random(seed)
    districts = [d for d in DISTRICTS if d.startswith(REGION + ".")]
    out = []
    for i in range(n):
        district = rng.choice(districts)
        born = dt.date(YEAR - 60, 1, 1) + dt.timedelta(days=rng.randrange(42 * 365))
        female = rng.random() < 0.5
        day = born.day + (40 if female else 0)
        nik = f"{district.replace('.', '')}{day:02d}{born:%m%y}{1001 + i:04d}"
        out.append({"nik": nik, "name": f"Warga Uji {i:02d}", "birth_date": born.isoformat(),
                    "sex": "P" if female else "L",
                    "village_code": rng.choice(VILLAGES[district]),
                    "occupation": rng.choice(["petani", "nelayan", "pedagang kecil"]),
                    "category": rng.choice(["miskin ekstrem", "miskin", "rentan"]),
                    "desil": str(rng.randint(1, 4)), "phone": "081234567890", "source": "DTSEN"})
    return out


def csv_bytes(rows: list[dict], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture(autouse=True)
def _registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0


@pytest.fixture
def op_lobar(ntb):
    return make_user("op.lobar", Role.DAERAH_OPERATOR, [ntb["52.01"]])


@pytest.fixture
def world(client, django_capture_on_commit_callbacks, ntb, admin_user, op_lobar, bpjs, package):
    """A checked list of Lombok Barat (40 people, 6 already active participants), 12 of them
    funded, and a later participant file of the branch that marks 8 of those active."""
    from ucj.budget import services as budget

    everyone = people()
    active = everyone[:6]
    client.force_login(bpjs)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
            "peserta-januari.csv", csv_bytes(
                [{"nik": p["nik"], "status": "aktif", "segment": "BPU", "region_code": REGION,
                  "last_paid_month": "2026-01"} for p in active],
                ["nik", "status", "segment", "region_code", "last_paid_month"]))})
    client.force_login(op_lobar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry_list_upload"), {
            "region": REGION, "year": str(YEAR),
            "file": SimpleUploadedFile("daftar-lobar.csv", csv_bytes(everyone, HEADER))})
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.counts["already_active"] == 6 and run.counts["eligible"] == 34
    allocation = budget.allocation_create(
        actor=admin_user, region=ntb[REGION], fiscal_year=YEAR, stage="murni",
        funding_source="apbd_kabkota", amount=12 * 16_800 * 12, workers_planned=12,
        start_month=1, months_covered=12, package=package)
    assert services.enrollment_fund(actor=op_lobar, run=run, allocation=allocation) == 12
    funded = {e.nik_masked for e in Enrollment.objects.all()}
    later = [p for p in everyone if f"{p['nik'][:4]}********{p['nik'][-4:]}" in funded][:8]
    client.force_login(bpjs)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
            "peserta-maret.csv", csv_bytes(
                [{"nik": p["nik"], "status": "aktif", "segment": "BPU", "region_code": REGION,
                  "last_paid_month": "2026-03"} for p in later],
                ["nik", "status", "segment", "region_code", "last_paid_month"]))})
    assert Enrollment.objects.filter(status="active").count() == 8
    client.logout()
    return {"run": run, "people": everyone, "allocation": allocation}


# --- what a user can reach: every registry page and file, following the links ----------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


def crawl(client, user, *, full_nik: bool, probes: list[str] = ()) -> dict[str, str]:
    """Every registry URL the user reaches from the registry's home by following links (GET),
    plus ``probes`` (what an attacker would type: filters, ?nik=1): {url: text of a 200}.
    Without ``full_nik``, the links that ask for full NIKs are not followed."""
    client.force_login(user)
    seen, texts = set(), {}
    queue = [reverse("registry_home"), *probes]
    while queue:
        url = queue.pop(0)
        if url in seen or len(seen) > 600:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        content = b"".join(response.streaming_content) if response.streaming \
            else response.content
        text = content.decode("utf-8-sig")
        texts[url] = text
        if "html" not in response["Content-Type"]:
            continue
        parser = _Links()
        parser.feed(text)
        for href in parser.links:
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if not parts.path.startswith("/registri/") or parts.netloc:
                continue
            if not full_nik and ("nik=1" in parts.query
                                 or parts.path.startswith("/registri/pendaftaran/")):
                continue  # the full NIK of a row, the registration file
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return texts


def probes_for(run: MatchRun, rows: int) -> list[str]:
    """What an attacker types beyond the links: the village filter for every district and
    village of the regency, and the full NIK of every row."""
    run_url, export = (reverse("registry_run", args=[run.pk]),
                       reverse("registry_export", args=[run.pk]))
    places = [d for d in DISTRICTS if d.startswith(REGION + ".")]
    places += [v for d in places for v in VILLAGES[d]]
    out = [f"{base}?village={p}" for p in places for base in (run_url, export)]
    out += [reverse("registry_row", args=[run.pk, n]) + "?nik=1" for n in range(2, rows + 2)]
    return out


# --- the attacker --------------------------------------------------------------------------------

MONTHS = {name: i + 1 for names in (
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
     "oktober", "november", "desember"],
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"]) for i, name in enumerate(names)}
MASK = re.compile(r"\b(\d{4})\*{8}(\d{4})\b")
PLACE = re.compile(r"\b(\d{2}\.\d{2}\.\d{2})(?:\.\d{4})?\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LONG_DATE = re.compile(r"\b(\d{1,2}) ([A-Za-z]+) (\d{4})\b")
BAND = re.compile(r"^\s*(?:(\d+)\s*[–-]\s*(\d+)|(\d+)\s*\+|<\s*(\d+))\s*$")
ROW_URL = re.compile(r"/baris/(\d+)/")


class _Tables(HTMLParser):
    """The tables of a page: each as its header cells (its ``thead``) and its rows of cells."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._thead = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"header": [], "rows": []})
        elif tag == "thead":
            self._thead = True
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            (table.__setitem__("header", self._row) if self._thead
             else table["rows"].append(self._row))
            self._row = None
        elif tag == "thead":
            self._thead = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def records(url: str, text: str) -> list[dict[str, str]]:
    """Each person-like record of a response as {label: value}: the rows of a CSV, the rows of
    an HTML data table under its header, and a key-value table (a row page) as one record."""
    if text.lstrip().startswith(("<!DOCTYPE", "<!doctype", "<html", "<div", "<")):
        parser = _Tables()
        parser.feed(text)
        out = []
        for table in parser.tables:
            if table["header"]:
                out += [dict(zip(table["header"], row, strict=False)) for row in table["rows"]]
            else:
                out.append({row[0]: " ".join(row[1:]) for row in table["rows"] if row})
        match = ROW_URL.search(url)
        for record in out:  # a row page: its row number is in its address
            if match:
                record.setdefault("__row", match.group(1))
        return out
    return list(csv.DictReader(io.StringIO(text)))


def evidence(record: dict[str, str]) -> dict:
    """What one record says that narrows a NIK: the mask, the row, the birth date, the sex, the
    district (from a village or district code), an age band."""
    found: dict = {}
    for label, value in record.items():
        label, value = (label or "").lower(), (value or "").strip()
        if m := MASK.search(value):
            found["mask"] = m.group(0)
        if label in ("row", "baris", "__row") and value.isdigit():
            found["row"] = int(value)
        if m := PLACE.search(value):
            found["district"] = m.group(1)
        if any(k in label for k in ("lahir", "birth")):
            if m := ISO_DATE.search(value):
                found["birth"] = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif (m := LONG_DATE.search(value)) and m[2].lower() in MONTHS:
                found["birth"] = dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        if any(k in label for k in ("kelamin", "sex")) and value[:1].upper() in ("L", "P"):
            found["sex"] = value[:1].upper()
        if any(k in label for k in ("umur", "usia", "age")) and (m := BAND.match(value)):
            low, high = (int(m[1]), int(m[2])) if m[1] else \
                (int(m[3]), 120) if m[3] else (0, int(m[4]) - 1)
            found["band"] = (low, high)
    return found


def birth_dates(band: tuple[int, int] | None) -> set[str]:
    """The DDMMYY of every birth date whose age on 1 January of the year is in the band (all
    working ages and beyond without one)."""
    low, high = band or (0, 120)
    first = dt.date(YEAR - high - 1, 1, 2)
    last = dt.date(YEAR - low, 1, 1)
    out, day = set(), first
    while day <= last:
        out.add(f"{day:%d%m%y}")
        day += dt.timedelta(days=1)
    return out


def attack(texts: dict[str, str]) -> dict[str, set[str] | int]:
    """Join the evidence of every response by row and mask, and rebuild each masked NIK: the
    candidates are every district of the mask's regency (or the one seen), every birth date
    (or the one seen, or those of the age band seen) and both sexes (or the one seen). A NIK is
    rebuilt when one candidate is left. Returns the rebuilt NIKs and the fewest candidates
    any person kept."""
    persons: dict[str, dict] = defaultdict(dict)
    by_row: dict[int, str] = {}
    pending = []
    for url, text in texts.items():
        for record in records(url, text):
            seen = evidence(record)
            if "mask" in seen:
                if "row" in seen:
                    by_row[seen["row"]] = seen["mask"]
                persons[seen["mask"]].update({k: v for k, v in seen.items() if k != "mask"})
            elif "row" in seen:
                pending.append(seen)
    for seen in pending:  # a record with a row number and no mask: joined through the row
        if seen["row"] in by_row:
            persons[by_row[seen["row"]]].update(seen)
    rebuilt, fewest = set(), None
    for mask, seen in persons.items():
        head, tail = mask[:4], mask[-4:]
        regency = f"{head[:2]}.{head[2:]}"
        districts = {seen["district"]} if "district" in seen and \
            seen["district"].startswith(regency) else \
            {d for d in DISTRICTS if d.startswith(regency + ".")}
        dates = {f"{seen['birth']:%d%m%y}"} if "birth" in seen else birth_dates(
            seen.get("band"))
        sexes = {seen["sex"]} if "sex" in seen else {"L", "P"}
        count = len(districts) * len(dates) * len(sexes)
        fewest = count if fewest is None else min(fewest, count)
        if count == 1:
            (district,), (date,), (sex,) = districts, dates, sexes
            day = int(date[:2]) + (40 if sex == "P" else 0)
            rebuilt.add(f"{district.replace('.', '')}{day:02d}{date[2:]}{tail}")
    return {"rebuilt": rebuilt, "fewest": fewest or 0, "persons": len(persons)}


def full_niks(texts: dict[str, str], niks: set[str]) -> set[str]:
    return {n for n in niks if any(n in text for text in texts.values())}


# --- the tests -----------------------------------------------------------------------------------

@pytest.fixture
def bpjs_elsewhere(ntb):
    """A BPJS branch of Lombok Timur: Lombok Barat's persons are outside its regions."""
    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


@pytest.mark.parametrize("who", ["viewer", "bpjs"])
def test_nothing_a_viewer_or_a_bpjs_operator_can_download_rebuilds_a_nik(client, world,
                                                                         request, who):
    user = request.getfixturevalue(who)
    run, everyone = world["run"], world["people"]
    niks = {p["nik"] for p in everyone}
    texts = crawl(client, user, full_nik=True, probes=probes_for(run, len(everyone)))
    # it reached the run, every row page, the CSV and the funded workers with their CSV
    paths = {urlsplit(u).path for u in texts}
    assert reverse("registry_run", args=[run.pk]) in paths
    assert reverse("registry_export", args=[run.pk]) in paths
    assert {reverse("registry_row", args=[run.pk, n]) for n in range(2, PEOPLE + 2)} <= paths
    assert any(u.startswith(reverse("registry_enrollments") + "?") and "format=csv" in u
               for u in texts)
    assert reverse("registry_registration_file", args=[world["allocation"].pk]) not in paths
    result = attack(texts)
    assert result["persons"] == PEOPLE  # every masked NIK was seen …
    assert result["rebuilt"] == set()  # … and none rebuilt
    assert result["fewest"] >= 10_000  # each still one of at least ten thousand NIKs
    assert full_niks(texts, niks) == set()
    for person in everyone:  # nor the fields that narrow it down (beyond the probe's own
        for url, text in texts.items():  # address, which the language switch repeats)
            text = text.replace(url, "")
            assert person["name"] not in text and person["birth_date"] not in text
            assert person["village_code"] not in text


def test_the_same_attacker_rebuilds_every_nik_from_the_admins_pages(client, world, admin_user):
    """The attacker works: where rows are whole (birth date, sex, village), it rebuilds every
    NIK, without ever asking for a full NIK."""
    everyone = world["people"]
    texts = crawl(client, admin_user, full_nik=False)
    assert full_niks(texts, {p["nik"] for p in everyone}) == set()
    result = attack(texts)
    assert result["rebuilt"] == {p["nik"] for p in everyone}


def test_a_bpjs_branch_of_another_region_reaches_no_person_of_it(client, world, bpjs_elsewhere):
    texts = crawl(client, bpjs_elsewhere, full_nik=True,
                  probes=probes_for(world["run"], PEOPLE))
    result = attack(texts)
    assert result["persons"] == 0 and result["rebuilt"] == set()


@pytest.mark.parametrize("who", ["viewer", "bpjs", "admin_user", "op_lobar"])
def test_every_read_of_person_rows_is_audited_without_a_nik_or_a_name(client, world, request,
                                                                     who):
    user = request.getfixturevalue(who)
    run, everyone = world["run"], world["people"]
    client.force_login(user)
    reads = AuditEvent.objects.filter(actor=user, action__in=["view", "export"])
    pages = [
        (reverse("registry_run", args=[run.pk]), "view", "rows page 1 of match run "
                                                         "daftar-lobar.csv"),
        (reverse("registry_run", args=[run.pk]) + "?outcome=eligible&page=1", "view",
         "rows page 1 of match run daftar-lobar.csv"),
        (reverse("registry_row", args=[run.pk, 5]), "view",
         "row 5 of match run daftar-lobar.csv"),
        (reverse("registry_export", args=[run.pk]) + "?outcome=eligible", "export",
         "csv of match run daftar-lobar.csv"),
        (reverse("registry_enrollments"), "view", "funded workers page 1 * *"),
        (reverse("registry_enrollments") + "?format=csv&tahun=2026", "export",
         "funded workers csv 2026 *"),
    ]
    for url, action, text in pages:
        before = reads.count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        if response.streaming:
            b"".join(response.streaming_content)
        event = reads.order_by("-id").first()
        assert reads.count() == before + 1, url
        assert (event.action, event.object_repr) == (action, text), url
    assert reads.filter(note="outcome=eligible").count() == 2  # the filters are named
    for event in reads:
        written = f"{event.object_repr} {event.note} {event.changes}"
        for person in everyone:
            assert person["nik"] not in written and person["name"] not in written
            assert f"{person['nik'][:4]}********{person['nik'][-4:]}" not in written
