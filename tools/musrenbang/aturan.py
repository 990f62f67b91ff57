"""Every rule id that `validate` reports, with what it means, in Indonesian.

The catalogue is the one list of rules: the Panduan page is generated from it and
a test checks that every rule here is exercised by a case in tests/cases/ and
that no check reports a rule missing from here.
"""

from __future__ import annotations

# Rules of `validate`: one tree as it is.
RULES: dict[str, str] = {
    # Reading the file
    "yaml.sintaks": "Penulisan YAML tidak sah (indentasi, titik dua, tanda kutip).",
    "yaml.kosong": "Berkas kosong.",
    "yaml.kunci": "Nama isian harus teks biasa.",
    "yaml.kunci-ganda": "Isian yang sama ditulis dua kali dalam satu pemetaan.",
    "yaml.alias": "Anchor (&) dan alias (*) YAML tidak diizinkan.",
    "yaml.tag": "Tag YAML (!...) tidak diizinkan.",
    "yaml.banyak-dokumen": "Satu berkas hanya boleh berisi satu dokumen YAML.",
    "yaml.terlalu-besar": "Berkas melebihi batas ukuran.",
    "yaml.bukan-utf8": "Berkas harus berupa teks UTF-8.",
    "yaml.tidak-terbaca": "Berkas tidak dapat dibaca dari disk.",
    # JSON Schema
    "skema.required": "Isian wajib belum ada.",
    "skema.additionalProperties": "Isian tidak dikenal oleh skema.",
    "skema.type": "Jenis nilai salah (misalnya angka ditulis sebagai teks).",
    "skema.enum": "Nilai bukan salah satu pilihan yang sah.",
    "skema.pattern": "Nilai tidak sesuai bentuk yang diminta.",
    "skema.format": "Tanggal atau waktu tidak sah.",
    "skema.minimum": "Nilai terlalu kecil.",
    "skema.maximum": "Nilai terlalu besar.",
    "skema.exclusiveMinimum": "Nilai harus lebih besar dari batasnya.",
    "skema.minLength": "Teks terlalu pendek atau kosong.",
    "skema.maxLength": "Teks terlalu panjang.",
    "skema.minItems": "Daftar terlalu pendek.",
    "skema.maxItems": "Daftar terlalu panjang.",
    "skema.uniqueItems": "Daftar berisi butir yang berulang.",
    # Layout of proposals/
    "tata-letak.tidak-dikenal": "Berkas atau folder di luar tata letak proposals/.",
    "tata-letak.tautan": "Tautan simbolik tidak diizinkan di proposals/.",
    "tata-letak.desa-tidak-dikenal": "Folder desa tidak ada di sop/wilayah.yaml.",
    "tata-letak.nama-usulan": "Nama berkas usulan tidak sesuai pola <nn>-<judul-singkat>.yaml.",
    "tata-letak.tanpa-berkas": "Folder desa berisi usulan tanpa berkas.yaml.",
    # Berkas
    "berkas.desa-tidak-cocok": "Isian desa berbeda dengan nama folder.",
    "berkas.nomor-agenda-ganda": "Nomor agenda dipakai dua berkas dalam satu tahun.",
    "berkas.nomor-agenda-loncat": "Nomor agenda melompat: buku register diisi berurutan.",
    "disposisi.langkah-tidak-dikenal": "Langkah disposisi bukan langkah SOP yang dicatat pada berkas.",
    "disposisi.urutan": "Disposisi tidak mengikuti urutan langkah SOP.",
    # Usulan
    "usulan.prioritas-ganda": "Nomor prioritas dipakai dua usulan satu desa.",
    "usulan.prioritas-loncat": "Nomor prioritas desa melompat.",
    "langkah.terlewat": "Langkah dicatat sebelum langkah SOP sebelumnya selesai.",
    "klasifikasi.bidang-tidak-dikenal": "Bidang klasifikasi tidak ada di SOP.",
    # People and roles
    "oleh.tidak-dikenal": "Petugas tidak ada di sop/petugas.yaml.",
    "oleh.peran-salah": "Petugas tidak memegang peran yang dibutuhkan langkah ini.",
    "kepada.peran-tidak-dikenal": "Peran tujuan tidak dikenal SOP.",
    "kepada.tidak-sesuai-sop": "Tujuan disposisi berbeda dengan yang ditetapkan SOP.",
    # Times
    "waktu.urutan": "Waktu sebuah langkah lebih awal daripada langkah sebelumnya.",
    "waktu.masa-depan": "Waktu yang dicatat ada di masa depan.",
    # Forum
    "musrenbang.tahun-tidak-cocok": "Tahun forum berbeda dengan folder tahunnya.",
    "musrenbang.usulan-tidak-ada": "Forum merujuk usulan yang tidak ada.",
    "musrenbang.desa-tidak-dikenal": "Forum menyebut desa yang tidak ada di wilayah.",
    "musrenbang.kriteria-tidak-dikenal": "Skor memakai kriteria yang tidak ada di sop/kriteria.yaml.",
    "musrenbang.hasil-ganda": "Satu usulan mendapat lebih dari satu hasil.",
    "musrenbang.lolos-tidak-layak": "Usulan yang tidak diperiksa layak dinyatakan lolos.",
    "musrenbang.hasil-berbeda": "Hasil tertulis berbeda dengan hitungan ulang 'musrenbang seleksi'.",
    "musrenbang.berkas-belum-siap": "Forum dicatat sebelum berkas desa selesai disposisi, tanpa keterangan absen.",
    # Forge set-up
    "forge.codeowners-usang": ".github/CODEOWNERS tidak sesuai dengan sop/petugas.yaml.",
    # Reference data in sop/
    "referensi.tidak-ada": "Berkas referensi di sop/ tidak ada.",
    "referensi.id-ganda": "Id, slug, kode, akun atau e-mail ditulis dua kali.",
    "referensi.peran-tidak-dikenal": "Peran tidak ada di daftar peran SOP.",
    "referensi.desa-wajib": "Operator desa tanpa desa.",
    "referensi.desa-tidak-dikenal": "Petugas merujuk desa yang tidak ada di wilayah.",
    "referensi.kode-wilayah": "Kode desa tidak berada di bawah kode kecamatan.",
    "referensi.langkah-urutan": "Nomor langkah SOP tidak berurutan.",
}

# Rules of `check` and `audit` (and the staff commands): each change in history.
CHECK_RULES: dict[str, str] = {
    "alur.langkah-tidak-sah": "Langkah dicatat bukan pada gilirannya menurut SOP.",
    "identitas.peran": "Perubahan dibuat oleh petugas yang tidak memegang peran langkah itu.",
    "identitas.bukan-pembuat": "Isian 'oleh' menyebut petugas lain daripada pembuat perubahan.",
    "identitas.tidak-terverifikasi": "Pembuat perubahan tidak dapat dipastikan (tanpa tanda tangan atau pull request).",
    "identitas.sop-tanpa-pengesah": "Perubahan sop/ tanpa persetujuan atau tanda tangan pengesah (Camat).",
    "riwayat.dihapus": "Catatan yang sudah diterima dihapus.",
    "riwayat.diganti-nama": "Catatan yang sudah diterima diganti nama.",
    "riwayat.nomor-agenda-diubah": "Nomor agenda berkas yang sudah diterima diubah.",
    "riwayat.nomor-agenda-dipakai": "Nomor agenda berkas baru sudah dipakai berkas lain.",
    "riwayat.disposisi-diubah": "Disposisi yang sudah tercatat diubah atau dihapus.",
    "riwayat.langkah-diubah": "Klasifikasi atau pemeriksaan yang sudah tercatat diubah.",
    "riwayat.koreksi-diubah": "Koreksi yang sudah tercatat diubah.",
    "riwayat.isi-dibekukan": "Isi catatan diubah sesudah langkah 1 tanpa koreksi oleh pencatat.",
    "riwayat.usulan-terlambat": "Usulan baru ditambahkan sesudah berkasnya didisposisi Camat.",
}


def known(rule: str) -> bool:
    return rule in RULES or rule in CHECK_RULES or rule.startswith("skema.")
