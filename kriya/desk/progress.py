"""Where a request stands, told the way its applicant needs it: the whole path as steps
(submitted → checked → bill → paid → the work of the service's body → result), the
current step, who acts next, the working days left against the service standard, what
the applicant must do now and what the agency does next (docs/desk.md, "The owner's
request page").

Pure reading over the request and what the page has already loaded (its bills, its
timeline, its clock): no query of its own beyond the lazily evaluated ones passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .clock import Clock
from .models import Body, Status

# The steps, in order. A free service skips "bill" and "paid".
SUBMITTED, CHECKED, BILL, PAID, WORK, RESULT = (
    "submitted",
    "checked",
    "bill",
    "paid",
    "work",
    "result",
)

# What the performing body does during "work", and who it is, in the applicant's words.
WORK_LABELS = {
    Body.LAB: _("Pengujian di laboratorium"),
    Body.LSPRO: _("Evaluasi, audit dan keputusan sertifikasi"),
    Body.LPH: _("Pemeriksaan halal"),
    Body.LSIH: _("Audit industri hijau"),
    Body.LSP: _("Uji kompetensi"),
    Body.DESK: _("Pelaksanaan layanan"),
}
WORK_NOTES = {
    Body.LAB: _("Contoh uji diterima, diuji, lalu hasilnya diperiksa penyelia."),
    Body.LSPRO: _(
        "Auditor memeriksa tempat produksi dan mengambil contoh; contoh diuji, lalu diputuskan."
    ),
    Body.LPH: _("Auditor halal memeriksa bahan dan proses produksi."),
    Body.LSIH: _("Auditor memeriksa proses produksi terhadap standar industri hijau."),
    Body.LSP: _("Asesor menguji kompetensi peserta."),
    Body.DESK: _("Petugas balai melaksanakan layanan yang dimohonkan."),
}
PERFORMERS = {
    Body.LAB: _("laboratorium balai"),
    Body.LSPRO: _("lembaga sertifikasi produk balai"),
    Body.LPH: _("lembaga pemeriksa halal balai"),
    Body.LSIH: _("lembaga sertifikasi industri hijau balai"),
    Body.LSP: _("lembaga sertifikasi profesi balai"),
    Body.DESK: _("petugas layanan balai"),
}
DESK = _("petugas layanan balai")
# Bodies whose work starts from a sample the applicant brings or sends (a certification
# body takes its samples on site during the audit).
SAMPLE_BODIES = {Body.LAB}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    state: str  # "done", "current", "upcoming" or "stopped"
    note: str = ""

    @property
    def is_current(self) -> bool:
        return self.state in ("current", "stopped")


@dataclass(frozen=True)
class Todo:
    """One thing the applicant must do now; `url` leads to where it is done."""

    text: str
    url: str = ""
    action: str = ""


@dataclass
class Progress:
    steps: list[Step]
    current: Step | None
    # "applicant", "agency" or "" (nobody: the request is closed).
    turn: str
    turn_label: str
    todos: list[Todo] = field(default_factory=list)
    agency_next: str = ""
    clock: Clock | None = None
    closed_note: str = ""

    @property
    def is_applicants_turn(self) -> bool:
        return self.turn == "applicant"


def _keys(service) -> list[str]:
    if service.is_billed:
        return [SUBMITTED, CHECKED, BILL, PAID, WORK, RESULT]
    return [SUBMITTED, CHECKED, WORK, RESULT]


def _labels(service) -> dict[str, tuple[str, str]]:
    output = service.output
    return {
        SUBMITTED: (_("Permohonan diajukan"), ""),
        CHECKED: (_("Pemeriksaan permohonan"), _("Petugas memeriksa dokumen dan barang.")),
        BILL: (_("Tagihan diterbitkan"), _("Kode billing PNBP untuk membayar.")),
        PAID: (_("Pembayaran"), _("Anda membayar dan mengunggah bukti bayar.")),
        WORK: (
            WORK_LABELS.get(service.body, WORK_LABELS[Body.DESK]),
            WORK_NOTES.get(service.body, WORK_NOTES[Body.DESK]),
        ),
        RESULT: (
            _("Hasil diserahkan"),
            (_("Anda menerima %(output)s.") % {"output": output}) if output else "",
        ),
    }


# The step a status stands at.
STATUS_STEP = {
    Status.DRAFT: SUBMITTED,
    Status.SUBMITTED: CHECKED,
    Status.RESUBMITTED: CHECKED,
    Status.IN_REVIEW: CHECKED,
    Status.RETURNED: CHECKED,
    Status.AWAITING_PAYMENT: PAID,
    Status.PAID: WORK,
    Status.IN_PROGRESS: WORK,
    Status.RESULT_READY: RESULT,
    Status.COMPLETED: None,  # every step done
}


def _current_key(req, timeline) -> str | None:
    status = req.status
    if status == Status.ACCEPTED:
        return BILL if req.service.is_billed else WORK
    if status in (Status.CANCELLED, Status.REJECTED):
        # Where it stopped: the status it left, from the timeline.
        left = ""
        for entry in reversed(timeline or []):
            data = entry.data or {}
            if data.get("to") == status or entry.verb.endswith((".cancel", ".reject")):
                left = data.get("from", "")
                break
        if left == Status.ACCEPTED:
            return BILL if req.service.is_billed else WORK
        return STATUS_STEP.get(left, CHECKED if req.submitted_at else SUBMITTED)
    return STATUS_STEP.get(status, SUBMITTED)


def steps_of(req, timeline=None) -> list[Step]:
    """Every step of the request's path: done up to the current one (all done once the
    request is completed), the current one (or "stopped" for a closed request), then
    upcoming."""
    keys = _keys(req.service)
    labels = _labels(req.service)
    current = _current_key(req, timeline)
    closed = req.status in (Status.CANCELLED, Status.REJECTED)
    position = keys.index(current) if current in keys else len(keys)
    steps = []
    for index, key in enumerate(keys):
        label, note = labels[key]
        if index < position:
            state = "done"
        elif index == position:
            state = "stopped" if closed else "current"
        else:
            state = "upcoming"
        steps.append(Step(key=key, label=str(label), state=state, note=str(note)))
    return steps


def progress_of(
    req,
    *,
    clock: Clock,
    timeline=None,
    open_bill=None,
    pending_payment=False,
    missing=(),
    gate=None,
    applicant=False,
) -> Progress:
    """The request's progress as the request page shows it.

    `open_bill`, `pending_payment` (a payment proof waits for the desk's check),
    `missing` (mandatory documents not uploaded), `gate` (access.result_gate) come from
    the page's context; `applicant` says whether the reader is the applicant side (the
    to-dos are theirs).
    """
    steps = steps_of(req, timeline)
    current = next((s for s in steps if s.is_current), None)
    service = req.service
    performer = PERFORMERS.get(service.body, DESK)
    status = req.status
    page = reverse("desk:request", kwargs={"pk": req.pk})
    todos: list[Todo] = []
    turn, agency_next, closed_note = "agency", "", ""

    if status == Status.DRAFT:
        turn = "applicant"
        if missing:
            names = ", ".join(str(d.name) for d in missing)
            todos.append(
                Todo(_("Unggah dokumen wajib: %(names)s.") % {"names": names}, page + "#docs-h")
            )
        todos.append(Todo(_("Periksa isian, lalu tekan “Ajukan”."), page + "#actions-h"))
        agency_next = _("Setelah Anda mengajukan, petugas layanan memeriksa permohonan.")
    elif status == Status.RETURNED:
        turn = "applicant"
        todos.append(
            Todo(
                _(
                    "Baca alasan pengembalian, perbaiki dokumen atau isian, lalu tekan "
                    "“Ajukan ulang”."
                ),
                page + "#actions-h",
            )
        )
        agency_next = _("Setelah Anda mengajukan ulang, petugas memeriksa kembali.")
    elif status in (Status.SUBMITTED, Status.RESUBMITTED, Status.IN_REVIEW):
        agency_next = _(
            "Petugas layanan memeriksa dokumen dan barang yang dimohonkan, lalu menerima "
            "permohonan atau mengembalikannya untuk diperbaiki."
        )
        if service.is_billed:
            agency_next = _(
                "Petugas layanan memeriksa dokumen dan barang yang dimohonkan. Bila "
                "lengkap, petugas menerbitkan tagihan resmi; Anda mendapat pemberitahuan."
            )
    elif status == Status.ACCEPTED:
        if service.is_billed:
            agency_next = _(
                "Petugas menerbitkan tagihan PNBP dengan kode billing; Anda mendapat pemberitahuan."
            )
        else:
            agency_next = _("Pekerjaan dimulai oleh %(who)s.") % {"who": performer}
            if service.body in SAMPLE_BODIES:
                turn = "applicant"
                todos.append(_sample_todo(req))
    elif status == Status.AWAITING_PAYMENT:
        if pending_payment:
            agency_next = _("Petugas memeriksa bukti bayar Anda, lalu pekerjaan dimulai.")
        else:
            turn = "applicant"
            bill_url = (
                reverse("desk:bill_detail", kwargs={"pk": req.pk, "bill_pk": open_bill.pk})
                if open_bill
                else page
            )
            if open_bill is not None and open_bill.sponsorship_id:
                todos.append(
                    Todo(
                        _("Tagihan ini dibayar oleh %(payer)s; unggah bukti bayar setelah dibayar.")
                        % {"payer": open_bill.payer_name},
                        bill_url,
                        _("Lihat tagihan"),
                    )
                )
            else:
                todos.append(
                    Todo(
                        _(
                            "Bayar tagihan dengan kode billing sebelum jatuh tempo, lalu "
                            "unggah bukti bayar."
                        ),
                        bill_url,
                        _("Lihat tagihan dan cara bayar"),
                    )
                )
            agency_next = _("Setelah bukti bayar diunggah, petugas memeriksanya.")
    elif status == Status.PAID:
        agency_next = _("Pekerjaan dimulai oleh %(who)s.") % {"who": performer}
        if service.body in SAMPLE_BODIES:
            turn = "applicant"
            todos.append(_sample_todo(req))
    elif status == Status.IN_PROGRESS:
        agency_next = _("%(who)s mengerjakan permohonan; Anda diberi tahu saat hasil siap.") % {
            "who": str(performer).capitalize()
        }
    elif status == Status.RESULT_READY:
        agency_next = _("Petugas menyerahkan hasil; Anda diberi tahu saat hasil dapat diunduh.")
    elif status == Status.COMPLETED:
        turn = ""
        if gate is not None and gate.url:
            turn = "applicant"
            todos.append(Todo(str(gate.message), gate.url, _("Buka survei kepuasan")))
        closed_note = _("Permohonan selesai.")
    elif status in (Status.CANCELLED, Status.REJECTED):
        turn = ""
        closed_note = (
            _("Permohonan dibatalkan.")
            if status == Status.CANCELLED
            else _("Permohonan ditolak; alasannya tertulis di bawah.")
        )

    if not applicant:
        todos = []
    turn_label = {
        "applicant": _("Anda") if applicant else _("Pemohon"),
        "agency": performer if status in (Status.PAID, Status.IN_PROGRESS) else DESK,
        "": "",
    }[turn]
    if turn == "applicant" and not applicant:
        turn_label = _("Pemohon")
    return Progress(
        steps=steps,
        current=current,
        turn=turn,
        turn_label=str(turn_label),
        todos=todos,
        agency_next=str(agency_next),
        clock=clock,
        closed_note=str(closed_note),
    )


def _sample_todo(req) -> Todo:
    return Todo(
        _(
            "Antarkan atau kirim contoh uji ke laboratorium balai dengan menyebut nomor "
            "permohonan %(number)s."
        )
        % {"number": req.number},
        reverse("desk:request", kwargs={"pk": req.pk}) + "#items-h",
    )
