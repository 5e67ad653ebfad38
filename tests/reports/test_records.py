"""Official records: deadline status in working days, export in LAPOR!'s columns."""

import csv
import io
import json
from datetime import date

import pytest

from models.db import transaction
from reports import records, store
from reports.deadlines import deadline_status, working_days_between
from tests.reports.conftest import CITY
from tests.reports.test_service import BPBD, FLOOD, FLOOD_AGAIN, MORNING, NIGHT


@pytest.mark.parametrize(("start", "end", "days"), [
    (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday → Monday
    (date(2026, 11, 20), date(2026, 11, 20), 0),
    (date(2026, 11, 23), date(2026, 11, 20), -1),
    (date(2026, 12, 24), date(2026, 12, 28), 1),  # Christmas and the weekend skipped
])
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days


WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(("due", "today", "done", "status"), [
    (WEDNESDAY, date(2026, 11, 26), False, "terlambat"),
    (WEDNESDAY, WEDNESDAY, False, "hampir jatuh tempo"),  # due today
    (WEDNESDAY, date(2026, 11, 24), False, "hampir jatuh tempo"),  # one working day left
    (date(2026, 11, 23), date(2026, 11, 20), False, "hampir jatuh tempo"),  # Fri → Mon
    (WEDNESDAY, date(2026, 11, 18), False, "dalam tenggat"),
    (WEDNESDAY, date(2026, 12, 1), True, "selesai"),
])
def test_deadline_status(due, today, done, status):
    assert deadline_status(due, today, done=done) == status


def test_export_has_lapor_columns_and_every_source_link(factory, pipeline):
    pipeline([(1, FLOOD, NIGHT, BPBD), (2, FLOOD_AGAIN, MORNING, BPBD)])
    with transaction(factory) as session:
        draft_id = store.list_drafts(session)[0].id
        record = store.confirm_draft(session, draft_id, "sari", CITY)
        number = record.tracking_number
    with factory() as session:
        rows = [records.export_row(r, CITY, date(2026, 11, 20))
                for r in records.list_records(session)]
    text = records.export_records(rows, "csv")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert tuple(row) == records.EXPORT_COLUMNS
    assert row["Tracking ID"] == number and row["Klasifikasi"] == "Pengaduan"
    assert row["Tipe Laporan"] == "Rahasia" and row["Status Laporan"] == "Diteruskan ke instansi"
    assert row["Lampiran"].split("\n") == ["https://t.me/wargabtg/1", "https://t.me/wargabtg/2"]
    assert row["Sumber Laporan"] == "Media sosial (Telegram) melalui Jaring"
    assert row["Instansi Terdisposisi"] == record.instansi_tujuan
    assert "dari 2 unggahan publik" in row["Isi Laporan"]
    assert json.loads(records.export_records(rows, "json")) == rows
