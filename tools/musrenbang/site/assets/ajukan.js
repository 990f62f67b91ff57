// Ajukan Usulan: builds the form from the usulan JSON Schema embedded in the
// page, checks the answers and writes the usulan as YAML. The fields the schema
// marks "x-publik": false (NIK, telephone) are encrypted here, with the vendored
// age library (assets/age/age.js, global `age`), to the readers' age keys that
// the page embeds, before any YAML exists: they never leave the device in plain
// text. Nothing is loaded from elsewhere, nothing sent anywhere. Every text from
// the schema or the user reaches the page through textContent or attributes.
(function () {
  "use strict";

  var PRIBADI = "data pribadi: dienkripsi di perangkat ini, hanya dapat dibaca ";
  var HEADER = "# yaml-language-server: $schema=../../../sop/schemas/usulan.schema.json";
  var HEADER_BERKAS = "# yaml-language-server: $schema=../../../sop/schemas/berkas.schema.json";
  // Whole numbers as Indonesians write them: 175000000, 175.000.000, Rp 175.000.000, Rp175.000.000,00.
  var BULAT = /^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,0{1,2})?(?:,-)?$/i;
  var FLOOR = 0; // biaya_minimal.usulan of sop/kriteria.yaml: a smaller amount is likely a typo
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var uid = 0;
  var LABELS = {}; // enum value → name shown, e.g. bidang ids → the SOP's names

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // ---- YAML ---------------------------------------------------------------

  // A double-quoted YAML scalar: backslash, quote, line breaks (including the
  // ones YAML 1.1 knows: NEL, LS, PS) and every non-printable character escaped.
  function quote(text) {
    text = text.replace(/(?<![\ud800-\udbff])[\udc00-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])/g, "\ufffd");
    return '"' + text.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      var named = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" }[c];
      if (named) return named;
      var code = c.charCodeAt(0);
      return code < 0x100 ? "\\x" + ("0" + code.toString(16)).slice(-2) : "\\u" + ("000" + code.toString(16)).slice(-4);
    }) + '"';
  }

  // Numbers as YAML 1.1 reads them: never an exponent without a dot.
  function number(n) {
    var s = String(n);
    if (/e/i.test(s)) s = n.toFixed(12).replace(/0+$/, "").replace(/\.$/, ".0");
    return s;
  }

  function scalar(v) {
    if (typeof v === "number") return number(v);
    if (Array.isArray(v)) return "[" + v.map(scalar).join(", ") + "]";
    return quote(String(v));
  }

  // ASCII armor as a literal block, as people read it (only printable ASCII lines).
  function literal(v) { return typeof v === "string" && /\n/.test(v) && /^[\x20-\x7e\n]+$/.test(v) && !/^ /.test(v); }

  function emit(obj, indent, lines) {
    Object.keys(obj).forEach(function (key) {
      var v = obj[key];
      if (literal(v)) {
        lines.push(indent + key + (/\n$/.test(v) ? ": |" : ": |-"));
        v.replace(/\n$/, "").split("\n").forEach(function (line) { lines.push(indent + "  " + line); });
      } else if (v && typeof v === "object" && !Array.isArray(v)) {
        lines.push(indent + key + ":");
        emit(v, indent + "  ", lines);
      } else {
        lines.push(indent + key + ": " + scalar(v));
      }
    });
    return lines;
  }

  function toYaml(obj, header) { return [header || HEADER, ""].concat(emit(obj, "", [])).join("\n") + "\n"; }

  // ---- personal data ------------------------------------------------------

  // Splits obj into its public part and the fields the schema marks
  // "x-publik": false (nested at their paths), which only ever leave as ciphertext.
  function split(obj, schema, secret) {
    var props = (schema && schema.properties) || {};
    var copy = {}, found = false;
    Object.keys(obj).forEach(function (key) {
      var sub = props[key] || {}, value = obj[key];
      if (sub["x-publik"] === false) { secret[key] = value; found = true; return; }
      if (value && typeof value === "object" && !Array.isArray(value)) {
        var inner = {};
        copy[key] = split(value, sub, inner);
        if (Object.keys(inner).length) { secret[key] = inner; found = true; }
      } else {
        copy[key] = value;
      }
    });
    return copy;
  }

  // The private fields as one armored age file for every reader (assets/sandi.js,
  // shared with the officials' forms in /admin/).
  function encrypt(secret, readers) {
    if (!window.MusrenbangSandi) return Promise.reject(new Error("pustaka enkripsi tidak termuat"));
    return MusrenbangSandi.encrypt(secret, readers);
  }

  // ---- slug ---------------------------------------------------------------

  function slugify(judul) {
    var words = judul.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean).slice(0, 6);
    var slug = "";
    words.forEach(function (w) { if ((slug + "-" + w).length <= 60) slug = slug ? slug + "-" + w : w; });
    return slug;
  }

  // ---- fields from the schema --------------------------------------------

  function kindOf(s) {
    if (s.type === "object") return "object";
    if (s.type === "array" && s.prefixItems) return "pair";
    if (s.enum) return "enum";
    if (s.type === "integer" || s.type === "number") return "number";
    return "text";
  }

  function addHelp(box, s, describedBy) {
    if (s.description) {
      var help = el("p", { "class": "mr-ajukan-bantuan", id: "mr-b" + (++uid) }, s.description);
      box.appendChild(help);
      describedBy.push(help.id);
    }
    if (s["x-publik"] === false) {
      var note = el("p", { "class": "mr-ajukan-pribadi", id: "mr-p" + (++uid) }, PRIBADI);
      box.appendChild(note);
      describedBy.push(note.id);
    }
  }

  function label(text, forId, required) {
    var l = el("label", { "for": forId }, text);
    if (required) l.appendChild(mark());
    return l;
  }

  function mark() {
    var m = el("span", { "class": "mr-ajukan-wajib", "aria-hidden": "true" }, " *");
    return m;
  }

  function message(box, id) {
    var p = el("p", { "class": "mr-ajukan-pesan", id: id, "aria-live": "polite" });
    p.hidden = true;
    box.appendChild(p);
    return p;
  }

  function isRupiah(s) { return /\(Rp\)/.test(s.title || "") || /rupiah/i.test(s.description || ""); }

  function ribuan(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  function numberInput(s, id) {
    if (s.type === "integer") // text, so that "175.000.000" reaches us whole (a number input would keep 175)
      return el("input", { id: id, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
        placeholder: isRupiah(s) ? "misalnya 175.000.000 atau Rp 175.000.000" : null });
    var input = el("input", { id: id, type: "number", inputmode: s.type === "integer" ? "numeric" : "decimal",
      step: s.type === "integer" ? "1" : "any" });
    if (typeof s.minimum === "number") input.min = s.minimum;
    if (typeof s.maximum === "number") input.max = s.maximum;
    if (typeof s.exclusiveMinimum === "number") input.min = s.exclusiveMinimum;
    return input;
  }

  // One field: returns {name, schema, kind, required, inputs, box, msg}.
  function field(name, s, required, path) {
    var id = "mr-f-" + path.concat(name).join("-");
    var kind = kindOf(s);
    var box = el("div", { "class": "mr-ajukan-isian mr-ajukan-isian--" + kind });
    var f = { name: name, schema: s, kind: kind, required: required, box: box, inputs: [] };
    var describedBy = [];
    var input;
    if (kind === "pair") {
      var group = el("div", { "class": "mr-ajukan-pasangan", role: "group", "aria-labelledby": id + "-judul" });
      var title = el("span", { "class": "mr-ajukan-label", id: id + "-judul" }, s.title || name);
      if (required) title.appendChild(mark());
      box.appendChild(title);
      s.prefixItems.forEach(function (item, i) {
        var itemId = id + "-" + i;
        var wrap = el("span", { "class": "mr-ajukan-bagian" });
        wrap.appendChild(label(item.title || String(i + 1), itemId, false));
        var inp = numberInput(item, itemId);
        wrap.appendChild(inp);
        group.appendChild(wrap);
        f.inputs.push(inp);
      });
      box.appendChild(group);
    } else {
      box.appendChild(label(s.title || name, id, required));
      if (kind === "enum") {
        input = el("select", { id: id });
        input.appendChild(el("option", { value: "" }, "— pilih —"));
        s.enum.forEach(function (v) { input.appendChild(el("option", { value: String(v) }, LABELS[v] || String(v))); });
      } else if (kind === "number") {
        input = numberInput(s, id);
      } else if ((s.maxLength || 0) > 200) {
        input = el("textarea", { id: id, rows: "4", maxlength: s.maxLength });
      } else {
        var digits = /^\^\\?\+?\??\[0-9\]/.test(s.pattern || "");
        input = el("input", { id: id, type: s.format === "date" ? "date" : name === "telepon" ? "tel" : "text", maxlength: s.maxLength,
          inputmode: digits ? "numeric" : null, autocomplete: "off" });
      }
      if (required) input.setAttribute("aria-required", "true");
      box.appendChild(input);
      f.inputs.push(input);
    }
    f.msg = message(box, id + "-pesan");
    describedBy.push(f.msg.id);
    if (kind === "number" && s.type === "integer" && isRupiah(s)) echo(box, input, s, describedBy);
    addHelp(box, s, describedBy);
    f.inputs.forEach(function (inp) {
      inp.setAttribute("aria-describedby", describedBy.join(" "));
      inp.dataset.mrIsian = path.concat(name).join(".");
    });
    return f;
  }

  // Under a rupiah field: the amount as it was read, so "175" for 175 million shows.
  function echo(box, input, s, describedBy) {
    var p = el("p", { "class": "mr-ajukan-terbaca", id: "mr-t" + (++uid), "aria-live": "polite", "data-mr-terbaca": "" });
    box.appendChild(p);
    describedBy.push(p.id);
    input.addEventListener("input", function () {
      var r = input.value.trim() ? readWhole(input, s) : {};
      p.textContent = r.value === undefined ? "" : "Terbaca: Rp" + ribuan(r.value) +
        (FLOOR && r.value < FLOOR ? " (lebih kecil dari batas wajar Rp" + ribuan(FLOOR) + ": periksa lagi jumlahnya)" : "");
    });
  }

  // An object: a fieldset whose children are fields or nested objects.
  function group(name, s, required, path, skip) {
    var set = el("fieldset", { "class": "mr-ajukan-grup" });
    var legend = el("legend", {}, s.title || name);
    if (!name) legend.classList.add("mr-ajukan-utama");
    else if (required) legend.appendChild(mark());
    else legend.appendChild(el("span", { "class": "mr-ajukan-opsional" }, " (opsional)"));
    set.appendChild(legend);
    if (s.description) set.appendChild(el("p", { "class": "mr-ajukan-bantuan" }, s.description));
    var g = { name: name, schema: s, kind: "object", required: required, box: set, children: [] };
    var inner = path.concat(name ? [name] : []);
    var need = s.required || [];
    Object.keys(s.properties || {}).forEach(function (key) {
      if (skip.indexOf(key) !== -1) return;
      var sub = s.properties[key];
      var child = kindOf(sub) === "object" ? group(key, sub, need.indexOf(key) !== -1, inner, [])
        : field(key, sub, need.indexOf(key) !== -1, inner);
      set.appendChild(child.box);
      g.children.push(child);
    });
    return g;
  }

  // ---- reading and checking ---------------------------------------------

  function textOf(input) { return input.value.replace(/\r\n?/g, "\n").trim(); }

  function isEmpty(f) {
    if (f.kind === "object") return f.children.every(isEmpty);
    return f.inputs.every(function (inp) { return textOf(inp) === "" && !(inp.validity && inp.validity.badInput); });
  }

  function range(s, v) {
    if (typeof s.exclusiveMinimum === "number" && v <= s.exclusiveMinimum)
      return s.exclusiveMinimum === 0 ? "Harus lebih dari 0." : "Harus lebih dari " + s.exclusiveMinimum + ".";
    if (typeof s.minimum === "number" && v < s.minimum)
      return s.minimum === 0 ? "Tidak boleh kurang dari 0." : "Tidak boleh kurang dari " + s.minimum + ".";
    if (typeof s.maximum === "number" && v > s.maximum) return "Tidak boleh lebih dari " + s.maximum + ".";
    if (typeof s.exclusiveMaximum === "number" && v >= s.exclusiveMaximum) return "Harus kurang dari " + s.exclusiveMaximum + ".";
    return "";
  }

  function readWhole(inp, s) {
    var raw = inp.value.trim().replace(/\s+/g, " ");
    var m = BULAT.exec(raw);
    if (!m || (/^rp/i.test(raw) && !isRupiah(s)))
      return { error: isRupiah(s) ? "Tulis jumlah rupiah bulat, misalnya 175000000, 175.000.000 atau Rp 175.000.000." :
        "Tulis bilangan bulat, misalnya 1200 atau 1.200." };
    var v = Number(m[1].replace(/\./g, ""));
    if (!Number.isSafeInteger(v)) return { error: "Angka terlalu besar." };
    var r = range(s, v);
    return r ? { error: r } : { value: v };
  }

  function readNumber(inp, s) {
    if (s.type === "integer") return readWhole(inp, s);
    if (inp.validity && inp.validity.badInput)
      return { error: "Isi dengan angka saja, tanpa titik pemisah ribuan (desimal memakai titik)." };
    var v = Number(inp.value);
    if (!isFinite(v)) return { error: "Isi dengan angka." };
    if (Math.abs(v) >= 1e15) return { error: "Angka terlalu besar." };
    if (s.type === "integer" && !Number.isInteger(v)) return { error: "Harus bilangan bulat, tanpa koma." };
    if (s.type === "integer" && !Number.isSafeInteger(v)) return { error: "Angka terlalu besar." };
    var r = range(s, v);
    return r ? { error: r } : { value: v };
  }

  function patternMessage(s) {
    var digits = /^\^\[0-9\]\{(\d+)(?:,(\d+))?\}\$$/.exec(s.pattern);
    if (digits && !digits[2]) return "Harus tepat " + digits[1] + " angka, tanpa spasi atau titik.";
    if (digits) return "Harus " + digits[1] + " sampai " + digits[2] + " angka.";
    if (s.pattern === "\\S") return "Tidak boleh hanya berisi spasi.";
    return "Format tidak sesuai." + (s.description ? " " + s.description : "");
  }

  function readText(inp, s) {
    var v = textOf(inp);
    var length = Array.from(v).length;
    if (typeof s.minLength === "number" && length < s.minLength) return { error: "Terlalu pendek." };
    if (typeof s.maxLength === "number" && length > s.maxLength)
      return { error: "Paling banyak " + s.maxLength + " karakter (sekarang " + length + ")." };
    if (s.enum && s.enum.indexOf(v) === -1) return { error: "Pilih salah satu pilihan." };
    if (s.pattern) {
      var re;
      try { re = new RegExp(s.pattern, "u"); } catch (e) { re = null; }
      if (re && !re.test(v)) return { error: patternMessage(s) };
    }
    return { value: v };
  }

  function show(f, text) {
    f.msg.textContent = text || "";
    f.msg.hidden = !text;
    f.box.classList.toggle("mr-ajukan-isian--galat", !!text);
    f.inputs.forEach(function (inp) {
      if (text) inp.setAttribute("aria-invalid", "true"); else inp.removeAttribute("aria-invalid");
    });
  }

  // Reads a field or group into `out[name]`; returns the fields in error.
  function read(f, out, present) {
    var errors = [];
    if (f.kind === "object") {
      if (!present && isEmpty(f)) { f.children.forEach(clear); return errors; }
      var obj = {};
      f.children.forEach(function (c) { errors = errors.concat(read(c, obj, c.kind === "object" ? c.required : true)); });
      if (Object.keys(obj).length) out[f.name] = obj;
      return errors;
    }
    var error = "";
    var value;
    if (isEmpty(f)) {
      if (f.required && present) error = "Wajib diisi.";
    } else if (f.kind === "pair") {
      var values = [];
      f.inputs.forEach(function (inp, i) {
        if (error) return;
        var item = f.schema.prefixItems[i];
        if (textOf(inp) === "" && !(inp.validity && inp.validity.badInput)) {
          error = "Isi " + (item.title || "kedua angka") + " juga, atau kosongkan keduanya."; return;
        }
        var r = readNumber(inp, item);
        if (r.error) error = (item.title ? item.title + ": " : "") + r.error; else values.push(r.value);
      });
      value = values;
    } else if (f.kind === "number") {
      var n = readNumber(f.inputs[0], f.schema);
      error = n.error || ""; value = n.value;
    } else {
      var t = readText(f.inputs[0], f.schema);
      error = t.error || ""; value = t.value;
    }
    show(f, error);
    if (error) errors.push(f);
    else if (value !== undefined) out[f.name] = value;
    return errors;
  }

  function clear(f) {
    if (f.kind === "object") f.children.forEach(clear); else show(f, "");
  }

  // ---- the page ------------------------------------------------------------

  function setup(root) {
    var form = root.querySelector(".mr-ajukan-form");
    var holder = root.querySelector("[data-mr-skema-isian]");
    if (!form || !holder || form.dataset.siap) return;
    form.dataset.siap = "1";
    var schema = JSON.parse(document.getElementById("mr-skema").textContent);
    var data = JSON.parse(document.getElementById("mr-ajukan-data").textContent);
    LABELS = data.label || {};
    PRIBADI += (data.pembaca || []).map(function (r) { return r.nama; }).join(" dan ") || "petugas yang ditunjuk SOP";
    var top = group("", schema, true, [], data.lewati || []);
    holder.appendChild(top.box);
    FLOOR = data.biaya_minimal || 0;
    // A desa's first usulan of a year brings its berkas: the same form writes both.
    var baru = root.querySelector("[data-mr-berkas-baru]");
    var berkasSchema = JSON.parse(document.getElementById("mr-skema-berkas").textContent);
    var berkasTop = group("", berkasSchema, true, ["berkas"], data.lewati_berkas || []);
    baru.querySelector("[data-mr-berkas-isian]").appendChild(berkasTop.box);

    function fixed(name) {
      var inp = form.querySelector('[data-mr-tetap="' + name + '"]');
      var box = inp.closest(".mr-ajukan-isian");
      var f = { name: name, kind: "text", inputs: [inp], box: box, required: true };
      f.msg = message(box, inp.id + "-pesan");
      box.insertBefore(f.msg, inp.nextSibling);
      inp.setAttribute("aria-describedby", f.msg.id);
      return f;
    }
    var tahun = fixed("tahun"), desa = fixed("desa"), nomor = fixed("nomor"), slug = fixed("slug");
    tahun.inputs[0].value = String(planningYear(data.bulan_sebelum || 0));
    var judul = form.querySelector('[data-mr-isian="judul"]');
    var jalur = form.querySelector("[data-mr-jalur]");
    var summary = form.querySelector("[data-mr-ringkasan]");
    var result = root.querySelector("[data-mr-hasil]");
    var nomorTyped = false, slugTyped = false;

    function usedNumbers() {
      var perYear = (data.nomor || {})[String(tahun.inputs[0].value)] || {};
      return perYear[desa.inputs[0].value] || [];
    }
    function suggestNumber() {
      if (nomorTyped || !desa.inputs[0].value) return;
      var used = usedNumbers();
      nomor.inputs[0].value = pad(used.length ? Math.max.apply(null, used) + 1 : 1);
    }
    function path() {
      var t = tahun.inputs[0].value || "<tahun>", d = desa.inputs[0].value || "<desa>";
      var n = Number(nomor.inputs[0].value);
      var name = (Number.isInteger(n) && n > 0 ? pad(n) : "<nn>") + "-" + (slug.inputs[0].value.trim() || "<judul-singkat>") + ".yaml";
      return { folder: "proposals/" + t + "/" + d + "/", file: name };
    }
    function showPath() { var p = path(); jalur.textContent = p.folder + p.file; showBerkas(); }
    function needsBerkas() {
      var d = desa.inputs[0].value;
      return !!d && ((data.berkas || {})[String(tahun.inputs[0].value)] || []).indexOf(d) === -1;
    }
    function nextAgenda() { return ((data.agenda || {})[String(tahun.inputs[0].value)] || 0) + 1; }
    function showBerkas() {
      baru.hidden = !needsBerkas();
      if (baru.hidden) return;
      baru.querySelector("[data-mr-berkas-keterangan]").textContent = "Berkas " +
        (data.desa[desa.inputs[0].value] || desa.inputs[0].value) + " tahun " + tahun.inputs[0].value +
        " belum ada di register. Formulir ini membuat berkas.yaml-nya juga (surat pengantar, pengirim dan " +
        "musrenbang desa/kelurahan, dengan nomor agenda " + nextAgenda() + "): isi bagian ini sekali, untuk usulan " +
        "pertama desa tahun ini.";
    }
    function hideResult() { result.hidden = true; }

    tahun.inputs[0].addEventListener("input", function () { suggestNumber(); showPath(); });
    desa.inputs[0].addEventListener("change", function () { suggestNumber(); showPath(); });
    nomor.inputs[0].addEventListener("input", function () { nomorTyped = nomor.inputs[0].value !== ""; showPath(); });
    slug.inputs[0].addEventListener("input", function () { slugTyped = slug.inputs[0].value !== ""; showPath(); });
    if (judul) judul.addEventListener("input", function () {
      if (!slugTyped) slug.inputs[0].value = slugify(judul.value);
      showPath();
    });
    form.addEventListener("input", hideResult);
    form.addEventListener("change", hideResult);
    showPath();

    function checkFixed() {
      var errors = [];
      function fail(f, text) { show(f, text); if (text) errors.push(f); }
      var t = Number(tahun.inputs[0].value);
      fail(tahun, tahun.inputs[0].value === "" ? "Wajib diisi." : (!Number.isInteger(t) || t < 2000 || t > 2100) ? "Tahun empat angka, misalnya 2025." : "");
      fail(desa, desa.inputs[0].value ? "" : "Pilih desa/kelurahan.");
      var n = Number(nomor.inputs[0].value), text = "";
      if (nomor.inputs[0].value === "") text = "Wajib diisi.";
      else if (!Number.isInteger(n) || n < 1 || n > 99) text = "Nomor prioritas 1 sampai 99.";
      else if (desa.inputs[0].value && usedNumbers().indexOf(n) !== -1)
        text = "Nomor " + pad(n) + " sudah dipakai usulan lain " + (data.desa[desa.inputs[0].value] || "desa ini") +
          " tahun " + tahun.inputs[0].value + ". Nomor berikutnya: " + pad(Math.max.apply(null, usedNumbers()) + 1) + ".";
      fail(nomor, text);
      var s = slug.inputs[0].value.trim();
      fail(slug, s === "" ? "Wajib diisi (terisi otomatis dari judul)." : !SLUG.test(s) ? "Hanya huruf kecil a-z, angka dan tanda hubung di antara kata, misalnya talud-jalan-desa." : "");
      return errors;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var out = {};
      var button = form.querySelector("button[type=submit]");
      var berkasOut = {}, newBerkas = needsBerkas();
      var errors = checkFixed().concat(newBerkas ? read(berkasTop, berkasOut, true) : [], read(top, out, true));
      if (errors.length) {
        result.hidden = true;
        root.querySelector("[data-mr-yaml]").textContent = "";
        summary.textContent = "Berkas belum dibuat: periksa " + errors.length + " isian yang ditandai merah.";
        summary.hidden = false;
        errors[0].inputs[0].focus();
        return;
      }
      var secret = {};
      var record = split(out[""] || {}, schema, secret);
      button.disabled = true;
      (Object.keys(secret).length ? encrypt(secret, data.pembaca || []) : Promise.resolve(null)).then(function (sealed) {
        button.disabled = false;
        if (sealed) record.data_pribadi = sealed;
        showResult(record, newBerkas ? berkasRecord(berkasOut[""] || {}) : null);
      }, function (error) {
        button.disabled = false;
        result.hidden = true;
        root.querySelector("[data-mr-yaml]").textContent = "";
        summary.textContent = "Berkas belum dibuat: NIK dan telepon tidak dapat dienkripsi (" + error.message +
          "). Kosongkan kedua isian itu dan serahkan langsung ke petugas kecamatan, atau hubungi pengelola register.";
        summary.hidden = false;
      });
    });

    // desa, nomor agenda and time of receipt first, in the schema's order, then what was typed.
    function berkasRecord(values) {
      var rec = { desa: desa.inputs[0].value, nomor_agenda: nextAgenda(), diterima: nowWib() };
      Object.keys(values).forEach(function (k) { rec[k] = values[k]; });
      return rec;
    }

    function showResult(record, berkas) {
      summary.hidden = true;
      summary.textContent = "";
      var p = path();
      var yaml = toYaml(record);
      var blok = root.querySelector("[data-mr-hasil-berkas]");
      blok.hidden = !berkas;
      root.querySelector("[data-mr-yaml-berkas]").textContent = berkas ? toYaml(berkas, HEADER_BERKAS) : "";
      var both = root.querySelector("[data-mr-unggah]");
      if (both) {
        both.hidden = !berkas || !data.unggah;
        if (data.unggah) both.href = data.unggah + p.folder.replace(/\/$/, "");
      }
      var openBerkas = root.querySelector("[data-mr-buka-berkas]");
      if (openBerkas && data.baru && berkas) {
        var dir = p.folder.replace(/\/$/, "") + (data.forge === "github" ? "" : "/");
        openBerkas.href = data.baru + dir + "?filename=berkas.yaml&value=" + encodeURIComponent(toYaml(berkas, HEADER_BERKAS));
      }
      root.querySelector("[data-mr-yaml]").textContent = yaml;
      root.querySelector("[data-mr-berkas]").textContent = p.file;
      root.querySelector("[data-mr-folder]").textContent = p.folder;
      result.dataset.berkas = p.file;
      var open = root.querySelector("[data-mr-buka]");
      if (open && data.baru) {
        var folder = p.folder.replace(/\/$/, "") + (data.forge === "github" ? "" : "/");
        open.href = data.baru + folder + "?filename=" + encodeURIComponent(p.file) + "&value=" + encodeURIComponent(yaml);
      }
      root.querySelector("[data-mr-status]").textContent = "";
      result.hidden = false;
      result.scrollIntoView({ block: "start" });
    }

    var status = root.querySelector("[data-mr-status]");
    function copy(text) {
      function fallback() {
        var area = el("textarea", { readonly: "readonly", "class": "mr-ajukan-salinan" });
        area.value = text;
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        document.body.removeChild(area);
        status.textContent = ok ? "Tersalin ke papan klip." : "Tidak dapat menyalin otomatis: pilih teks berkas di atas lalu tekan Ctrl+C.";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { status.textContent = "Tersalin ke papan klip."; }, fallback);
      } else {
        fallback();
      }
    }
    function download(text, name) {
      var blob = new Blob([text], { type: "application/yaml;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      status.textContent = "Berkas " + name + " diunduh.";
    }
    function yamlOf(selector) { return root.querySelector(selector).textContent; }
    root.querySelector("[data-mr-salin]").addEventListener("click", function () { copy(yamlOf("[data-mr-yaml]")); });
    root.querySelector("[data-mr-unduh]").addEventListener("click", function () {
      download(yamlOf("[data-mr-yaml]"), result.dataset.berkas || "usulan.yaml");
    });
    root.querySelector("[data-mr-salin-berkas]").addEventListener("click", function () { copy(yamlOf("[data-mr-yaml-berkas]")); });
    root.querySelector("[data-mr-unduh-berkas]").addEventListener("click", function () {
      download(yamlOf("[data-mr-yaml-berkas]"), "berkas.yaml");
    });
  }

  // The year of the next Musrenbang Kecamatan, in WIB: this year, or next year in
  // the last `early` months (when desa already hold their musyawarah for it).
  function planningYear(early) {
    var now = new Date(Date.now() + 7 * 3600e3);
    return now.getUTCFullYear() + (now.getUTCMonth() >= 12 - early ? 1 : 0);
  }

  function nowWib() { return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 19) + "+07:00"; }

  function init() { document.querySelectorAll(".mr-ajukan").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
