"""python -m kriya.verify TEXT --keys FILE [--status FILE ...] [--today YYYY-MM-DD] [--json]

Checks a Kriya QR payload without any network and without Django: TEXT is the
`KRY1:` text (or the QR's URL form; "-" reads it from standard input), FILE the
keys list downloaded from /.well-known/kriya-keys.json, and each --status FILE a
signed status list downloaded from /verifikasi/status/<n>.cwt (the unsigned .json
form is refused: anyone could have edited it). Exit status 0 only for a valid
document, 1 for every other verdict, 2 when the files cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .keyring import load_keys, load_revocations
from .offline import Verdict, verify
from .payload import named_document

LABELS = {
    Verdict.VALID: "SAH — dokumen asli dan berlaku",
    Verdict.SUSPENDED: "DIBEKUKAN — dokumen sedang dibekukan",
    Verdict.WITHDRAWN: "DICABUT — dokumen telah dicabut",
    Verdict.EXPIRED: "KEDALUWARSA — masa berlaku telah habis",
    Verdict.SUPERSEDED: "DIGANTIKAN — dokumen telah diganti dengan yang baru",
    Verdict.SIGNATURE_INVALID: "TANDA TANGAN TIDAK SAH — isi diubah atau rusak",
    Verdict.UNKNOWN_KEY: "KUNCI TIDAK DIKENAL — perbarui daftar kunci",
    Verdict.NOT_REGISTERED: "TIDAK TERDAFTAR — bukan dokumen Kriya",
    Verdict.KEY_REVOKED: "KUNCI PENANDA TANGAN DICABUT — jangan percayai dokumen ini",
    Verdict.STATUS_LIST_INVALID: "DAFTAR STATUS TIDAK SAH — berkas diubah atau rusak; unduh ulang",
    Verdict.STATUS_LIST_EXPIRED: "DAFTAR STATUS KEDALUWARSA — unduh daftar status terbaru",
}

# A pass is checked at a door: its verdict line names it.
PASS_TYPES = ("training_pass", "exhibitor_pass")
PASS_LABELS = {
    Verdict.VALID: "SAH — tanda peserta asli dan berlaku",
    Verdict.SUSPENDED: "DIBEKUKAN — tanda peserta sedang dibekukan",
    Verdict.WITHDRAWN: "DICABUT — tanda peserta telah dicabut",
    Verdict.EXPIRED: "KEDALUWARSA — masa berlaku tanda peserta telah habis",
    Verdict.SUPERSEDED: "DIGANTIKAN — tanda peserta telah diganti dengan yang baru",
}
DOC_TYPE_LABELS = {
    "certificate": "Sertifikat",
    "test_report": "Sertifikat hasil uji",
    "batikmark_label": "Label Batikmark",
    "training_certificate": "Sertifikat pelatihan",
    "training_pass": "Tanda peserta pelatihan",
    "exhibitor_pass": "Tanda peserta pameran",
}

FACTS = [
    ("doc_type", "Jenis"),
    ("number", "Nomor"),
    ("ref", "Bagian dari"),
    ("holder_name", "Pemegang"),
    ("holder_nib", "NIB"),
    ("scheme", "Skema/standar"),
    ("scope", "Lingkup"),
    ("issued_on", "Tanggal terbit"),
    ("expires_on", "Berlaku sampai"),
    ("url", "Verifikasi daring"),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m kriya.verify", description="Verify a Kriya QR payload offline."
    )
    parser.add_argument("text", help="the KRY1: text or the QR's URL; '-' reads standard input")
    parser.add_argument("--keys", required=True, type=Path, help="kriya-keys.json")
    parser.add_argument(
        "--status", action="append", default=[], type=Path, help="signed status list (.cwt)"
    )
    parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        keys_text = args.keys.read_text(encoding="utf-8")
        keys, revoked = load_keys(keys_text), load_revocations(keys_text)
        lists = [read_signed_list(path) for path in args.status]
    except (OSError, ValueError) as exc:
        print(f"kriya.verify: {exc}", file=sys.stderr)
        return 2
    result = verify(text, keys, lists, today=args.today, revoked=revoked)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{result.verdict.value}: {verdict_line(result)}")
        if result.claims:
            claims = result.claims.as_dict()
            for name, label in FACTS:
                value = claims.get(name)
                if name == "doc_type":
                    value = DOC_TYPE_LABELS.get(value, value)
                if name == "expires_on" and value is None:
                    value = "tanpa batas waktu"
                if value:
                    print(f"  {label}: {value}")
        if result.claims and not result.status_checked:
            print("  Peringatan: status (bekukan/cabut) tidak diperiksa — unduh daftar status.")
        if result.claims is None and named_document(text) is not None:
            print(
                "  Alamat ini hanya menyebut nomor dokumen, tanpa kode bertanda tangan: "
                "buka alamat itu untuk pemeriksaan daring, atau pindai kode QR-nya."
            )
        if result.key_revoked_since and result.claims:
            print(
                "  Catatan: kunci penanda tangan dicabut sejak "
                f"{result.key_revoked_since:%Y-%m-%d %H:%M} UTC, tetapi dokumen ini "
                "ditandatangani sebelumnya. Untuk kepastian, periksa juga secara daring."
            )
        if result.verdict is Verdict.KEY_REVOKED:
            print(
                "  Kunci ini dicabut sejak "
                f"{result.key_revoked_since:%Y-%m-%d %H:%M} UTC; dokumen yang ditandatangani "
                "sejak itu harus diterbitkan ulang oleh penerbitnya."
            )
        if result.verdict in (Verdict.STATUS_LIST_INVALID, Verdict.STATUS_LIST_EXPIRED):
            print(f"  {result.detail}")
    return 0 if result.is_valid else 1


def verdict_line(result) -> str:
    """The verdict line, in the words of the document's type (a pass says so)."""
    if result.claims and result.claims.doc_type in PASS_TYPES:
        return PASS_LABELS.get(result.verdict, LABELS[result.verdict])
    return LABELS[result.verdict]


def read_signed_list(path: Path) -> bytes:
    """A signed status list as downloaded; the JSON form is refused (it is not signed)."""
    data = path.read_bytes()
    if data.lstrip()[:1] == b"{":
        raise ValueError(
            f"{path}: this is the unsigned JSON status list; download the signed one, "
            "…/verifikasi/status/<n>.cwt"
        )
    return data


if __name__ == "__main__":
    sys.exit(main())
