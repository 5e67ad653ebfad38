"""Domain vocabulary shared by every stage: report types, statuses, function codes."""

from enum import StrEnum


class ReportType(StrEnum):
    """LAPOR! report classification (klasifikasi laporan)."""

    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    PERMINTAAN_INFORMASI = "permintaan_informasi"
    BUKAN_LAPORAN = "bukan_laporan"


REPORT_TYPES: tuple[str, ...] = tuple(t.value for t in ReportType)

#: Portable government functions (urusan), the routing label; see TAXONOMY.md.
FUNCTION_CODES: tuple[str, ...] = (
    "pekerjaan_umum",
    "perumahan_permukiman",
    "lingkungan_hidup",
    "perhubungan",
    "kesehatan",
    "pendidikan",
    "sosial",
    "kependudukan",
    "ketertiban",
    "kebencanaan",
    "pemadam_kebakaran",
    "air_minum",
    "perizinan",
    "ketenagakerjaan",
    "ekonomi",
    "komunikasi_informatika",
    "pemerintahan_umum",
    "kepolisian",
    "listrik",
    "lainnya",
)


class Privacy(StrEnum):
    """LAPOR! privacy options; harvested authors never chose to report, so drafts are rahasia."""

    RAHASIA = "rahasia"
    ANONIM = "anonim"
    BIASA = "biasa"


class DraftStatus(StrEnum):
    """Where a draft stands in the operator's review queue."""

    MENUNGGU = "menunggu_tinjauan"
    DIKONFIRMASI = "dikonfirmasi"
    DITOLAK = "ditolak"


class RecordStatus(StrEnum):
    """Lifecycle of an official record after the operator verified it."""

    DITERUSKAN = "diteruskan"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"
    DIARSIPKAN = "diarsipkan"


class AuditAction(StrEnum):
    """Actions written to the audit log."""

    CONFIRM = "konfirmasi"
    REJECT = "tolak"
    EDIT = "ubah"
    REROUTE = "alihkan"
    PRIVACY_EXPORT = "privasi_ekspor"
    PRIVACY_FORGET = "privasi_hapus"
