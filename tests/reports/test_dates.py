"""Incident dates from relative phrases, resolved against the local posting time."""

from datetime import UTC, date, datetime

import pytest

from reports.dates import resolve_incident_date

ZONE = "Asia/Makassar"
FRIDAY = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # Friday 20 Nov 2026, 09:30 WITA


@pytest.mark.parametrize(("text", "expected", "phrase"), [
    ("kemarin motor jatuh", date(2026, 11, 19), "kemarin"),
    ("kmrn sore hujan", date(2026, 11, 19), "kmrn"),
    ("tadi malam banjir", date(2026, 11, 19), "tadi malam"),
    ("semalem listrik padam", date(2026, 11, 19), "semalem"),
    ("tadi subuh ada kebakaran", date(2026, 11, 20), "tadi subuh"),
    ("sejak 3 hari air mati", date(2026, 11, 17), "sejak 3 hari"),
    ("udh 4 hr sampah numpuk", date(2026, 11, 16), "udh 4 hr"),
    ("sudah seminggu lampu mati", date(2026, 11, 13), "sudah seminggu"),
    ("sudah 2 minggu", date(2026, 11, 6), "sudah 2 minggu"),
    ("2 hari lalu ada kebakaran", date(2026, 11, 18), "2 hari lalu"),
    ("kemarin lusa ada kecelakaan", date(2026, 11, 18), "kemarin lusa"),
    ("Senin lalu berobat", date(2026, 11, 16), "senin lalu"),
    ("hari Rabu malam banjir", date(2026, 11, 18), "hari rabu malam"),
    ("jumat kemarin", date(2026, 11, 13), "jumat kemarin"),
    ("minggu lalu ada anak jatuh", date(2026, 11, 13), "minggu lalu"),
    ("hari minggu pagi", date(2026, 11, 15), "hari minggu pagi"),
    ("hari Jumat pagi tadi", date(2026, 11, 20), "hari jumat pagi"),  # posted on a Friday
    ("Jumat lalu", date(2026, 11, 13), "jumat lalu"),
    ("tgl 5 sudah lapor", date(2026, 11, 5), "tgl 5"),
    ("tanggal 25 lapor", date(2026, 10, 25), "tanggal 25"),  # the 25th has not come yet
    ("tanggal 31", date(2026, 10, 31), "tanggal 31"),  # November has no 31st
    ("5 November banjir", date(2026, 11, 5), "5 november"),
    ("sejak tgl 3/11 air keruh", date(2026, 11, 3), "tgl 3/11"),
    ("12-11-2026 lampu mati", date(2026, 11, 12), "12-11-2026"),
    ("Sudah 3 hari sejak banjir Rabu malam", date(2026, 11, 17), "sudah 3 hari"),
])
def test_phrases_resolve_to_the_incident_date(text, expected, phrase):
    result = resolve_incident_date(text, FRIDAY, ZONE)
    assert (result.value, result.source, result.phrase) == (expected, "teks", phrase)


@pytest.mark.parametrize("text", [
    "lampu jalan mati",
    "tiap minggu begini",  # "minggu" alone is a week, and this one recurs
    "tiap malam minggu balap liar",
    "jadwal pemadaman hari Sabtu ini",  # a coming day
    "Sabtu, 28 November 2026 ada pemadaman",  # a future date: not an incident yet
    "dari jam 7 sampai jam 11",
    "sudah 2 tahun diusulkan",  # older than the window is not trusted
])
def test_no_usable_phrase_falls_back_to_the_posting_date(text):
    result = resolve_incident_date(text, FRIDAY, ZONE)
    assert (result.value, result.source, result.phrase) == (date(2026, 11, 20),
                                                           "tanggal_unggah", None)


def test_the_local_date_counts_not_utc():
    late = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)  # already Saturday 21 Nov 01:00 in Bontang
    assert resolve_incident_date("kemarin banjir", late, ZONE).value == date(2026, 11, 20)
    assert resolve_incident_date("banjir", late, ZONE).value == date(2026, 11, 21)
    assert resolve_incident_date("banjir", late, "Asia/Jakarta").value == date(2026, 11, 21)


def test_the_earliest_stated_date_is_when_it_began():
    result = resolve_incident_date("air mati sejak 3 hari, kemarin sudah lapor", FRIDAY, ZONE)
    assert result.value == date(2026, 11, 17)
