"""Every rule id that `validate` and `check` report: what it means, an example of
its message and how to fix it, in Indonesian.

The catalogue is the one list of rules: the Panduan page of the site is generated
from it, a test checks that every rule in `RULES` is exercised by a case in
tests/cases/, and another that no check reports a rule missing from here.

`contoh` is a message as the tool prints it after `[rule]` (taken from the test
cases); `perbaikan` says what the person who wrote the record does about it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Aturan:
    arti: str  # what the rule means
    contoh: str  # an example message, as printed after "[rule]"
    perbaikan: str  # how to fix it


A = Aturan

# Rules of `validate`: one tree as it is.
RULES: dict[str, Aturan] = {
    # Reading the file
    "yaml.sintaks": A(
        "Penulisan YAML tidak sah (indentasi, titik dua, tanda kutip).",
        "Penulisan YAML tidak sah: titik dua ':' di tempat yang tidak semestinya (beri tanda kutip pada teks "
        "yang memuat ': ').",
        "Buka baris yang disebut. Indentasi memakai spasi (bukan tab), setiap nama isian diikuti titik dua dan "
        "spasi, dan teks yang memuat ': ' atau '#' diberi tanda kutip yang berpasangan."),
    "yaml.kosong": A(
        "Berkas kosong.",
        "Berkas kosong.",
        "Isi berkas dengan data sesuai skemanya: salin templat dari proposals/_templat/ lalu ganti nilainya."),
    "yaml.kunci": A(
        "Nama isian harus teks biasa.",
        "Kunci (nama isian) harus berupa teks biasa.",
        "Tulis nama isian sebagai kata biasa diikuti titik dua, misalnya 'judul: ...'; jangan memakai angka, "
        "daftar atau '?' sebagai nama isian."),
    "yaml.kunci-ganda": A(
        "Isian yang sama ditulis dua kali dalam satu pemetaan.",
        "Isian 'judul' ditulis dua kali (pertama di baris 1).",
        "Hapus salah satunya; setiap isian hanya boleh ada sekali pada tingkat yang sama."),
    "yaml.alias": A(
        "Anchor (&) dan alias (*) YAML tidak diizinkan.",
        "Anchor YAML '&krajan' tidak diizinkan.",
        "Hapus '&nama' dan '*nama'; tulis setiap nilai secara lengkap di tempatnya."),
    "yaml.tag": A(
        "Tag YAML (!...) tidak diizinkan.",
        "Tag YAML 'tag:yaml.org,2002:python/object:os.system' tidak diizinkan.",
        "Hapus tag (kata yang diawali '!') dan tulis nilai biasa, misalnya angka tanpa tanda kutip."),
    "yaml.banyak-dokumen": A(
        "Satu berkas hanya boleh berisi satu dokumen YAML.",
        "Berkas berisi lebih dari satu dokumen YAML (pemisah '---').",
        "Simpan satu catatan per berkas: hapus baris '---' dan pindahkan dokumen kedua ke berkasnya sendiri."),
    "yaml.terlalu-besar": A(
        "Berkas melebihi batas ukuran.",
        "Berkas terlalu besar (300.010 bita; batas 262.144 bita).",
        "Catatan usulan cukup beberapa kilobita: simpan foto, RAB dan PDF di folder lampiran/ dan sebut namanya "
        "di isian 'lampiran'."),
    "yaml.bukan-utf8": A(
        "Berkas harus berupa teks UTF-8.",
        "Berkas bukan teks UTF-8.",
        "Simpan ulang berkas dengan pengodean UTF-8 (pilihan 'UTF-8' di penyunting teks); jangan menyimpan dari "
        "pengolah kata."),
    "yaml.tidak-terbaca": A(
        "Berkas tidak dapat dibaca dari disk.",
        "Berkas tidak dapat dibaca: Permission denied.",
        "Periksa izin berkas (harus dapat dibaca) dan coba lagi; berkas di forge selalu dapat dibaca."),
    "yaml.karakter-kendali": A(
        "Teks memuat karakter kendali (C0/C1, DEL) atau karakter pembalik arah tulisan (U+202A-U+202E, "
        "U+2066-U+2069): karakter ini mengacaukan terminal dan lembar kerja, dan dapat membuat teks terbaca lain "
        "dari isinya.",
        "Teks memuat karakter kendali atau pembalik arah tulisan (U+202E).",
        "Hapus karakter itu (sering ikut tersalin dari aplikasi lain) dan tulis teks biasa."),
    "yaml.angka-tidak-sah": A(
        "Angka tak terhingga (.inf), bukan-angka (.nan), atau terlalu besar untuk dibaca tepat (lebih dari "
        "9.007.199.254.740.991).",
        "Angka '.nan' bukan bilangan terhingga.",
        "Tulis angka biasa, misalnya 350 atau 2.5."),
    # JSON Schema
    "skema.required": A(
        "Isian wajib belum ada.",
        "Isian wajib 'judul' (Judul kegiatan) belum ada.",
        "Tambahkan isian yang disebut, misalnya 'judul: ...', dengan nilai seperti pada templat."),
    "skema.additionalProperties": A(
        "Isian tidak dikenal oleh skema.",
        "Isian 'anggaran' tidak dikenal di sini.",
        "Periksa ejaan nama isian (petunjuk menyebut nama yang mirip) atau hapus isian itu; catatan bebas ditulis "
        "sebagai komentar yang diawali '#'."),
    "skema.propertyNames": A(
        "Nama isian tidak sah di tempat itu (misalnya slug desa ditulis dengan huruf besar).",
        "Nama isian 'Denok' tidak sah di sini.",
        "Gunakan slug dari sop/wilayah.yaml: huruf kecil, angka dan tanda hubung, misalnya labruk-lor."),
    "skema.type": A(
        "Jenis nilai salah (misalnya angka ditulis sebagai teks).",
        "'perkiraan_biaya' harus berupa bilangan bulat, bukan Rp 80.000.000.",
        "Angka ditulis tanpa titik ribuan, 'Rp' atau tanda kutip (175000000); RT/RW dan teks yang berupa angka "
        "ditulis di antara tanda kutip (\"002\")."),
    "skema.enum": A(
        "Nilai bukan salah satu pilihan yang sah.",
        "Nilai fisk tidak dikenal untuk 'usulan_bidang'.",
        "Pilih salah satu nilai yang disebut di petunjuk, misalnya fisik, ekonomi atau sosial-budaya."),
    "skema.pattern": A(
        "Nilai tidak sesuai bentuk yang diminta.",
        "Nilai 350810120180001 untuk 'nik' tidak sesuai bentuk yang diminta.",
        "Tulis nilai dengan bentuk yang dijelaskan di petunjuk, misalnya NIK 16 angka di antara tanda kutip."),
    "skema.format": A(
        "Tanggal atau waktu tidak sah.",
        "2025-13-01 bukan tanggal yang sah untuk 'tanggal'.",
        "Tanggal ditulis TTTT-BB-HH (2025-01-10); waktu ditulis lengkap dengan zona, "
        "misalnya 2025-01-13T08:30:00+07:00 (WIB)."),
    "skema.minimum": A(
        "Nilai terlalu kecil.",
        "'penerima_manfaat': paling kecil 0 (sekarang -5).",
        "Ubah nilainya agar tidak kurang dari batas yang disebut."),
    "skema.maximum": A(
        "Nilai terlalu besar.",
        "'koordinat': paling besar 6 (sekarang 60.5).",
        "Ubah nilainya agar tidak melebihi batas yang disebut; koordinat ditulis [lintang, bujur] dalam derajat "
        "desimal."),
    "skema.exclusiveMinimum": A(
        "Nilai harus lebih besar dari batasnya.",
        "'volume': harus lebih dari 0 (sekarang 0).",
        "Isi dengan angka yang lebih besar dari batasnya, misalnya volume 350."),
    "skema.minLength": A(
        "Teks terlalu pendek atau kosong.",
        "'satuan': panjang paling sedikit 1 (sekarang 0).",
        "Isi teksnya; isian yang tidak dipakai dan tidak wajib boleh dihapus."),
    "skema.maxLength": A(
        "Teks terlalu panjang.",
        "'judul': panjang paling banyak 200 (sekarang 244).",
        "Persingkat teksnya; uraian panjang ditulis di 'permasalahan' atau 'catatan'."),
    "skema.minItems": A(
        "Daftar terlalu pendek.",
        "'koordinat': jumlah butir paling sedikit 2 (sekarang 1).",
        "Lengkapi daftarnya sampai jumlah yang diminta, misalnya koordinat [lintang, bujur]."),
    "skema.maxItems": A(
        "Daftar terlalu panjang.",
        "'koordinat': jumlah butir paling banyak 2 (sekarang 3).",
        "Hapus butir yang berlebih."),
    "skema.uniqueItems": A(
        "Daftar berisi butir yang berulang.",
        "'peran' berisi butir yang sama lebih dari sekali.",
        "Hapus butir yang berulang."),
    # Layout of proposals/
    "tata-letak.tidak-dikenal": A(
        "Berkas atau folder di luar tata letak proposals/.",
        "Berkas 'catatan.txt' tidak dikenal di folder desa.",
        "Folder desa hanya berisi berkas.yaml, <nn>-<judul>.yaml dan folder lampiran/; pindahkan berkas lain ke "
        "lampiran/ atau hapus."),
    "tata-letak.tautan": A(
        "Tautan simbolik tidak diizinkan di proposals/.",
        "Tautan simbolik tidak diizinkan di proposals/.",
        "Ganti tautan dengan berkas yang sebenarnya."),
    "tata-letak.tersembunyi": A(
        "Berkas atau folder tersembunyi (nama diawali titik) di proposals/: tidak diperiksa dan tidak terlihat di "
        "antarmuka web, tetapi ikut terbit di repositori.",
        "'.cadangan.yaml' tersembunyi (namanya diawali titik).",
        "Hapus berkas itu, atau ganti namanya tanpa titik di depan. Hanya '.gitkeep' yang diizinkan."),
    "tata-letak.lampiran-terlalu-dalam": A(
        "Folder lampiran bertingkat terlalu dalam.",
        "Folder lampiran bertingkat lebih dari 4 lapis.",
        "Simpan lampiran langsung di lampiran/ atau satu-dua subfolder."),
    "tata-letak.desa-tidak-dikenal": A(
        "Folder desa tidak ada di sop/wilayah.yaml.",
        "Folder 'labruklor' bukan desa/kelurahan di sop/wilayah.yaml.",
        "Ganti nama folder menjadi slug desa dari sop/wilayah.yaml (petunjuk menyebut yang mirip), "
        "misalnya labruk-lor."),
    "tata-letak.nama-usulan": A(
        "Nama berkas usulan tidak sesuai pola <nn>-<judul-singkat>.yaml.",
        "Berkas '02-taman-baca.yml' harus berakhiran .yaml.",
        "Ganti nama berkas: dua angka nomor prioritas (01, 02, ...), tanda hubung, judul singkat huruf kecil, "
        "akhiran .yaml; misalnya 02-taman-baca.yaml."),
    "tata-letak.tanpa-berkas": A(
        "Folder desa berisi usulan tanpa berkas.yaml.",
        "Folder proposals/2025/denok/ berisi usulan tanpa berkas.yaml.",
        "Tambahkan berkas.yaml (surat pengantar dan nomor agenda) dari proposals/_templat/berkas.yaml."),
    "tanggal.di-luar-tahun": A(
        "Tanggal yang menempatkan catatan di tahunnya (surat, musrenbang desa, diterima, forum) jatuh di tahun lain.",
        "Tanggal 2025-01-08 pada 'musrenbang_desa.tanggal' di luar tahun register 2026: seharusnya antara "
        "2025-10-01 dan 2026-12-31.",
        "Perbaiki tahunnya (sering tertinggal dari templat atau dari berkas tahun lalu), atau pindahkan "
        "catatan ke folder tahunnya."),
    "usulan.biaya-terlalu-kecil": A(
        "Perkiraan biaya lebih kecil dari batas wajar di sop/kriteria.yaml (peringatan).",
        "Perkiraan biaya Rp175 lebih kecil dari batas wajar Rp5.000.000 untuk satu usulan.",
        "Tulis biaya dalam rupiah penuh tanpa titik (175000000 untuk Rp175.000.000); bila biayanya memang "
        "sekecil itu, abaikan; batasnya diatur di biaya_minimal pada sop/kriteria.yaml."),
    # Berkas
    "berkas.desa-tidak-cocok": A(
        "Isian desa berbeda dengan nama folder.",
        "Berkas ini ada di folder 'denok' tetapi berisi 'desa: labruk-lor'.",
        "Tulis slug folder pada isian 'desa', atau pindahkan berkas ke folder desanya."),
    "berkas.nomor-agenda-ganda": A(
        "Nomor agenda dipakai dua berkas dalam satu tahun.",
        "Nomor agenda 1 sudah dipakai oleh proposals/2025/banjarwaru/berkas.yaml.",
        "Pakai nomor agenda berikutnya yang bebas (disebut di petunjuk); nomor berkas yang lebih dulu tidak "
        "diubah."),
    "berkas.nomor-agenda-loncat": A(
        "Nomor agenda melompat: buku register diisi berurutan.",
        "Nomor agenda 3 melompati nomor 2: buku register diisi berurutan tanpa loncatan.",
        "Pakai nomor agenda terkecil yang belum terpakai tahun itu (disebut di petunjuk)."),
    "disposisi.langkah-tidak-dikenal": A(
        "Langkah disposisi bukan langkah SOP yang dicatat pada berkas.",
        "Langkah 3 bukan disposisi pada berkas menurut SOP.",
        "Isian 'langkah' pada disposisi hanya nomor langkah berkas menurut SOP (langkah Camat dan Kasi); "
        "langkah berikutnya dicatat pada berkas usulan."),
    "disposisi.urutan": A(
        "Disposisi tidak mengikuti urutan langkah SOP.",
        "Disposisi ini adalah langkah 2, padahal menurut SOP langkah 1 yang harus dicatat di sini.",
        "Tulis disposisi berurutan sesuai SOP, tanpa melewati atau mengulang langkah; tunggu disposisi Camat "
        "sebelum menambah disposisi Kasi."),
    # Usulan
    "usulan.prioritas-ganda": A(
        "Nomor prioritas dipakai dua usulan satu desa.",
        "Nomor prioritas 01 sudah dipakai oleh proposals/2025/denok/01-penerangan-gang.yaml.",
        "Ganti nama salah satu berkas dengan nomor prioritas berikutnya yang bebas."),
    "usulan.prioritas-loncat": A(
        "Nomor prioritas desa melompat.",
        "Nomor prioritas 03 melompati nomor 02.",
        "Ganti nama berkas agar nomor prioritas berurutan mulai 01 tanpa loncatan."),
    "langkah.terlewat": A(
        "Langkah dicatat sebelum langkah SOP sebelumnya selesai.",
        "Langkah 3 (klasifikasi) dicatat sebelum langkah 1, 2 selesai.",
        "Hapus catatan langkah itu dan tunggu sampai langkah sebelumnya (disposisi pada berkas.yaml) "
        "dicatat, lalu tambahkan lagi."),
    "klasifikasi.bidang-tidak-dikenal": A(
        "Bidang klasifikasi tidak ada di SOP.",
        "Bidang 'sosial-budaya' tidak ada di SOP.",
        "Pilih bidang yang ada di sop/musrenbang-kecamatan.yaml (petunjuk menyebut pilihannya)."),
    # Personal data
    "privasi.tidak-terenkripsi": A(
        "Data pribadi (isian bertanda x-publik: false, misalnya NIK dan telepon pengusul) tertulis terbuka. "
        "Register ini publik: setiap clone dan riwayat git menyimpannya selamanya.",
        "Isian pengusul.nik adalah data pribadi dan tertulis terbuka.",
        "Pencatat menjalankan 'musrenbang privasi enkripsi BERKAS' (isian dipindah ke data_pribadi sebagai sandi "
        "age untuk pembaca data pribadi), lalu commit. Desa memakai formulir Ajukan Usulan, yang mengenkripsi di peramban."),
    "privasi.sandi-rusak": A(
        "data_pribadi.sandi bukan berkas age ber-armor yang utuh (terpotong, disunting, atau format lain).",
        "Sandi data pribadi bukan berkas age yang utuh: tidak diawali '-----BEGIN AGE ENCRYPTED FILE-----' dan "
        "diakhiri '-----END AGE ENCRYPTED FILE-----'.",
        "Jangan menyunting teks sandi. Pembaca yang masih memegang data aslinya membuat ulang sandi dengan formulir "
        "Ajukan Usulan atau 'musrenbang privasi enkripsi'; bila sandi lama utuh di riwayat, kembalikan dari sana."),
    "privasi.penerima-salah": A(
        "Sandi data pribadi tidak ditujukan tepat kepada pembaca sekarang: daftar penerima berbeda dengan kunci_age "
        "pemegang peran pembaca di sop/petugas.yaml, atau jumlah penerima di kepala sandi berbeda dengan daftarnya.",
        "Sandi data pribadi tidak ditujukan tepat kepada pembaca data pribadi sekarang: belum ditujukan kepada pencatat.",
        "Sesudah pembaca berganti (misalnya Camat baru), pencatat menjalankan 'musrenbang privasi ulang --identitas "
        "BERKAS-KUNCI': sandi dibuka dengan kuncinya dan dibuat ulang untuk pembaca sekarang, dicatat sebagai koreksi."),
    "privasi.pembaca-tanpa-kunci": A(
        "Peringatan: pemegang peran pembaca data pribadi (SOP: data_pribadi.pembaca) belum punya kunci_age di "
        "sop/petugas.yaml, sehingga data pribadi belum dapat ditujukan kepadanya.",
        "Petugas 'pencatat' membaca data pribadi (peran pencatat) tetapi belum punya kunci_age.",
        "Petugas itu membuat kunci dengan 'age-keygen -o kunci.txt', menyimpan berkasnya sendiri (tidak di register), "
        "dan menulis kunci publiknya (age1...) di kunci_age; lalu pencatat menjalankan 'musrenbang privasi ulang'."),
    # People and roles
    "oleh.tidak-dikenal": A(
        "Petugas tidak ada di sop/petugas.yaml.",
        "Petugas 'camatt' tidak ada di sop/petugas.yaml.",
        "Tulis id petugas persis seperti di sop/petugas.yaml (petunjuk menyebut yang mirip); petugas baru "
        "ditambahkan ke sop/petugas.yaml dengan persetujuan Camat."),
    "oleh.peran-salah": A(
        "Petugas tidak memegang peran yang dibutuhkan langkah ini.",
        "Pemeriksaan usulan harus oleh pemegang peran kasubid-fisik; 'kasubid-ekonomi' berperan kasubid-ekonomi.",
        "Langkah ini diambil oleh petugas yang memegang perannya (disebut di petunjuk); tulis id petugas itu "
        "pada 'oleh'."),
    "kepada.peran-tidak-dikenal": A(
        "Peran tujuan tidak dikenal SOP.",
        "Peran 'kassi' tidak dikenal di SOP.",
        "Tulis id peran dari daftar peran di sop/musrenbang-kecamatan.yaml, misalnya kasi."),
    "kepada.tidak-sesuai-sop": A(
        "Tujuan disposisi berbeda dengan yang ditetapkan SOP.",
        "Menurut SOP, langkah ini ditujukan kepada kasi, bukan 'pencatat'.",
        "Ganti nilai 'kepada' dengan peran yang ditetapkan SOP untuk langkah ini (disebut di pesan)."),
    # Times
    "waktu.urutan": A(
        "Waktu sebuah langkah lebih awal daripada langkah sebelumnya.",
        "Waktu disposisi langkah 2 (2025-01-13T08:32:00+07:00) lebih awal daripada disposisi langkah 1 "
        "(2025-01-13T08:34:00+07:00).",
        "Periksa tanggal dan jamnya: setiap langkah terjadi sesudah langkah sebelumnya. Bila ragu, hapus "
        "'waktu': waktu commit yang dipakai."),
    "waktu.masa-depan": A(
        "Waktu yang dicatat ada di masa depan.",
        "Waktu diterima (2099-01-14T09:00:00+07:00) ada di masa depan.",
        "Periksa tahun, bulan, jam dan zona waktu (+07:00 untuk WIB); catat waktu yang sudah terjadi."),
    # Forum
    "musrenbang.tahun-tidak-cocok": A(
        "Tahun forum berbeda dengan folder tahunnya.",
        "Berkas ada di folder 2025 tetapi berisi 'tahun: 2024'.",
        "Samakan isian 'tahun' dengan nama folder tahunnya."),
    "musrenbang.usulan-tidak-ada": A(
        "Forum merujuk usulan yang tidak ada.",
        "Usulan 'banjarwaru/03' tidak ada di proposals/2025/.",
        "Rujuk usulan sebagai <desa>/<nomor prioritas>, misalnya banjarwaru/02, sesuai berkas yang ada."),
    "musrenbang.desa-tidak-dikenal": A(
        "Forum menyebut desa yang tidak ada di wilayah.",
        "Desa/kelurahan 'denokk' tidak ada di sop/wilayah.yaml.",
        "Tulis slug desa persis seperti di sop/wilayah.yaml."),
    "musrenbang.kriteria-tidak-dikenal": A(
        "Skor memakai kriteria yang tidak ada di sop/kriteria.yaml.",
        "Kriteria 'dampak' tidak ada di sop/kriteria.yaml.",
        "Pakai nama kriteria dari sop/kriteria.yaml (petunjuk menyebut pilihannya)."),
    "musrenbang.hasil-ganda": A(
        "Satu usulan mendapat lebih dari satu hasil.",
        "Usulan 'banjarwaru/01' muncul lebih dari sekali di hasil.",
        "Jangan menyunting hasil dengan tangan: jalankan 'musrenbang seleksi TAHUN --tulis'."),
    "musrenbang.lolos-tidak-layak": A(
        "Usulan yang tidak diperiksa layak dinyatakan lolos.",
        "Usulan 'banjarwaru/02' dinyatakan lolos padahal hasil pemeriksaannya tidak layak.",
        "Hanya usulan yang diperiksa layak yang dapat lolos: jalankan ulang 'musrenbang seleksi TAHUN --tulis'."),
    "musrenbang.hasil-berbeda": A(
        "Hasil tertulis berbeda dengan hitungan ulang 'musrenbang seleksi'.",
        "Hasil tertulis ke-1 ('banjarwaru/01') berbeda dengan hitungan ulang dari penilaian dan persetujuan "
        "(aturan skor): lolos tertulis false, seharusnya true.",
        "Hasil forum adalah hitungan dari catatan publik: jalankan 'musrenbang seleksi TAHUN --tulis' sesudah "
        "penilaian dan persetujuan lengkap, lalu commit hasilnya."),
    "musrenbang.berkas-belum-siap": A(
        "Forum dicatat sebelum berkas desa selesai disposisi, tanpa keterangan absen.",
        "Forum dicatat padahal berkas denok belum sampai langkah 3 (Disposisi Camat belum dicatat).",
        "Selesaikan disposisi berkas desa itu, atau catat delegasinya 'hadir: false' dengan alasan."),
    "musrenbang.sesi-terbalik": A(
        "Sesi forum selesai sebelum mulai.",
        "Sesi bidang fisik selesai (2025-02-10T08:00:00+07:00) sebelum mulai (2025-02-10T08:30:00+07:00).",
        "Periksa jam, tanggal dan zona waktu mulai dan selesai sesi."),
    "musrenbang.sesi-ganda": A(
        "Satu bidang dicatat dalam lebih dari satu sesi.",
        "Sesi bidang fisik dicatat lebih dari sekali.",
        "Setiap bidang dibahas dalam satu sesi: gabungkan catatannya menjadi satu sesi."),
    "musrenbang.persetujuan-tidak-hadir": A(
        "Delegasi yang tidak hadir memberi persetujuan (aturan equal-shares menghitung delegasi yang hadir saja).",
        "Delegasi denok tercatat tidak hadir tetapi memberi persetujuan; persetujuannya tidak dihitung.",
        "Hapus persetujuan delegasi itu, atau catat delegasinya 'hadir: true' bila memang hadir."),
    "musrenbang.penilaian-ganda": A(
        "Seorang penilai menilai usulan yang sama lebih dari sekali.",
        "Penilai 'Tim 1' sudah menilai 'banjarwaru/01'; lembar ganda mengubah rata-rata skornya.",
        "Hapus lembar penilaian yang ganda: setiap penilai menilai setiap usulan sekali."),
    "musrenbang.penilaian-tidak-layak": A(
        "Usulan dinilai padahal tidak ikut diadu di forum (belum diklasifikasi, belum diperiksa atau tidak layak).",
        "Usulan 'banjarwaru/02' dinilai padahal tidak ikut diadu: tidak layak menurut pemeriksaan Kasubid.",
        "Hapus lembar penilaian itu, atau lengkapi klasifikasi dan pemeriksaan usulannya lebih dulu."),
    "musrenbang.kenaikan-terlalu-kecil": A(
        "Kenaikan bagian anggaran aturan equal-shares kurang dari 0,1% pagu bidang: hitungannya bisa tidak selesai.",
        "kenaikan_anggaran Rp1 di sop/kriteria.yaml terlalu kecil untuk pagu bidang fisik Rp1.350.000.000: "
        "paling sedikit Rp1.350.000 (0,1% pagu).",
        "Naikkan 'kenaikan_anggaran' di sop/kriteria.yaml atau hapus isian itu (bawaannya 0,1% pagu)."),
    # Forge set-up
    "forge.codeowners-usang": A(
        ".github/CODEOWNERS tidak sesuai dengan sop/petugas.yaml.",
        "CODEOWNERS tidak sesuai dengan sop/petugas.yaml (petugas, peran atau akun berubah).",
        "Jalankan 'musrenbang codeowners' lalu commit hasilnya bersama perubahan sop/petugas.yaml."),
    # Reference data in sop/
    "referensi.tidak-ada": A(
        "Berkas referensi di sop/ tidak ada.",
        "Berkas referensi sop/kriteria.yaml tidak ada.",
        "Kembalikan berkas dari riwayat Git, salin dari register contoh, atau buat ulang dengan 'musrenbang init'."),
    "referensi.id-ganda": A(
        "Id, slug, kode, akun atau e-mail ditulis dua kali.",
        "Kriteria 'urgensi' ditulis lebih dari sekali.",
        "Hapus atau ganti salah satunya: setiap id, slug, kode, akun dan e-mail unik."),
    "referensi.peran-tidak-dikenal": A(
        "Peran tidak ada di daftar peran SOP.",
        "Peran 'bendahara-desa' tidak ada di daftar peran SOP.",
        "Pakai id peran dari daftar 'peran' di sop/musrenbang-kecamatan.yaml."),
    "referensi.desa-wajib": A(
        "Operator desa tanpa desa.",
        "Petugas 'operator-boreng' berperan operator-desa tetapi tidak menyebut desanya.",
        "Tambahkan 'desa: <slug desa>' dari sop/wilayah.yaml pada petugas itu."),
    "referensi.desa-tidak-dikenal": A(
        "Petugas merujuk desa yang tidak ada di wilayah.",
        "Desa 'borneng' tidak ada di sop/wilayah.yaml.",
        "Tulis slug desa persis seperti di sop/wilayah.yaml."),
    "referensi.kode-wilayah": A(
        "Kode desa tidak berada di bawah kode kecamatan.",
        "Kode 35.08.11.2008 bukan kode desa di kecamatan 35.08.10.",
        "Periksa kode wilayah Kemendagri: kode desa diawali kode kecamatannya."),
    "referensi.langkah-urutan": A(
        "Nomor langkah SOP tidak berurutan.",
        "Langkah SOP ke-4 bernomor 5; nomor langkah harus 1, 2, 3, ... berurutan.",
        "Urutkan dan nomori ulang langkah-langkah di sop/musrenbang-kecamatan.yaml."),
    "privasi.data-pribadi-di-teks": A(
        "Isian yang diterbitkan memuat angka yang tampak seperti NIK (16 angka) atau nomor telepon (peringatan).",
        "Isian 'permasalahan' memuat angka yang tampak seperti NIK; isian ini diterbitkan.",
        "Hapus NIK atau nomor telepon dari teks itu; data pribadi pengusul hanya ditulis di isian pengusul, yang "
        "tidak diterbitkan."),
}

# Schema keywords that only the SOP file itself (sop/musrenbang-kecamatan.yaml)
# uses. No case in tests/cases/ plants them: the base register needs a valid SOP.
SKEMA_SOP: dict[str, Aturan] = {
    "skema.anyOf": A(
        "Nilai tidak sesuai salah satu bentuk yang diizinkan (misalnya tanggal atau kosong).",
        "'tanggal_revisi' tidak sesuai salah satu bentuk yang diizinkan.",
        "Tulis tanggal TTTT-BB-HH atau 'null' bila kosong, seperti contoh di skema sop.schema.json."),
    "skema.oneOf": A(
        "Nilai tidak sesuai tepat satu bentuk yang diizinkan (misalnya satu status atau daftar status).",
        "'status' tidak sesuai salah satu bentuk yang diizinkan.",
        "Tulis satu slug (disposisi-camat) atau daftar slug ([lolos, tidak-lolos])."),
    "skema.minProperties": A(
        "Pemetaan berisi terlalu sedikit isian.",
        "'dicatat': jumlah isian paling sedikit 1 (sekarang 0).",
        "Tulis tepat satu isian, misalnya 'dicatat: {berkas: disposisi}'."),
    "skema.maxProperties": A(
        "Pemetaan berisi terlalu banyak isian.",
        "'dicatat': jumlah isian paling banyak 1 (sekarang 2).",
        "Tulis tepat satu isian, misalnya 'dicatat: {usulan: klasifikasi}'."),
}

# Rules of `check` and `audit` (and the staff commands): each change in history.
CHECK_RULES: dict[str, Aturan] = {
    "alur.langkah-tidak-sah": A(
        "Langkah dicatat bukan pada gilirannya menurut SOP.",
        "commit 6a899eff: Langkah 2 (Disposisi Kasi) tidak dapat dicatat sekarang: catatan ini berstatus diajukan.",
        "Catat langkah berikutnya menurut SOP (disebut di petunjuk) lebih dulu, atau tunggu petugasnya."),
    "identitas.peran": A(
        "Perubahan dibuat oleh petugas yang tidak memegang peran langkah itu.",
        "commit 6c9ee96d: Langkah 1 (Disposisi Camat) harus dibuat oleh Camat; perubahan ini dibuat oleh "
        "kasi-pembangunan (tanda tangan).",
        "Minta pemegang peran itu membuat perubahan ini, atau menyetujui (approve) pull request-nya."),
    "identitas.bukan-pembuat": A(
        "Isian 'oleh' menyebut petugas lain daripada pembuat perubahan.",
        "commit 9d784f17: Catatan menyebut 'oleh: pencatat', tetapi perubahan ini dibuat oleh kasi-pembangunan "
        "(tanda tangan).",
        "Tulis id petugas yang benar-benar mengambil langkah itu pada 'oleh' (disebut di petunjuk)."),
    "identitas.tidak-terverifikasi": A(
        "Pembuat perubahan tidak dapat dipastikan (tanpa tanda tangan atau pull request).",
        "commit c882e826: Langkah 1 (Disposisi Camat) harus dibuat oleh Camat, tetapi pembuatnya "
        "(camat <camat@kec-lumajang.example>) tidak dapat dipastikan: commit tidak bertanda tangan yang dikenal "
        "dan tidak disetujui lewat pull request.",
        "Buat perubahan lewat pull request di forge dengan akun petugas, atau tanda tangani commit dengan kunci "
        "SSH yang terdaftar di sop/petugas.yaml."),
    "identitas.jalur-dilindungi": A(
        "Perubahan pada jalur yang dilindungi (sop/, alat pemeriksa, alur CI, konfigurasi dan halaman situs, "
        "templat; daftarnya di 'dilindungi' pada berkas SOP) tanpa tanda tangan atau persetujuan pengesah (Camat). "
        "E-mail penulis tidak pernah cukup, juga dalam mode verifikasi longgar.",
        "commit 927c595f: sop/petugas.yaml berada di jalur yang dilindungi (SOP, data referensi, alat pemeriksa, "
        "alur CI, situs) dan perubahannya belum ditandatangani atau disetujui Camat.",
        "Camat menyetujui (approve) pull request perubahan itu, atau menandatangani commitnya dengan kunci yang "
        "terdaftar."),
    "impor.tanpa-hak": A(
        "Commit membawa trailer 'Impor:' (impor buku register kertas) tetapi tidak ditandatangani atau disetujui "
        "pemegang peran impor menurut SOP; perubahannya diperiksa seperti biasa.",
        "commit 3f1a2b4c: commit ini membawa trailer 'Impor:', tetapi tidak ditandatangani atau disetujui Camat atau "
        "Pencatat dokumen; perubahannya diperiksa seperti perubahan biasa.",
        "Pencatat dokumen membuat impor dengan commit bertanda tangan (trailer 'Impor: ...' di baris terakhir "
        "pesan), atau menyetujuinya di pull request. Impor hanya menambah catatan yang belum ada."),
    "riwayat.catatan-rusak": A(
        "Catatan yang sudah sah menjadi tidak terbaca atau tidak sah dalam sebuah commit. Commit berikutnya tetap "
        "diperiksa terhadap keadaan sah terakhirnya: merusak lalu memulihkan catatan tidak menghapus riwayatnya.",
        "commit 5d6e7f80: proposals/2025/denok/berkas.yaml tidak lagi terbaca atau tidak lagi sah menurut skemanya.",
        "Perbaiki catatan di commit yang sama; 'musrenbang validate' menunjukkan kesalahannya."),
    "riwayat.bukan-berkas-biasa": A(
        "Sebuah commit menambah tautan simbolik (symlink) atau submodul: register hanya memuat berkas biasa.",
        "commit 1b2c3d4e: docs/konfigurasi.md adalah tautan simbolik (symlink), bukan berkas biasa.",
        "Ganti tautan dengan salinan berkasnya; tautan dapat menerbitkan berkas dari luar register."),
    "riwayat.perubahan-tak-terperiksa": A(
        "Sebuah berkas berbeda dari basis pull request tanpa satu pun commit pull request itu yang mengubahnya: "
        "isinya datang lewat merge yang mengambil pohon dari riwayat lain (misalnya 'git merge -s ours').",
        "commit 9a8b7c6d: proposals/2025/denok/berkas.yaml berbeda dari basis, tetapi tidak ada commit di pull request "
        "ini yang mengubahnya: isinya datang lewat merge dari riwayat lain.",
        "Buat perubahan sebagai commit biasa di atas cabang utama (rebase), bukan lewat merge yang mengambil isi lama."),
    "riwayat.jalur-tidak-dikenal": A(
        "Sebuah commit menambah berkas di proposals/ yang bukan catatan, lampiran atau README (misalnya folder tahun "
        "dengan angka non-ASCII '２０２４').",
        "commit 2b3c4d5e: proposals/２０２４/musrenbang.yaml bukan catatan, lampiran atau README: jalur ini tidak dikenal "
        "register.",
        "Pindahkan berkas ke proposals/<tahun>/<desa>/ (catatan) atau .../lampiran/ (lampiran)."),
    "riwayat.forum-dibekukan": A(
        "Catatan forum (skor, kehadiran delegasi, sesi) diubah sesudah hasil forum ditetapkan, tanpa koreksi.",
        "commit 7a8b9c0d: Isian penilaian catatan forum diubah sesudah hasil forum ditetapkan.",
        "Sesudah hasil tercatat, perubahan hanya lewat koreksi oleh Camat: tambahkan butir 'koreksi' (oleh, waktu, "
        "alasan) di commit yang sama, bertanda tangan Camat."),
    "riwayat.dihapus": A(
        "Catatan yang sudah diterima dihapus.",
        "commit 29fadf78: proposals/2025/denok/01-penerangan-jalan-umum.yaml dihapus sesudah diterima.",
        "Kembalikan berkasnya (misalnya 'Revert' pull request itu); catatan yang sudah diterima tidak dihapus."),
    "riwayat.diganti-nama": A(
        "Catatan yang sudah diterima diganti nama.",
        "commit c672a915: proposals/2025/denok/01-penerangan-jalan-umum.yaml diganti nama menjadi "
        "proposals/2025/denok/01-pju.yaml sesudah diterima.",
        "Kembalikan nama semula: nama berkas adalah identitas catatan. Perbaikan isi dicatat sebagai koreksi "
        "oleh pencatat dokumen."),
    "riwayat.nomor-agenda-diubah": A(
        "Nomor agenda berkas yang sudah diterima diubah.",
        "commit bca0a65a: Nomor agenda diubah dari 2 menjadi 3.",
        "Kembalikan nomor agenda semula: nomor di buku register tidak berubah."),
    "riwayat.nomor-agenda-dipakai": A(
        "Nomor agenda berkas baru sudah dipakai berkas lain.",
        "commit dc9a1a4e: Nomor agenda 2 sudah dipakai oleh proposals/2025/denok/berkas.yaml.",
        "Pakai nomor agenda berikutnya yang bebas (disebut di petunjuk)."),
    "riwayat.disposisi-diubah": A(
        "Disposisi yang sudah tercatat diubah atau dihapus.",
        "commit 5ec8bd8e: Disposisi langkah 1 yang sudah tercatat diubah.",
        "Kembalikan disposisi semula; tambahan keterangan ditulis sebagai catatan baru."),
    "riwayat.langkah-diubah": A(
        "Klasifikasi atau pemeriksaan yang sudah tercatat diubah.",
        "commit abf70682: Catatan 'klasifikasi' yang sudah tercatat diubah atau dihapus.",
        "Kembalikan catatan langkah itu seperti semula; langkah yang sudah tercatat tidak diubah."),
    "riwayat.koreksi-diubah": A(
        "Koreksi yang sudah tercatat diubah.",
        "commit 1bea4a7a: Koreksi yang sudah tercatat diubah.",
        "Kembalikan koreksi lama dan tambahkan butir koreksi baru di bawahnya."),
    "riwayat.isi-dibekukan": A(
        "Isi catatan diubah sesudah langkah 1 tanpa koreksi oleh pencatat.",
        "commit c6ec4c64: Isian volume diubah sesudah berkas didisposisi Camat.",
        "Sesudah langkah 1 isi usulan hanya diubah oleh pencatat dokumen, bersama butir 'koreksi' (oleh, waktu, "
        "alasan) dalam commit yang sama."),
    "riwayat.usulan-terlambat": A(
        "Usulan baru ditambahkan sesudah berkasnya didisposisi Camat.",
        "commit f7e86ccd: Usulan baru ditambahkan sesudah berkas desanya didisposisi Camat.",
        "Hapus usulan itu dari berkas tahun ini; usulan susulan masuk berkas tahun berikutnya."),
}


def semua() -> dict[str, Aturan]:
    """Every catalogued rule, validate's first."""
    return {**RULES, **SKEMA_SOP, **CHECK_RULES}


def known(rule: str) -> bool:
    return rule in RULES or rule in CHECK_RULES or rule.startswith("skema.")
