"""Product counts per county, sector and day for the reports, kept by triggers (registry/summaries.py)
and filled here from the products already recorded; an index that answers an obligation's state
from the index alone, which also serves the lookups of a producer's products (so the producer
column's own index goes)."""

import django.db.models.deletion
from django.db import migrations, models

from registry import summaries
from registry.postgres import PostgresOnly, SqliteOnly


def count_products(apps, schema_editor):
    schema_editor.execute(summaries.REBUILD)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0008_search_and_count_support'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProductCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('declared', models.IntegerField(verbose_name='products declared')),
                ('registered', models.IntegerField(verbose_name='products registered')),
                ('pending', models.BooleanField(default=False, verbose_name='pending')),
            ],
            options={
                'verbose_name': 'product count',
                'verbose_name_plural': 'product counts',
                'default_permissions': (),
            },
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['producer', 'sector', 'status', 'declared_on', 'registered_on'], name='registry_prod_obligation'),
        ),
        migrations.AlterField(
            model_name='product',
            name='producer',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='products', to='registry.producer', verbose_name='producer'),
        ),
        migrations.AddField(
            model_name='productcount',
            name='county',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='product_counts', to='registry.county', verbose_name='county'),
        ),
        migrations.AddField(
            model_name='productcount',
            name='sector',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='product_counts', to='registry.sector', verbose_name='sector'),
        ),
        migrations.AddIndex(
            model_name='productcount',
            index=models.Index(condition=models.Q(('pending', True)), fields=['id'], name='registry_productcount_pending'),
        ),
        migrations.AddConstraint(
            model_name='productcount',
            constraint=models.UniqueConstraint(condition=models.Q(('pending', False)), fields=('county', 'sector', 'day'), name='registry_productcount_day'),
        ),
        migrations.RunPython(count_products, migrations.RunPython.noop),
        PostgresOnly(summaries.POSTGRES_TRIGGERS, summaries.POSTGRES_TRIGGERS_REMOVED),
        SqliteOnly(summaries.SQLITE_TRIGGERS, summaries.SQLITE_TRIGGERS_REMOVED),
    ]
