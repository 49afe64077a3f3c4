from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kriya.accounts.models import User
from kriya.regions.models import Level, Region
from kriya.registry.imports.report import ImportReport
from kriya.registry.imports.runner import import_businesses


class Command(BaseCommand):
    help = (
        "Import a regency's business spreadsheet (.xlsx or .csv). Prints one line: "
        "rows N: created A, updated B, rejected C, duplicate D, blank E."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--regency", required=True, help="Kepmendagri code, e.g. 35.13")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="import on behalf of this user (audit actor; a regency officer of the "
            "regency imports as verified, anyone else as submitted)",
        )
        parser.add_argument("--report", metavar="PATH", help="write the XLSX report here")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=0,
            help="rows per batch, each its own transaction (default: 10,000 on SQLite, "
            "2,000 on PostgreSQL)",
        )

    def handle(self, *args, path, regency, dry_run, by, report, batch_size, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"File not found: {path}")
        try:
            region = Region.objects.get(code=regency, level=Level.REGENCY)
        except Region.DoesNotExist:
            raise CommandError(f"Unknown regency code: {regency}") from None
        user = None
        if by:
            user = User.objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError(f"No user with e-mail {by}")
        # Reasons in the report are Indonesian (the source language).
        with translation.override("id"), source.open("rb") as fileobj:
            sheet_report = ImportReport() if report else None
            outcome = import_businesses(
                fileobj=fileobj,
                regency=region,
                by=user,
                dry_run=dry_run,
                report=sheet_report,
                batch_size=max(batch_size, 0) or None,
            )
            if sheet_report is not None:
                with open(report, "wb") as out:
                    sheet_report.save(
                        out,
                        filename=source.name,
                        regency=region.name,
                        line=outcome.counts.line(),
                        stopped=outcome.error,
                    )
        if outcome.header_row is None:
            raise CommandError(outcome.error)
        self.stdout.write(outcome.counts.line())
        if outcome.error:
            raise CommandError(outcome.error)
