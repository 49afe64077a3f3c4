"""Data: count the public products per district of an index built before the counter."""

from django.db import migrations

COUNT = """
INSERT INTO showcase_cataloguedistrict (district_id, product_count)
SELECT district_id, COUNT(*) FROM showcase_catalogueentry GROUP BY district_id
"""


class Migration(migrations.Migration):
    dependencies = [("showcase", "0003_district_counter")]

    operations = [
        migrations.RunSQL(COUNT, "DELETE FROM showcase_cataloguedistrict"),
    ]
