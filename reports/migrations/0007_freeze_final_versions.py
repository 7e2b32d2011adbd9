"""Freeze the figures of any final version finalised before figures were frozen (issue 19).

Such a version used to be rebuilt from the live figures every time, so its PDF could change after
it was published. Freezing needs the whole report assembly, which historical models cannot run, so
this uses the application's code: it runs only where such a version exists, i.e. on a database
upgraded from before migration 0002, with the schema of this point in the history.
"""

from django.db import migrations


def freeze_final_versions(apps, schema_editor):
    historical = apps.get_model("reports", "ReportVersion")
    if not historical.objects.filter(status="final", frozen_data__isnull=True).exists():
        return
    from reports.models import ReportVersion
    from reports.report_data import assemble, freeze

    unfrozen = ReportVersion.objects.filter(status="final", frozen_data__isnull=True)
    for version in unfrozen.select_related("report__inspection__criteria_set"):
        data = assemble(inspection=version.report.inspection, version=version)
        ReportVersion.objects.filter(pk=version.pk).update(frozen_data=freeze(data))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_programmes"),
        ("reports", "0006_word_files_built_in_the_background"),
        ("criteria", "0005_question_analysis_code"),
        ("inspection", "0004_audit_access_and_analyst_role"),
    ]

    operations = [migrations.RunPython(freeze_final_versions, migrations.RunPython.noop)]
