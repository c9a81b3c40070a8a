// mnist_demo/page/png.js against Pillow: the page must hand the server the very pixels the
// server would compute itself (tests/test_browser.py checks the same on random canvases).
const test = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const png = require('../../mnist_demo/page/png.js');

// A 6x4 opaque RGBA image of random bytes, and what Pillow 11 makes of it:
// Image.fromarray(rgba).convert('RGB').convert('L'), and that .reduce(2).
const RGBA = [95, 130, 194, 255, 207, 235, 15, 255, 33, 215, 217, 255, 248, 189, 16, 255, 184,
  232, 205, 255, 169, 61, 125, 255, 29, 240, 66, 255, 182, 39, 59, 255, 59, 81, 222, 255, 120,
  122, 50, 255, 78, 28, 64, 255, 121, 89, 170, 255, 127, 178, 237, 255, 113, 123, 76, 255, 69,
  154, 130, 255, 95, 73, 192, 255, 191, 127, 220, 255, 231, 1, 43, 255, 237, 191, 86, 255, 7, 232,
  96, 255, 76, 55, 0, 255, 77, 199, 219, 255, 176, 144, 190, 255, 104, 120, 179, 255];
const PILLOW_L = [127, 202, 161, 187, 215, 101, 157, 84, 90, 113, 47, 108, 169, 115, 126, 93, 157,
  75, 193, 149, 55, 165, 159, 122];
const PILLOW_REDUCED = [143, 138, 118, 157, 110, 128];

test('grey is Pillow\'s L where the image fits the work side', () => {
  const g = png.grey(new Uint8Array(RGBA), 6, 4, 6);
  assert.deepEqual([g.width, g.height], [6, 4]);
  assert.deepEqual([...g.pixels], PILLOW_L);
});

test('grey halves as Pillow\'s reduce(2) where the longer side is up to twice the work side', () => {
  const g = png.grey(new Uint8Array(RGBA), 6, 4, 3);
  assert.deepEqual([g.width, g.height], [3, 2]);
  assert.deepEqual([...g.pixels], PILLOW_REDUCED);
  assert.equal(png.grey(new Uint8Array(RGBA), 6, 4, 2).width, 6);  // over twice: the server's own
});

test('an image with any transparency is left to the server', () => {
  const rgba = new Uint8Array(RGBA);
  rgba[4 * 5 + 3] = 254;
  assert.equal(png.grey(rgba, 6, 4, 6), null);
});

// The chunks of a PNG file, each CRC checked, and the grey pixels its IDAT holds.
function read(bytes, width, height) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer);
  const chunks = {};
  for (let at = 8; at < bytes.length;) {
    const n = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    chunks[type] = bytes.subarray(at + 8, at + 8 + n);
    const crc = zlib.crc32(bytes.subarray(at + 4, at + 8 + n));
    assert.equal(view.getUint32(at + 8 + n), crc, `${type}'s CRC`);
    at += 12 + n;
  }
  assert.deepEqual(Object.keys(chunks), ['IHDR', 'IDAT', 'IEND']);
  const head = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset);
  assert.deepEqual([head.getUint32(0), head.getUint32(4)], [width, height]);
  assert.deepEqual([...chunks.IHDR.subarray(8)], [8, 0, 0, 0, 0]);  // 8-bit grey, no interlace
  const rows = zlib.inflateSync(chunks.IDAT);  // checks zlib's Adler-32 too
  assert.equal(rows.length, height * (width + 1));
  const pixels = [];
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (width + 1)], 0);  // no filter
    pixels.push(...rows.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return pixels;
}

test('encode makes a valid grey PNG of the pixels', () => {
  assert.deepEqual(read(png.encode({pixels: new Uint8Array(PILLOW_L), width: 6, height: 4}), 6, 4),
                   PILLOW_L);
  const [width, height] = [224, 224];  // a drawing: runs of paper and of ink, and noise
  const pixels = Uint8Array.from({length: width * height}, (_, i) =>
    i % width < 100 ? 255 : i % width < 120 ? 0 : (i * 2654435761) >>> 24);
  const bytes = png.encode({pixels, width, height});
  assert.deepEqual(read(bytes, width, height), [...pixels]);
  assert.ok(bytes.length < 0.6 * width * height, `${bytes.length}`);  // the runs went
});

test('deflate is zlib\'s inflate\'s inverse for every run length', () => {
  for (let run = 0; run <= 600; run++) {
    const data = Uint8Array.from({length: run + 2}, (_, i) => (i === 0 || i > run ? i % 256 : 7));
    assert.deepEqual([...zlib.inflateSync(png.deflate(data))], [...data], `a run of ${run}`);
  }
  assert.equal(zlib.inflateSync(png.deflate(new Uint8Array())).length, 0);
  const noise = Uint8Array.from({length: 70000}, (_, i) => (i * 2654435761) >>> 24);
  assert.deepEqual([...zlib.inflateSync(png.deflate(noise))], [...noise]);
});
