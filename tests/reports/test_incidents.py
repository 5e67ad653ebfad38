"""Whether two posts describe one incident: text, place, function, problem and date window."""

from datetime import UTC, datetime, timedelta

import pytest

from classify.model import Prediction
from core.city import load_city_profile
from reports.facts import SourcePost, analyse_post
from reports.incidents import (
    best_incident,
    combined_prediction,
    compare,
    days_apart,
    evidence,
    place_agreement,
)
from reports.locate import Location

CITY = load_city_profile("bontang")
T0 = datetime(2026, 11, 18, 13, 0, tzinfo=UTC)  # Wednesday 21:00 WITA


def pred(code="kebencanaan", kind="pengaduan", top3=None):
    return Prediction(kind, 0.9, code, 0.8, {}, top3 or ((code, 0.8),))


def ev(*posts):
    """Evidence for ``(text, hours after T0, prediction)`` tuples."""
    facts = [analyse_post(SourcePost(text, T0 + timedelta(hours=h), "telegram", f"u{i}"), CITY)
             for i, (text, h, _) in enumerate(posts)]
    return evidence(facts, [p for _, _, p in posts])


def same(a, b, pa=None, pb=None, hours=1):
    first, second = ev((a, 0, pa or pred()), (b, hours, pb or pred()))
    return compare(first, second).same_incident


def test_a_repost_is_the_same_incident():
    text = "Jl. Selat Gaspor Tanjung Laut banjir malam ini, air masuk rumah warga 40 cm"
    assert same(text, "RT @warga: " + text + " #banjir")
    # even when the classifier routed the copy elsewhere
    assert same(text, "Repost: " + text, pb=pred("pekerjaan_umum"))


def test_residents_in_their_own_words_about_one_place():
    assert same("Jl. Selat Gaspor Tanjung Laut banjir malam ini, air masuk rumah",
                "Tadi malam hujan deras, Jl Selat Gaspor Tanjung Laut terendam selutut",
                hours=10)


def test_the_same_problem_elsewhere_or_later_is_another_incident():
    assert not same("Air PDAM di Berbas Tengah mati sejak 3 hari",
                    "Air PDAM di Gunung Elai mati sejak 3 hari",
                    pred("air_minum"), pred("air_minum"))
    assert not same("Tadi malam listrik padam di Loktuan dari jam 7",
                    "Tadi malam listrik padam di Loktuan dari jam 7",
                    pred("listrik"), pred("listrik"), hours=24 * 14)


def test_another_problem_of_the_same_function_at_the_same_place_is_another_incident():
    assert not same("Air di Satimpo tidak mengalir sudah 4 hari",
                    "Air PDAM di Satimpo keruh dan bau kaporit",
                    pred("air_minum"), pred("air_minum"))
    assert not same("Ada ular sanca masuk rumah warga di Gunung Elai",
                    "Sarang tawon besar di depan rumah warga Gunung Elai",
                    pred("pemadam_kebakaran"), pred("pemadam_kebakaran"))


def test_unrelated_functions_do_not_merge():
    assert not same("Listrik padam di Loktuan tadi malam", "Sampah numpuk di Loktuan",
                    pred("listrik"), pred("lingkungan_hidup"))


def test_places_agree_differ_or_are_unknown():
    here = Location(street="Jalan Selat Gaspor", kelurahan="Tanjung Laut")
    assert place_agreement(here, Location(kelurahan="Tanjung Laut")) == "sama"
    assert place_agreement(here, Location(street="Jalan Pattimura")) == "berbeda"
    assert place_agreement(here, Location(kelurahan="Guntung")) == "berbeda"
    assert place_agreement(here, Location()) == "tidak_diketahui"


def test_an_ongoing_problem_spans_its_days():
    a, b = ev(("air mati sejak 4 hari di Satimpo", 0, pred("air_minum")),
              ("PDAM Satimpo mati total", 24 * 5, pred("air_minum")))
    assert days_apart(a.facts, b.facts) == 5  # 14..18 Nov, then 23 Nov
    c, d = ev(("air mati sejak 4 hari di Satimpo", 0, pred("air_minum")),
              ("PDAM Satimpo mati total", 24 * 2, pred("air_minum")))
    assert days_apart(c.facts, d.facts) == 2


def test_best_incident_picks_the_closest_and_none_when_nothing_fits():
    flood, road, new = ev(("Banjir di Guntung tadi malam", 0, pred()),
                          ("Jalan berlubang di Kanaan", 0, pred("pekerjaan_umum")),
                          ("Guntung kebanjiran tadi malam, rumah terendam", 2, pred()))
    assert best_incident(new, [[road], [flood]])[0] == 1
    assert best_incident(road, [[flood]]) is None


@pytest.mark.parametrize(("votes", "winner"), [
    ([pred("kebencanaan", top3=(("kebencanaan", 0.6), ("pekerjaan_umum", 0.3))),
      pred("pekerjaan_umum", top3=(("pekerjaan_umum", 0.5), ("kebencanaan", 0.4))),
      pred("kebencanaan", top3=(("kebencanaan", 0.7),))], "kebencanaan"),
])
def test_the_incident_goes_where_most_posts_point(votes, winner):
    assert combined_prediction(votes).opd_code == winner


def test_posts_routed_to_different_functions_need_closer_wording():
    flood = pred("kebencanaan", top3=(("kebencanaan", 0.6), ("pekerjaan_umum", 0.3)))
    a, b, c = ev(("Guntung kebanjiran tadi malam, air sepinggang di RT 5", 0, flood),
                 ("Banjir di Guntung tadi malam sepinggang, drainase meluap", 2,
                  pred("pekerjaan_umum")),
                 ("Parit di Guntung tersumbat sampah plastik", 2, pred("pekerjaan_umum")))
    assert compare(a, b).same_incident  # PU is the flood post's second choice
    assert not compare(a, c).same_incident
    assert not compare(a, ev(("Guntung banjir tadi malam, air sepinggang", 1,
                              pred("listrik")))[0]).same_incident  # not an alternative at all
