"""The catalogue's services a regency unit may file in its own name (kriya/desk/catalogue.py
`OPEN_TO_REGENCY_UNITS`), set on databases seeded before the field existed. Only services
the desk performs; a database without them is left as it is."""

from django.db import migrations

CODES = ("pelatihan", "pengiriman_instruktur", "konsultansi")


def open_to_units(apps, schema_editor):
    Service = apps.get_model("desk", "Service")
    Service.objects.filter(code__in=CODES, body="DESK").update(open_to_regency_units=True)


class Migration(migrations.Migration):
    dependencies = [("desk", "0011_requests_in_a_regency_units_name")]

    operations = [migrations.RunPython(open_to_units, migrations.RunPython.noop)]
