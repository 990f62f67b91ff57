"""The staff commands (`terima`, `disposisi`, `klasifikasi`, `periksa`, `status`)."""

from .kantor import WIB, Ditolak, Hasil, Kantor, commit, now
from .status import Baris

__all__ = ["WIB", "Baris", "Ditolak", "Hasil", "Kantor", "commit", "now"]
