"""The Ajukan Usulan form as people use it (issue 12): amounts typed the
Indonesian way, the current planning year by default, and a desa's first usulan
of a year that brings its berkas, so that `validate` is clean."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from musrenbang.validate import validate

from .browser import needs_chromium
from .test_ajukan import fill_usulan, produce, register_with_labruk_lor, save

WIB = timezone(timedelta(hours=7))


def at(page, when: datetime) -> None:
    page.clock.set_fixed_time(when)


@needs_chromium
def test_amounts_typed_the_indonesian_way_are_read_whole(page, site_url):
    page.goto(site_url + "ajukan/")
    page.wait_for_selector("#mr-f-judul")
    page.fill("#mr-tahun", "2025")
    page.select_option("#mr-desa", "labruk-lor")
    fill_usulan(page)
    for typed in ("175.000.000", "Rp 175.000.000", "Rp175.000.000,00", "175000000"):
        page.fill("#mr-f-perkiraan_biaya", typed)
        echo = page.locator("#mr-f-perkiraan_biaya ~ [data-mr-terbaca]").inner_text()
        assert echo == "Terbaca: Rp175.000.000", (typed, echo)
        _, _, text = produce(page)
        assert yaml.safe_load(text)["perkiraan_biaya"] == 175000000, typed
        assert "perkiraan_biaya: 175000000\n" in text
    page.fill("#mr-f-penerima_manfaat", "1.200")
    assert yaml.safe_load(produce(page)[2])["penerima_manfaat"] == 1200
    # Refused with a message, never read as something else.
    for typed in ("175.000,50", "175,000,000", "1.75 juta", "Rp 17.50"):
        page.fill("#mr-f-perkiraan_biaya", typed)
        page.click(".mr-ajukan-form button[type=submit]")
        assert page.locator("#mr-f-perkiraan_biaya-pesan").inner_text() == (
            "Tulis jumlah rupiah bulat, misalnya 175000000, 175.000.000 atau Rp 175.000.000."), typed
        assert page.locator("[data-mr-hasil]").is_hidden()
    page.fill("#mr-f-penerima_manfaat", "Rp 1.200")
    page.click(".mr-ajukan-form button[type=submit]")
    assert "bilangan bulat" in page.locator("#mr-f-penerima_manfaat-pesan").inner_text()
    # A typo the size of 175 for 175 million is pointed out while typing.
    page.fill("#mr-f-perkiraan_biaya", "175")
    assert "lebih kecil dari batas wajar Rp5.000.000" in page.locator(
        "#mr-f-perkiraan_biaya ~ [data-mr-terbaca]").inner_text()
    assert page.js_errors == []


@needs_chromium
def test_the_default_year_is_the_current_planning_year(page, site_url):
    at(page, datetime(2026, 2, 3, 9, 0, tzinfo=WIB))
    page.goto(site_url + "ajukan/")
    page.wait_for_selector("#mr-f-judul")
    assert page.input_value("#mr-tahun") == "2026"  # the sample register's latest year is 2025
    at(page, datetime(2026, 11, 20, 9, 0, tzinfo=WIB))
    page.goto(site_url + "ajukan/")
    page.wait_for_selector("#mr-f-judul")
    assert page.input_value("#mr-tahun") == "2027"  # desa hold their musyawarah for next year now


@needs_chromium
def test_a_desas_first_usulan_of_a_new_year_brings_its_berkas(page, site_url, tmp_path: Path):
    at(page, datetime(2026, 1, 20, 10, 15, tzinfo=WIB))
    page.goto(site_url + "ajukan/")
    page.wait_for_selector("#mr-f-judul")
    assert page.locator("[data-mr-berkas-baru]").is_hidden()
    page.select_option("#mr-desa", "labruk-lor")
    assert page.input_value("#mr-tahun") == "2026"
    note = page.locator("[data-mr-berkas-keterangan]").inner_text()
    assert "Berkas Labruk Lor tahun 2026 belum ada di register" in note and "nomor agenda 1" in note
    assert page.input_value("#mr-nomor") == "01"
    fill_usulan(page)
    page.fill("#mr-nomor", "01")
    # The berkas part is required: nothing is produced without it.
    page.click(".mr-ajukan-form button[type=submit]")
    assert page.locator("#mr-f-berkas-surat-nomor-pesan").inner_text() == "Wajib diisi."
    assert page.evaluate("document.activeElement.id") == "mr-f-berkas-surat-nomor"
    page.fill("#mr-f-berkas-surat-nomor", "414.2/31/427.90.02/2026")
    page.fill("#mr-f-berkas-surat-tanggal", "2026-01-19")
    page.fill("#mr-f-berkas-pengirim-nama", "Sutrisno")
    page.fill("#mr-f-berkas-pengirim-jabatan", "Kepala Desa Labruk Lor")
    page.fill("#mr-f-berkas-musrenbang_desa-tanggal", "2026-01-12")
    page.fill("#mr-f-berkas-musrenbang_desa-jumlah_peserta", "64")
    folder, name, text = produce(page)
    assert folder == "proposals/2026/labruk-lor/" and name.startswith("01-")
    berkas_text = page.locator("[data-mr-yaml-berkas]").text_content()
    assert page.locator("[data-mr-hasil-berkas]").is_visible()
    berkas = yaml.safe_load(berkas_text)
    assert berkas["desa"] == "labruk-lor" and berkas["nomor_agenda"] == 1
    assert berkas["diterima"] == "2026-01-20T10:15:00+07:00"
    assert berkas["surat"]["tanggal"] == "2026-01-19" and berkas["musrenbang_desa"]["jumlah_peserta"] == 64
    with page.expect_download() as info:
        page.click("[data-mr-unduh-berkas]")
    assert info.value.suggested_filename == "berkas.yaml"
    root = register_with_labruk_lor(tmp_path / "r")
    (root / folder).mkdir(parents=True)
    save(root, folder, "berkas.yaml", berkas_text)
    save(root, folder, name, text)
    assert [f for f in validate(root) if f.tingkat == "galat"] == []
    assert page.js_errors == []
