from django.core.management.base import BaseCommand, CommandError

from kriya.ops import backup, databases


class Command(BaseCommand):
    help = (
        "Write one archive of the whole system: the database, the private documents, the "
        "public media and a manifest with row counts and SHA-256 checksums. Without "
        "--output, a time-stamped archive is written into KRIYA_BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="the archive to write (.tar, .tar.gz or .tgz)", default=None
        )
        parser.add_argument(
            "--db-format",
            choices=["native", "json"],
            default="native",
            help=(
                "native: SQLite's backup API or pg_dump (the default); json: Django's "
                "serialization, restorable into either database"
            ),
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="afterwards delete archives in KRIYA_BACKUP_DIR older than the retention",
        )

    def handle(self, *args, output=None, db_format="native", prune=False, **options):
        try:
            made = backup.make_backup(output=output, portable=db_format == "json")
        except (databases.DatabaseError, OSError) as exc:
            raise CommandError(str(exc)) from None
        manifest = made.manifest
        database = manifest["database"]
        for warning in database["warnings"]:
            self.stderr.write(f"warning: {warning}")
        rows = sum(database["tables"].values())
        storages = manifest["storages"]
        self.stdout.write(
            f"Backup written: {made.path}\n"
            f"  database: {database['vendor']} as {database['format']}, "
            f"{len(database['tables'])} tables, {rows} rows\n"
            f"  private documents: {storages['private']} files\n"
            f"  public media: {storages['default']} files\n"
            f"  signing keys: {len(manifest['signing_keys'])} (private halves encrypted; "
            "keep KRIYA_SIGNING_KEY_SECRET apart from the backups)"
        )
        if prune:
            for path in backup.prune_backups():
                self.stdout.write(f"Pruned: {path}")
