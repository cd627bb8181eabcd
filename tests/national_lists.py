"""Hand-built national goods-ID lists and the registry they are compared with, for the tests of
the reconciliation (the command, the module, the admin, the reports)."""

import datetime

from tests import factories as f

D = datetime.date
HEADER = "شناسه کالا,شناسه ملی تولیدکننده,نام تولیدکننده,شرح کالا,تاریخ ثبت,وضعیت شناسه"


def csv_bytes(*rows, header=HEADER):
    return ("\n".join([header, *(",".join(row) for row in rows)]) + "\n").encode()


def row(goods_id, producer, description="", registered_on="1404/02/01", state="فعال", producer_name="تولیدی"):
    """The cells of one row: `producer` is a Producer or a national ID as the list writes it."""
    national_id = producer.national_id if hasattr(producer, "national_id") else producer
    return (goods_id, national_id, producer_name, description, registered_on, state)


def make_registry():
    """Two producers and their products, on which every finding of national_list() occurs:
    (Zagros, Abidar, {what each product is for: product})."""
    zagros = f.make_producer(name="زاگرس", sector="food", county="sanandaj")
    other = f.make_producer(name="آبیدر", county="saqqez")
    products = {
        "matched": f.make_product(zagros, name="رب گوجه", status="registered", goods_id=f.goods_id(1),
                                  declared_on=D(2025, 1, 1), registered_on=D(2025, 2, 1)),
        "pending_with_id": f.make_product(zagros, name="کنسرو لوبیا", goods_id=f.goods_id(2),
                                          declared_on=D(2025, 5, 1)),
        "by_name": f.make_product(zagros, name="آب‌میوه پرتقال", declared_on=D(2025, 1, 1)),
        "arabic_name": f.make_product(zagros, name="چای کیسه‌ای", status="rejected", declared_on=D(2025, 1, 1)),
        "other_id": f.make_product(zagros, name="سس مایونز", status="registered", goods_id=f.goods_id(3),
                                   declared_on=D(2025, 1, 1), registered_on=D(2025, 1, 20)),
        "others": f.make_product(other, name="یخچال", status="registered", goods_id=f.goods_id(4),
                                 declared_on=D(2025, 1, 1), registered_on=D(2025, 1, 20)),
        "cancelled": f.make_product(other, name="اجاق", status="registered", goods_id=f.goods_id(5),
                                    declared_on=D(2025, 1, 1), registered_on=D(2025, 1, 20)),
        "missing": f.make_product(other, name="کولر", status="registered", goods_id=f.goods_id(6),
                                  declared_on=D(2025, 1, 1), registered_on=D(2025, 1, 20)),
    }
    return zagros, other, products


def national_list(zagros, other):
    return csv_bytes(
        row(f.goods_id(1), zagros, "رب گوجه فرنگی"),                  # matched (by ID; the name may differ)
        row(f.goods_id(2), zagros, "کنسرو لوبیا", "1404/01/15"),      # to_register by ID
        row(f.goods_id(11), zagros, "آب میوه  پرتقال"),              # to_register by name (spaces, no ZWNJ)
        row(f.goods_id(12), zagros, "چاي كيسه اي"),                   # to_register by name (Arabic yeh and kaf)
        row(f.goods_id(13), zagros, "سس مایونز"),                     # conflict: that name has another ID
        row(f.goods_id(14), zagros, "ماکارونی"),                      # new_product
        row(f.goods_id(4), zagros, "یخچال"),                          # conflict: another producer's product
        row(f.goods_id(15), f.legal_id(9999), "لباسشویی"),            # unknown_producer
        row(f.goods_id(5), other, "اجاق", state="ابطال‌شده"),          # cancelled_nationally
        row(f.goods_id(16), other, "بخاری", state="cancelled"),        # ignored: cancelled, unknown here
        row(f.goods_id(3), zagros, "سس مایونز", state="ابطال‌شده"),    # cancelled_nationally too
    )


