/* Client ids: every record gets one when it is saved on the phone and keeps it for every
 * resend, so the server stores it once however often it arrives. */

// An RFC 4122 version 4 UUID.
export function uuid() {
  const random = typeof crypto !== 'undefined' ? crypto : null;  // window.crypto (node has one too)
  if (random && typeof random.randomUUID === 'function') { return random.randomUUID(); }
  const bytes = new Uint8Array(16);
  if (random && random.getRandomValues) {
    random.getRandomValues(bytes);
  } else {  // very old WebViews: weaker, still unique enough for one phone's records
    for (let i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); }
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  const hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}
