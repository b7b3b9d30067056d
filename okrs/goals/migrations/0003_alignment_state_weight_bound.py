"""Links gain a state (accepted / proposed) and a weight bound of 0 < weight <= 10.

Links made before this were made under the old rules and are kept as accepted. Their
weights are brought into the new bound first: a weight above 10 becomes 10, and a
*contribute* link of weight 0 (which counted for nothing) becomes a *support* link of
weight 1 (shown, not counted). Run `okrs recompute` after upgrading if any weight was
above 10, so the stored figures follow.
"""

from django.db import migrations, models


def bound_weights(apps, schema_editor):
    Alignment = apps.get_model("goals", "Alignment")
    Alignment.objects.filter(weight__gt=10).update(weight=10)
    Alignment.objects.filter(weight__lte=0).update(kind="support", weight=1)


class Migration(migrations.Migration):

    dependencies = [
        ("goals", "0002_objective_retrospective_canvas_clone_kr_score"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="alignment",
            name="alignment_weight_positive",
        ),
        migrations.AddField(
            model_name="alignment",
            name="state",
            field=models.CharField(
                choices=[("accepted", "accepted"), ("proposed", "proposed")],
                default="accepted",
                max_length=10,
            ),
        ),
        migrations.RunPython(bound_weights, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="alignment",
            constraint=models.CheckConstraint(
                condition=models.Q(("weight__gt", 0), ("weight__lte", 10.0)),
                name="alignment_weight_in_range",
            ),
        ),
    ]
