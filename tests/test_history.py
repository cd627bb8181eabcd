"""Reasons of changes are stored in fixed English words and read in the reader's language, their
values isolated, with no code word left (registry.history)."""

import pytest
from django.utils import translation

from registry import history

BDI = '<bdi dir="ltr">{}</bdi>'


@pytest.mark.parametrize(("stored", "persian", "english"), [
    # What the importer writes (registry.importing), in the admin and from the command line.
    ("import: 03_producers.csv", f"ورود از فایل {BDI.format('03_producers.csv')}",
     f"Imported from the file {BDI.format('03_producers.csv')}"),
    ("import_records: 04_licences.xlsx", f"ورود از فایل {BDI.format('04_licences.xlsx')} با خط فرمان",
     f"Imported from the file {BDI.format('04_licences.xlsx')} on the command line"),
    ("import: تولیدکنندگان.csv", "ورود از فایل <bdi>تولیدکنندگان.csv</bdi>",
     "Imported from the file <bdi>تولیدکنندگان.csv</bdi>"),
    ("demo data (load_demo)", "داده‌های نمایشی", "Demo data"),
    ("synthetic data (generate_data)", "داده‌های ساختگی برای آزمون سرعت", "Synthetic data for speed tests"),
    ("reference data shipped with Shafaf", "اطلاعات پایه همراه شفاف", "Reference data shipped with Shafaf"),
    # The auction lifecycle: a status by its value, shown as its label (closed: the auction's word).
    ("Auction closed", "مزایده: بسته‌شده", "Auction closed"),
    ("Auction KD-AU-003 cancelled", f"لغو مزایده {BDI.format('KD-AU-003')}", f"Auction {BDI.format('KD-AU-003')} cancelled"),
    ("Contract signed: auction KD-AU-003, lot 12", f"قرارداد امضا شد: مزایده {BDI.format('KD-AU-003')}، قطعه ۱۲",
     f"Contract signed: auction {BDI.format('KD-AU-003')}, lot 12"),
    # Second chances: a forfeiture's reason by its value, a reduction with its decimals.
    ("Forfeited (not_signed): auction KD-AU-001, lot 3",
     f"ضبط (پایان مهلت امضا): مزایده {BDI.format('KD-AU-001')}، قطعه ۳",
     f"Forfeited (the signing period passed): auction {BDI.format('KD-AU-001')}, lot 3"),
    ("Offered again from auction KD-AU-000, lot 1, 12.5 percent lower",
     f"عرضهٔ دوباره از مزایده {BDI.format('KD-AU-000')}، قطعه ۱، ۱۲٫۵ درصد ارزان‌تر",
     f"Offered again from auction {BDI.format('KD-AU-000')}, lot 1, 12.5 percent lower"),
    ("Moved to the stage “handed_over”.", "به مرحله «واگذارشده به صنعت» رفت.", "Moved to the stage “handed over”."),
    # Written before reasons were stored this way, or by hand: as it is, escaped.
    ("به مرحله «ابلاغ‌شده» رفت.", "به مرحله «ابلاغ‌شده» رفت.", "به مرحله «ابلاغ‌شده» رفت."),
    ("<script>", "&lt;script&gt;", "&lt;script&gt;"),
    (None, "", ""),
    ("", "", ""),
])
def test_a_stored_reason_reads_in_each_language(stored, persian, english):
    with translation.override("fa"):
        assert history.describe(stored) == persian
    with translation.override("en"):
        assert history.describe(stored) == english


def test_what_is_stored_is_english_whatever_the_writers_language():
    with translation.override("fa"):
        assert history.reason(history.AUCTION_STATUS, status="published") == "Auction published"
        assert history.reason(history.CONTRACT_SIGNED, number="AU-7", lot=3) == "Contract signed: auction AU-7, lot 3"
        assert history.reason(history.DEMO_DATA) == "demo data (load_demo)"


def test_a_reason_fits_the_history_column_and_still_reads():
    stored = history.reason(history.IMPORTED, file="x" * 150 + ".csv")
    assert len(stored) == 100
    with translation.override("fa"):
        assert history.describe(stored) == f"ورود از فایل {BDI.format('x' * 92)}"
