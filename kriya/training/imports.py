"""Enrolment from a spreadsheet of names (issue 16 §4).

The file is read exactly as the registry reads a regency's business list
(`kriya.registry.imports.parsing`: CSV or XLSX recognised by content, the header row found
below title rows, headers matched ignoring case, spacing, punctuation and a unit in
brackets, phone numbers and villages through the same normalisers and matcher). Each data
row then goes through the same services as the other paths: the person is recorded with
the consent the organiser declares for the whole list (`register_participant`, as a
facilitator does), or found again when already recorded (same name and birth date), and
enrolled by `enrol_participant` (one enrolment per person per batch, the waiting list
past capacity, one sentence per eligibility rule broken). Every row gets one line in the
report: enrolled, waiting list, already enrolled, rejected (with the reasons),
duplicate (the same person earlier in the file) or blank.

A list is a batch's worth of names (hundreds at most), so it is read in the request;
each row is its own transaction, so a bad row never undoes a good one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core import audit
from kriya.regions.models import Region
from kriya.registry.imports.matching import RegionMatcher
from kriya.registry.imports.parsing import (
    ColumnSet,
    SourceError,
    header_key,
    open_sheet,
    phone_of,
)

from . import services
from .models import Batch, Channel, Education, EnrolmentStatus, Gender, Participant
from .workflow import is_organiser

COLUMNS = {
    "full_name": (
        gettext_lazy("Nama"),
        ("nama", "nama lengkap", "nama peserta", "nama siswa", "peserta"),
    ),
    "birth_date": (
        gettext_lazy("Tanggal Lahir"),
        ("tanggal lahir", "tgl lahir", "tgl lhr", "tanggal lhr", "lahir", "birth date"),
    ),
    "gender": (
        gettext_lazy("Jenis Kelamin"),
        ("jenis kelamin", "jk", "l p", "kelamin", "gender", "sex"),
    ),
    "phone": (
        gettext_lazy("No HP"),
        ("no hp", "nomor hp", "hp", "no wa", "wa", "no hp wa", "telepon", "telp", "whatsapp"),
    ),
    "email": (gettext_lazy("E-mail"), ("email", "e mail", "alamat email")),
    "education": (
        gettext_lazy("Pendidikan"),
        ("pendidikan", "pendidikan terakhir", "pend terakhir", "ijazah terakhir"),
    ),
    "school": (
        gettext_lazy("Sekolah"),
        ("sekolah", "asal sekolah", "nama sekolah", "sekolah kampus", "kampus"),
    ),
    "district": (gettext_lazy("Kecamatan"), ("kecamatan", "kec")),
    "village": (
        gettext_lazy("Desa/Kelurahan"),
        ("desa kelurahan", "desa", "kelurahan", "desa kel", "domisili"),
    ),
    "nik": (gettext_lazy("NIK"), ("nik", "no nik", "nomor nik", "no ktp", "nik ktp")),
}
NAME_LIST = ColumnSet(COLUMNS, ("full_name", "birth_date"))

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari", "january"),
            ("feb", "februari", "pebruari", "february"),
            ("mar", "maret", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("agu", "agt", "agus", "agustus", "aug", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "nopember", "november"),
            ("des", "desember", "dec", "december"),
        ],
        1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})$")

GENDERS = {
    "l": Gender.MALE,
    "lk": Gender.MALE,
    "laki laki": Gender.MALE,
    "laki": Gender.MALE,
    "pria": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "p": Gender.FEMALE,
    "pr": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}
EDUCATION = {
    "sd": Education.SD,
    "mi": Education.SD,
    "smp": Education.SMP,
    "mts": Education.SMP,
    "sma": Education.SMA,
    "smk": Education.SMA,
    "ma": Education.SMA,
    "d1": Education.DIPLOMA,
    "d2": Education.DIPLOMA,
    "d3": Education.DIPLOMA,
    "d4": Education.DIPLOMA,
    "diploma": Education.DIPLOMA,
    "s1": Education.S1,
    "sarjana": Education.S1,
    "s2": Education.S2,
    "s3": Education.S2,
    "tidak sekolah": Education.NONE,
    "belum sekolah": Education.NONE,
}


class Result:
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    ALREADY = "already"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    BLANK = "blank"

    LABELS = {
        ENROLLED: gettext_lazy("Terdaftar"),
        WAITLISTED: gettext_lazy("Daftar tunggu"),
        ALREADY: gettext_lazy("Sudah terdaftar"),
        REJECTED: gettext_lazy("Ditolak"),
        DUPLICATE: gettext_lazy("Duplikat"),
        BLANK: gettext_lazy("Kosong"),
    }


@dataclass
class RowReport:
    row: int
    result: str
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Result.LABELS[self.result])


@dataclass
class NameListOutcome:
    rows: list[RowReport] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for r in self.rows if r.result == result)

    @property
    def counts(self) -> dict[str, int]:
        return {key: self.count(key) for key in Result.LABELS}

    @property
    def line(self) -> str:
        c = self.counts
        return _(
            "baris %(rows)s: terdaftar %(enrolled)s, daftar tunggu %(waitlisted)s, sudah "
            "terdaftar %(already)s, ditolak %(rejected)s, duplikat %(duplicate)s, kosong "
            "%(blank)s"
        ) % {"rows": len(self.rows), **c}


# --- values ------------------------------------------------------------------------------


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split())


def date_of(raw) -> datetime.date:
    """An Excel date, '2005-03-17', '17/03/2005', '17-3-2005', '17 Maret 2005'."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _text(raw).lower()
    match = _NUMERIC_DATE.match(text)
    try:
        if match:
            a, b, c = (int(x) for x in match.groups())
            if len(match.group(1)) == 4:
                return datetime.date(a, b, c)
            if len(match.group(3)) == 4:
                return datetime.date(c, b, a)
        match = _WORD_DATE.match(text)
        if match and match.group(2) in MONTHS:
            return datetime.date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    except ValueError:
        pass
    raise ValidationError(
        _("Tanggal lahir “%(value)s” tidak dapat dibaca; tulis seperti 17/03/2005.")
        % {"value": _text(raw)}
    )


def gender_of(raw) -> str:
    key = header_key(_text(raw))
    if key in GENDERS:
        return GENDERS[key]
    raise ValidationError(
        _("Jenis kelamin “%(value)s” tidak dikenal; tulis L atau P.") % {"value": _text(raw)}
    )


def education_of(raw) -> str:
    key = header_key(_text(raw))
    for word in (key, key.split(" ")[0] if key else ""):
        if word in EDUCATION:
            return EDUCATION[word]
    return ""


# --- the list ----------------------------------------------------------------------------


def _regency_of(batch: Batch) -> Region | None:
    code = batch.programme.region_id or batch.village_id or ""
    if len(code) < 5:
        return None
    return Region.objects.filter(code=code[:5]).first()


def _cells(row, header, name):
    for index in header.columns.get(name, ()):
        if index < len(row):
            value = row[index]
            if value is not None and _text(value):
                return value
    return None


def enrol_from_file(*, batch: Batch, fileobj, consent: bool, by) -> NameListOutcome:
    """Read the name list and enrol each person. Raises SourceError when the file as a
    whole cannot be read, PermissionDenied for anyone but the batch's organisers, and
    ValidationError without the organiser's declaration of consent."""
    if not is_organiser(by, batch):
        raise PermissionDenied(_("Hanya penyelenggara yang dapat mendaftarkan dari berkas."))
    if not consent:
        raise ValidationError(
            {
                "consent": _(
                    "Nyatakan bahwa setiap orang dalam daftar sudah menyetujui pencatatan datanya."
                )
            }
        )
    sheet = open_sheet(fileobj, NAME_LIST)
    header = sheet.header
    outcome = NameListOutcome(ignored_headers=header.ignored)
    regency = _regency_of(batch)
    matcher = RegionMatcher(regency) if regency and "village" in header.columns else None
    needs_nik = batch.programme.leads_to_competency_certificate
    seen: dict[tuple[str, datetime.date], int] = {}
    pending_blank: list[int] = []
    try:
        for number, row in sheet.rows:
            if all(c is None or not _text(c) for c in row):
                pending_blank.append(number)
                continue
            for blank in pending_blank:  # blank rows between data rows count as blank
                outcome.rows.append(RowReport(blank, Result.BLANK))
            pending_blank = []
            outcome.rows.append(_one_row(number, row, header, batch, matcher, needs_nik, seen, by))
    finally:
        sheet.close()
    audit.record(
        actor=by,
        verb="training.enrol_from_file",
        obj=batch,
        data={"counts": outcome.counts},
    )
    return outcome


def _one_row(number, row, header, batch, matcher, needs_nik, seen, by) -> RowReport:
    name = _text(_cells(row, header, "full_name"))
    report = RowReport(number, Result.REJECTED, name=name)
    data: dict = {"full_name": name}
    if not name:
        report.reasons.append(_("Nama wajib diisi."))
    raw_born = _cells(row, header, "birth_date")
    if raw_born is None:
        report.reasons.append(_("Tanggal lahir wajib diisi."))
    else:
        try:
            data["birth_date"] = date_of(raw_born)
        except ValidationError as error:
            report.reasons.extend(error.messages)
    raw_gender = _cells(row, header, "gender")
    if raw_gender is None:
        report.reasons.append(_("Jenis kelamin wajib diisi."))
    else:
        try:
            data["gender"] = gender_of(raw_gender)
        except ValidationError as error:
            report.reasons.extend(error.messages)
    raw_phone = _cells(row, header, "phone")
    if raw_phone is None:
        report.reasons.append(_("Nomor HP wajib diisi."))
    else:
        try:
            data["phone"], note = phone_of(raw_phone)
            if note:
                report.notes.append(note)
        except ValidationError as error:
            report.reasons.extend(error.messages)
    data["email"] = _text(_cells(row, header, "email")).lower()
    education = education_of(_cells(row, header, "education"))
    if education:
        data["education"] = education
    school = _text(_cells(row, header, "school"))
    if school:
        data["school"] = school
        data["is_student"] = True
    if matcher is not None and _cells(row, header, "village") is not None:
        match = matcher.match(
            _text(_cells(row, header, "district")), _text(_cells(row, header, "village"))
        )
        if match.error:
            report.reasons.append(match.error)
        else:
            data["village_id"] = match.village
            report.notes.extend(text for _column, text in match.warnings)
    nik = _text(_cells(row, header, "nik")) if needs_nik else ""
    if report.reasons:
        return report
    key = (name.casefold(), data["birth_date"])
    if key in seen:
        report.result = Result.DUPLICATE
        report.reasons.append(_("Orang yang sama sudah ada di baris %(row)s.") % {"row": seen[key]})
        return report
    seen[key] = number
    try:
        with transaction.atomic():
            person = (
                Participant.objects.filter(full_name__iexact=name, birth_date=data["birth_date"])
                .order_by("id")
                .first()
            )
            if person is None:
                person = services.register_participant(data=data, consent=True, nik=nik, by=by)
            enrolment, created = services.enrol_participant(
                batch=batch, participant=person, channel=Channel.IMPORT, by=by
            )
    except ValidationError as error:
        report.reasons.extend(error.messages)
        return report
    except PermissionDenied as error:
        report.reasons.append(str(error))
        return report
    if not created:
        report.result = Result.ALREADY
    elif enrolment.status == EnrolmentStatus.WAITLISTED:
        report.result = Result.WAITLISTED
    else:
        report.result = Result.ENROLLED
    return report


__all__ = ["NAME_LIST", "NameListOutcome", "SourceError", "enrol_from_file", "open_sheet"]
