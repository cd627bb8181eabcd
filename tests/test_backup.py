"""Backup and restore: a round trip brings back exactly what was there."""

import pytest
from django.core.management import call_command

from registry.models import Producer, Product
from tests.factories import make_producer, make_product


# serialized_rollback: the reference data and groups come back for the transactional tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip(tmp_path):
    kept = make_producer(name="واحد نگه‌داشته")
    make_product(producer=kept, status=Product.Status.REGISTERED)
    target = tmp_path / "shafaf.backup"
    call_command("backup", output=str(target))
    assert target.stat().st_size > 0

    Producer.objects.all().delete()
    make_producer(name="واحد بعد از پشتیبان")
    assert Producer.objects.count() == 1 and not Product.objects.exists()

    call_command("restore", str(target), interactive=False)
    assert list(Producer.objects.values_list("name", flat=True)) == ["واحد نگه‌داشته"]
    assert Product.objects.get().producer_id == kept.pk
    # the history is the backup's too: the creation of the kept producer, not what came after
    assert list(Producer.history.values_list("name", "history_type")) == [("واحد نگه‌داشته", "+")]
