// Personal data as one armored age file, shared by the Ajukan Usulan form and
// the officials' forms in /admin/: the private fields as JSON, padded with
// spaces to a multiple of BLOK bytes (so the length does not tell which were
// given), encrypted with the vendored age library (assets/age/age.js, global
// `age`) to every reader's age key. The layout is privasi.py's.
(function () {
  "use strict";

  var BLOK = 256;

  function encrypt(secret, readers) {
    if (!window.age || !age.Encrypter) return Promise.reject(new Error("pustaka enkripsi age tidak termuat"));
    if (!readers.length) return Promise.reject(new Error("register belum mencatat kunci age pembaca data pribadi"));
    var bytes = new TextEncoder().encode(JSON.stringify(secret));
    var padded = new Uint8Array(Math.ceil(bytes.length / BLOK) * BLOK).fill(32);
    padded.set(bytes);
    var enc = new age.Encrypter();
    readers.forEach(function (r) { enc.addRecipient(r.kunci); });
    return enc.encrypt(padded).then(function (file) {
      return { penerima: readers.map(function (r) { return r.kunci; }), sandi: age.armor.encode(file) };
    });
  }

  window.MusrenbangSandi = { encrypt: encrypt, BLOK: BLOK };
})();
