// Peta usulan: draws the site's Leaflet maps (vendored in leaflet/) from data in
// the page. User text goes into the DOM only with textContent, never innerHTML.
//   .mr-peta-map[data-sumber=ID]  a year's map; markers from <script type="application/json" id=ID>
//   .mr-peta-mini[data-lat][data-lon][data-judul][data-status]  one usulan's location
(function () {
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">kontributor OpenStreetMap</a>';

  function pin(status) {
    var safe = String(status || "").replace(/[^a-z0-9-]/gi, "");
    return L.divIcon({ className: "mr-peta-pin mr-peta-pin--" + safe, iconSize: [22, 22], iconAnchor: [11, 26],
                       popupAnchor: [0, -24] });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function popup(item) {
    var box = el("div", "mr-peta-popup");
    var title = el("a", "", item.judul);
    title.href = item.url;
    var head = el("strong");
    head.appendChild(title);
    box.appendChild(head);
    box.appendChild(el("div", "", item.desa + " · " + item.bidang));
    var foot = el("div");
    foot.appendChild(el("span", "mr-status mr-status--" + String(item.status).replace(/[^a-z0-9-]/gi, ""), item.label));
    foot.appendChild(document.createTextNode(" " + item.biaya));
    box.appendChild(foot);
    return box;
  }

  function offlineNotice(container) {
    var notice = container.parentNode.querySelector(".mr-peta-offline");
    if (!notice) {
      notice = el("p", "mr-peta-offline", "Peta dasar OpenStreetMap tidak dapat dimuat (periksa sambungan internet). " +
                                           "Penanda lokasi tetap ditampilkan.");
      notice.hidden = true;
      container.parentNode.insertBefore(notice, container.nextSibling);
    }
    return notice;
  }

  function baseMap(container) {
    container.textContent = "";
    var map = L.map(container, { scrollWheelZoom: false });
    var notice = offlineNotice(container);
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION })
      .on("tileerror", function () { notice.hidden = false; })
      .addTo(map);
    return map;
  }

  function yearMap(container) {
    var source = document.getElementById(container.dataset.sumber);
    if (!source) return;
    var items = JSON.parse(source.textContent);
    if (!items.length) return;
    var map = baseMap(container);
    var markers = items.map(function (item) {
      return L.marker([item.lat, item.lon], { icon: pin(item.status), title: item.judul, alt: item.judul })
        .bindPopup(popup(item))
        .addTo(map);
    });
    map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), { padding: [30, 30], maxZoom: 16 });
    // "Lihat di peta" buttons in the table under the map.
    var table = container.parentNode.querySelector(".mr-peta-tabel");
    if (!table) return;
    Array.prototype.forEach.call(table.querySelectorAll("tr[data-penanda]"), function (row) {
      var marker = markers[parseInt(row.dataset.penanda, 10)];
      var cell = row.querySelector(".mr-peta-koordinat");
      if (!marker || !cell) return;
      var button = el("button", "mr-peta-lihat", "lihat di peta");
      button.type = "button";
      button.addEventListener("click", function () {
        container.scrollIntoView({ behavior: "smooth", block: "center" });
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16));
        marker.openPopup();
      });
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(button);
    });
  }

  function miniMap(container) {
    var lat = parseFloat(container.dataset.lat), lon = parseFloat(container.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) return;
    var map = baseMap(container);
    var title = container.dataset.judul || "";
    L.marker([lat, lon], { icon: pin(container.dataset.status), title: title, alt: title })
      .bindPopup(el("strong", "", title))
      .addTo(map);
    map.setView([lat, lon], 16);
  }

  function init() {
    if (!window.L) return;
    document.querySelectorAll(".mr-peta-map, .mr-peta-mini").forEach(function (container) {
      if (container.dataset.siap) return;
      container.dataset.siap = "1";
      if (container.classList.contains("mr-peta-map")) yearMap(container); else miniMap(container);
    });
  }
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
