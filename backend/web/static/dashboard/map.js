/* The map: the unit's outline and its records, drawn on one canvas.
   Ten thousand SVG markers would make the page crawl; a canvas renderer draws them as
   pixels and still finds which one was clicked. The server sends at most a bounded number
   of records (the newest) and the count of every town's records; a town outline shows
   its count. */
// (a module now; its body keeps the indentation of the old wrapper, to merge with other work on it)
import { h } from './common.js';
import { number, t } from './config.js';
import { indicatorByCode } from './indicators.js';
import { describeRecord } from './records.js';

  // Status is shown by the fill, colour stays the indicator's: approved records are
  // solid, pending ones hollow (they do not count yet), rejected ones grey and dashed.
  export function styleFor(indicator, status, isPlot) {
    const colour = indicator ? indicator.colour : '#555555';
    if (status === 'rejected') {
      return { color: '#6b6b6b', weight: 1.5, dashArray: '3 3', fillColor: '#9e9e9e', fillOpacity: isPlot ? 0.15 : 0.5 };
    }
    if (status === 'pending') {
      return { color: colour, weight: 2, fillColor: '#ffffff', fillOpacity: isPlot ? 0.15 : 0.9 };
    }
    return { color: colour, weight: isPlot ? 1.5 : 1, fillColor: colour, fillOpacity: isPlot ? 0.4 : 0.85 };
  }

  export class RecordMap {
    constructor(element, basemap) {
      this.element = element;
      // the whole of Meizhou until the outline arrives
      // zoomSnap 0.25: a county fills the frame instead of sitting small at the lower zoom
      this.map = L.map(element, {
        preferCanvas: true, center: [24.3, 116.1], zoom: 8, minZoom: 5, maxZoom: 19, zoomSnap: 0.25,
      });
      this.renderer = L.canvas({ padding: 0.5, tolerance: 5 }); // tolerance: a finger misses by pixels
      if (basemap && basemap.url) {
        L.tileLayer(basemap.url, { attribution: basemap.attribution || '', maxZoom: 19 }).addTo(this.map);
      } else {
        // no basemap configured (or no internet): outlines and records still tell where things are
        element.classList.add('no-basemap');
        this.map.attributionControl.addAttribution(t('no_basemap'));
      }
      this.outline = L.geoJSON(null, {
        interactive: false,
        style: (feature) => (feature.properties.level === 'town'
          ? { color: '#3b3b3b', weight: 1, dashArray: '4 4', fill: false }
          : { color: '#1b1b1b', weight: 2.5, fill: false }),
      }).addTo(this.map);
      this.records = L.layerGroup().addTo(this.map);
      this.layersById = new Map();
      this.loadRecord = null; // set by the page: id -> Promise of the full record
    }

    setOutline(collection) {
      this.outline.clearLayers();
      this.outline.addData(collection);
      if (this.townCounts) this.labelTowns(this.townCounts);
    }

    /** Labels each town outline with its number of records (collection.towns). */
    labelTowns(towns) {
      this.townCounts = towns;
      const byCode = new Map(towns.map((town) => [town.code, town.records]));
      this.outline.eachLayer((layer) => {
        const p = layer.feature.properties;
        if (p.level !== 'town') return;
        layer.unbindTooltip();
        layer.bindTooltip(t('map_town_count', { town: p.name, n: number(byCode.get(p.code) || 0, 0) }),
          { permanent: false, sticky: true });
      });
    }

    /** The view as the API's bbox (minLon,minLat,maxLon,maxLat). */
    bbox() {
      const b = this.map.getBounds();
      const clip = (n) => Math.max(-180, Math.min(180, n)).toFixed(6);
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(clip).join(',');
    }

    /** Replaces the records shown. Returns counts of points and plots drawn, whether the
     * server left records out (truncated) and how many the filters select in all. */
    setRecords(collection) {
      this.records.clearLayers();
      this.layersById.clear();
      let points = 0;
      let plots = 0;
      collection.features.forEach((feature) => {
        const p = feature.properties;
        const indicator = indicatorByCode[p.indicator];
        const [lon, lat] = feature.geometry.coordinates;
        const marker = L.circleMarker([lat, lon], Object.assign(
          { renderer: this.renderer, radius: 5 }, styleFor(indicator, p.status, false)));
        this.bindPopup(marker, p.id);
        this.records.addLayer(marker);
        const entry = { marker, polygon: null, indicator };
        this.layersById.set(p.id, entry);
        points += 1;
        if (p.plot) {
          const depth = p.plot.type === 'MultiPolygon' ? 2 : 1;
          entry.polygon = L.polygon(L.GeoJSON.coordsToLatLngs(p.plot.coordinates, depth), Object.assign(
            { renderer: this.renderer }, styleFor(indicator, p.status, true)));
          this.bindPopup(entry.polygon, p.id);
          this.records.addLayer(entry.polygon);
          plots += 1;
        }
      });
      this.element.dataset.points = String(points);
      this.element.dataset.plots = String(plots);
      this.element.dataset.truncated = String(Boolean(collection.truncated));
      this.labelTowns(collection.towns || []);
      return { points, plots, truncated: Boolean(collection.truncated), matched: collection.records_matched };
    }

    bindPopup(layer, id) {
      // the popup asks for the full record only when opened: the map itself stays slim
      layer.bindPopup(t('loading'), { maxWidth: 300, minWidth: 200 });
      layer.on('popupopen', (event) => {
        const popup = event.popup;
        popup.setContent(t('loading'));
        this.loadRecord(id).then((record) => {
          if (popup.isOpen()) popup.setContent(describeRecord(record));
        }).catch((error) => { popup.setContent(h('p', { text: error.message })); });
      });
    }

    /** Shows the records (when asked for, e.g. one town's), else the outline, else Meizhou. */
    fit(preferRecords) {
      const outline = this.outline.getBounds();
      const records = L.latLngBounds([]);
      this.records.eachLayer((layer) => records.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng()));
      const bounds = (preferRecords && records.isValid()) ? records : (outline.isValid() ? outline : records);
      if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
    }

    /** Centres a record and opens its popup (from the records table). */
    focus(id) {
      const entry = this.layersById.get(id);
      if (!entry) return false;
      this.map.setView(entry.marker.getLatLng(), Math.max(this.map.getZoom(), 14));
      entry.marker.openPopup();
      return true;
    }

    /** Restyles one record after a review, rather than fetching every record again. */
    setStatus(id, status) {
      const entry = this.layersById.get(id);
      if (!entry) return false;
      entry.marker.setStyle(styleFor(entry.indicator, status, false));
      if (entry.polygon) entry.polygon.setStyle(styleFor(entry.indicator, status, true));
      return true;
    }

    invalidate() { this.map.invalidateSize(); }
  }
