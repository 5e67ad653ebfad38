"""``jaring model`` as an analyst uses it, on SQLite and PostgreSQL."""

import json
import shutil

from sqlalchemy import select

from models import AuditEvent, ModelVersion
from models.tables import Label
from tests.classify.conftest import run_cli, write_csv

TRAIN_ROWS = [
    '"jembatan kayu di gang kami patah, anak sekolah lewat situ tiap hari",pengaduan,'
    'pekerjaan_umum',
    '"pipa pdam bocor depan rumah sudah 2 minggu, air terbuang",pengaduan,air_minum',
    '"lampu jalan di simpang tiga mati semua, gelap sekali malam",pengaduan,perhubungan',
    '"ada ular masuk ke dapur rumah warga, mohon damkar datang",pengaduan,pemadam_kebakaran',
]
TEST_ROWS = [
    '"jalan berlubang di depan sekolah belum diperbaiki",pengaduan,pekerjaan_umum',
    '"air pdam tidak mengalir sejak kemarin pagi",pengaduan,air_minum',
    '"token listrik error tidak bisa diisi",pengaduan,listrik',
    '"selamat ulang tahun kota bontang",bukan_laporan,',
    '"baris tanpa label opd",,',
]


def test_train_evaluate_list_promote_and_rollback(use_db, factory, tmp_path, capsys):
    train = write_csv(tmp_path / "latih.csv", "text,report_type,opd_code", TRAIN_ROWS)
    test = write_csv(tmp_path / "uji.csv", "text,report_type,opd_code", TEST_ROWS)
    code, out, err = run_cli(capsys, "model", "train", "--target", "opd", "--data", str(train),
                             "--out", str(tmp_path / "m1"), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["other_part"] == "korpus benih" and first["n_examples"] > 900
    # A small file is no source of its own: the designed weight, and the reason, are reported.
    assert first["chosen"]["scheme"] == "default" and first["chosen"]["weight"] == 0.6
    assert (tmp_path / "m1" / "model.joblib").is_file()

    code, out, err = run_cli(capsys, "model", "evaluate", "--model", str(tmp_path / "m1"),
                             "--target", "opd", "--data", str(test), "--json")
    assert code == 0, err
    result = json.loads(out)  # exactly one JSON object
    assert result["n"] == 3  # the rows without an opd_code are skipped
    assert {"macro_f1", "accuracy", "top3_accuracy", "per_class", "confusion"} <= set(result)
    assert set(result["per_class"]) == {"pekerjaan_umum", "air_minum", "listrik"}
    assert result["top3_accuracy"] == 1.0
    code, out, _ = run_cli(capsys, "model", "evaluate", "--model", str(tmp_path / "m1"),
                           "--target", "type", "--data", str(test), "--json")
    assert json.loads(out)["n"] == 4 and "top3_accuracy" not in json.loads(out)

    code, out, _ = run_cli(capsys, "model", "promote", first["version"], "--operator", "ani")
    assert code == 0 and first["version"] in out
    code, out, err = run_cli(capsys, "model", "train", "--target", "type", "--data", str(train),
                             "--no-seed", "--out", str(tmp_path / "m2"), "--json")
    assert code == 1 and err.startswith("Galat:") and "1 label" in err  # one type only
    code, out, err = run_cli(capsys, "model", "train", "--target", "type", "--out",
                             str(tmp_path / "m2"), "--json")
    assert code == 0, err
    second = json.loads(out)
    assert second["other_part"] == f"model aktif {first['version']}"
    run_cli(capsys, "model", "promote", second["version"], "--operator", "ani")

    code, out, _ = run_cli(capsys, "model", "list", "--json")
    listed = {row["version"]: row for row in json.loads(out)}
    assert listed[second["version"]]["active"] and not listed[first["version"]]["active"]
    assert listed[first["version"]]["trigger"] == "cli"
    code, out, _ = run_cli(capsys, "model", "rollback", "--operator", "ani")
    assert code == 0 and first["version"] in out
    with factory() as session:
        active = session.scalar(select(ModelVersion).where(ModelVersion.is_active))
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_type == "model_version")).all()
    assert active.version == first["version"]
    assert actions == ["promosi_model", "promosi_model", "promosi_model"]


def test_import_labels_is_idempotent_and_updates_changes(use_db, factory, tmp_path, capsys):
    path = write_csv(tmp_path / "label.csv", "text,report_type,opd_code", TRAIN_ROWS)
    code, out, err = run_cli(capsys, "model", "import-labels", str(path))
    assert code == 0, err
    assert "4 baru" in out
    changed = [*TRAIN_ROWS[:-1], TRAIN_ROWS[-1].replace("pemadam_kebakaran", "lainnya")]
    write_csv(path, "text,report_type,opd_code", changed)
    code, out, _ = run_cli(capsys, "model", "import-labels", str(path))
    assert "0 baru, 1 diperbarui, 3 sama" in out
    with factory() as session:
        assert session.query(Label).count() == 4


def test_bad_input_is_one_clear_line(use_db, trained_model, tmp_path, capsys):
    no_columns = write_csv(tmp_path / "salah.csv", "judul,isi", ["a,b"])
    unknown = write_csv(tmp_path / "asing.csv", "text,opd_code", ["halo,dinas_x"])
    wrong_target = write_csv(tmp_path / "jenis.csv", "text,report_type", ["halo,pengaduan"])
    broken = tmp_path / "rusak"
    shutil.copytree(trained_model.path, broken)
    (broken / "model.joblib").write_bytes(b"bukan model")
    cases = [
        (("model", "import-labels", str(no_columns)), "perlu kolom"),
        (("model", "import-labels", str(tmp_path / "tidakada.csv")), "tidak ditemukan"),
        (("model", "train", "--target", "opd", "--data", str(unknown), "--out",
          str(tmp_path / "x")), "tidak dikenal"),
        (("model", "train", "--target", "lokasi", "--out", str(tmp_path / "x")), "Target"),
        (("model", "evaluate", "--model", str(trained_model.path), "--target", "opd",
          "--data", str(wrong_target)), "opd_code"),
        (("model", "evaluate", "--model", str(broken), "--target", "opd", "--data",
          str(unknown)), "checksum"),
        (("model", "evaluate", "--model", str(tmp_path / "kosong"), "--target", "opd",
          "--data", str(unknown)), "tidak ditemukan"),
        (("model", "promote", "versi-tidak-ada"), "tidak ada"),
        (("model", "rollback"), "sebelumnya"),
    ]
    for args, message in cases:
        code, _, err = run_cli(capsys, *args)
        assert code == 1, args
        assert err.startswith("Galat:") and message in err and "Traceback" not in err, err


def test_the_chosen_setting_is_said_in_indonesian():
    from jaring.model_cli import describe_choice

    line = describe_choice({"weight": 0.8, "scheme": "leave-one-source-out",
                            "sources": ["a.csv", "b.csv"]})
    assert "0.8" in line and "benih" not in line
    line = describe_choice({"weight": 0.5, "reference_weight": 0.3, "scheme": "cross-validation",
                            "sources": ["a.csv"]})
    assert "prior profil OPD: 0.5; model korpus benih: 0.3" in line
    line = describe_choice({"offsets": [["aspirasi", 1.5]], "scheme": "cross-validation",
                            "macro_f1": {"without": 0.5, "with": 0.58}})
    assert "aspirasi +1.50" in line and "0.500 → 0.580" in line and "validasi silang" in line
    assert "tidak ada" in describe_choice({"offsets": [], "scheme": "default"})
    routing = describe_choice({"weight": 0.6, "scheme": "default", "sources": []})
    assert "0.6" in routing and "1.000 baris" in routing and "200 baris" in routing
    assert "lebih, atau satu sumber" in routing
    assert "penyaring" not in line  # the seed counts fully in the gate: nothing to say
    gate = describe_choice({"offsets": [], "reference_gate_weight": 0.25,
                            "scheme": "cross-validation"})
    assert "tidak ada" in gate and "Bobot korpus benih di penyaring 'laporan atau bukan': 0.25" \
        in gate
    assert describe_choice(None).startswith("Tanpa")
