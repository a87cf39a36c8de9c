/* Geometry on the phone: the plot's area in mu while it is drawn, distances for the GPS walk.
 *
 * The area is the server's (geodesic, on the WGS84 ellipsoid) to well under 0.1 % for a
 * field: latitudes go to authalic latitudes, which map the ellipsoid onto a sphere of the
 * same area (radius Rq), and the polygon's area on that sphere is summed edge by edge as the
 * exact spherical excess of the quadrilateral between the edge and the equator. The only
 * approximation left is the edge shape (a great circle on the authalic sphere rather than a
 * geodesic on the ellipsoid), metres apart over kilometres. 1 km² = 1500 mu.
 */
var A = 6378137;                  // WGS84 semi-major axis, m
var F = 1 / 298.257223563;        // WGS84 flattening
var E2 = F * (2 - F);
var E = Math.sqrt(E2);
export const MU_PER_M2 = 1500 / 1e6;
var RAD = Math.PI / 180;

function q(sinPhi) {
  var es = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}
var QP = q(1);
var RQ = A * Math.sqrt(QP / 2);   // radius of the sphere with the ellipsoid's area

function authalic(latDeg) {
  var ratio = q(Math.sin(latDeg * RAD)) / QP;
  return Math.asin(Math.max(-1, Math.min(1, ratio)));
}

// ring: [[lon, lat], ...], open or closed, either winding. Returns m².
export function ringAreaM2(ring) {
  var n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) { n -= 1; }
  if (n < 3) { return 0; }
  var excess = 0;
  for (var i = 0; i < n; i++) {
    var p = ring[i];
    var r = ring[(i + 1) % n];
    var dLon = (r[0] - p[0]) * RAD;
    // keep the longitude step in (-π, π]: plots never cross the antimeridian, but be safe
    if (dLon > Math.PI) { dLon -= 2 * Math.PI; } else if (dLon < -Math.PI) { dLon += 2 * Math.PI; }
    var t1 = Math.tan(authalic(p[1]) / 2);
    var t2 = Math.tan(authalic(r[1]) / 2);
    excess += 2 * Math.atan2(Math.tan(dLon / 2) * (t1 + t2), 1 + t1 * t2);
  }
  return Math.abs(excess) * RQ * RQ;
}

export function areaMu(ring) {
  return ringAreaM2(ring) * MU_PER_M2;
}

// Great-circle distance in metres (for "moved far enough to add a walk point").
export function distanceM(a, b) {
  var lat1 = a[1] * RAD;
  var lat2 = b[1] * RAD;
  var dLat = lat2 - lat1;
  var dLon = (b[0] - a[0]) * RAD;
  var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
    Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// The mean of the corners: inside any convex plot, good enough as the record's point.
export function centre(ring) {
  var lon = 0;
  var lat = 0;
  ring.forEach(function (p) { lon += p[0]; lat += p[1]; });
  return [round(lon / ring.length), round(lat / ring.length)];
}

// 7 decimals ≈ 1 cm: more is noise, and a stable number keeps a replay equal to the original.
export function round(x) {
  return Math.round(x * 1e7) / 1e7;
}

export function closed(ring) {
  var out = ring.map(function (p) { return [p[0], p[1]]; });
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) {
    out.push([out[0][0], out[0][1]]);
  }
  return out;
}

