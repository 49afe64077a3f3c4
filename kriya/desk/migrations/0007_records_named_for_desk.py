"""Rows that name the service desk by its old app name follow it to `desk`.

Content types keep their ids (audit events, permissions and admin history point at
them), and tasks still waiting in the queue point at the desk's task functions under
their new module path. A database created after the rename has no such rows."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label="desk").values_list("model", flat=True))
    ContentType.objects.filter(app_label="services").exclude(model__in=taken).update(
        app_label="desk"
    )
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for task in DBTaskResult.objects.filter(task_path__startswith="kriya.services."):
        task.task_path = "kriya.desk." + task.task_path.removeprefix("kriya.services.")
        task.save(update_fields=["task_path"])


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0006_tables_named_for_desk"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
