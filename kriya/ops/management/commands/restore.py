from django.core.management.base import BaseCommand, CommandError

from kriya.ops.restore import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and empty "
        "storages. The archive is checked against its manifest before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "replace a target that is not empty: DELETES every table of the database "
                "and every file of both storages first"
            ),
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            done = restore_backup(path=archive, replace=force)
        except (RestoreError, OSError) as exc:
            raise CommandError(str(exc)) from None
        manifest = done.manifest
        database = manifest["database"]
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']}):\n"
            f"  database: {database['format']}, {done.tables} tables, {done.rows} rows "
            "(row counts equal the manifest)\n"
            f"  private documents: {done.files['private']} files\n"
            f"  public media: {done.files['default']} files\n"
            f"  signing keys: {done.signing_keys} (they open only with the "
            "KRIYA_SIGNING_KEY_SECRET they were stored with)\n"
            "  every file matched its SHA-256 in the manifest"
        )
        if done.pending_migrations:
            self.stdout.write(
                f"  {done.pending_migrations} newer migrations are not applied yet: "
                "run manage.py migrate"
            )
