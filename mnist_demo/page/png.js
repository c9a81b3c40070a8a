// The server's first step on a pad's drawing, taken in the page with Pillow's own integer
// arithmetic (preprocess._grey_from_pil), so that the server reads exactly the same pixels: an
// opaque image made grey, then averaged over 2x2 boxes where its longer side is over the
// server's work side and at most twice that. The pad's 400x400 colour PNG then goes up as a
// 200x200 grey one, which the server decodes in a twentieth of the time.
const png = (() => {
  // RGBA bytes (w x h) -> {pixels, width, height} of the grey (and maybe halved) image, or null
  // where the image is not opaque (the server flattens it over its own background).
  function grey(rgba, w, h, workSide) {
    const l = new Uint8Array(w * h);
    for (let i = 0, j = 0; i < l.length; i++, j += 4) {
      if (rgba[j + 3] !== 255) return null;
      l[i] = (rgba[j] * 19595 + rgba[j + 1] * 38470 + rgba[j + 2] * 7471 + 0x8000) >>> 16;  // Pillow's L
    }
    const k = Math.ceil(Math.max(w, h) / workSide) === 2 && w % 2 === 0 && h % 2 === 0 ? 2 : 1;
    if (k === 1) return {pixels: l, width: w, height: h};
    const [W, H] = [w / 2, h / 2];
    const out = new Uint8Array(W * H);
    for (let y = 0; y < H; y++)
      for (let x = 0, i = 2 * y * w; x < W; x++, i += 2)
        out[y * W + x] = (l[i] + l[i + 1] + l[i + w] + l[i + w + 1] + 2) >> 2;  // Pillow's reduce(2)
    return {pixels: out, width: W, height: H};
  }

  const crcs = Array.from({length: 256}, (_, c) => {
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });

  // A PNG chunk: length, type, data, CRC of type and data.
  function chunk(type, data) {
    const out = new Uint8Array(12 + data.length);
    out.set([...type].map((c) => c.charCodeAt(0)), 4);
    out.set(data, 8);
    let c = ~0;
    for (let i = 4; i < 8 + data.length; i++) c = crcs[(c ^ out[i]) & 255] ^ (c >>> 8);
    new DataView(out.buffer).setUint32(0, data.length);
    new DataView(out.buffer).setUint32(8 + data.length, ~c >>> 0);
    return out;
  }

  // The image's rows as PNG stores them: each after its filter type, 0 (none).
  function rows({pixels, width, height}) {
    const out = new Uint8Array(height * (width + 1));
    for (let y = 0; y < height; y++)
      out.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
    return out;
  }

  // The bytes of a PNG file of 8-bit grey pixels whose rows are deflated as `zlib`.
  function file({width, height}, zlib) {
    const head = new Uint8Array(13);  // width, height, 8 bits, grey, deflate, no filter, no interlace
    new DataView(head.buffer).setUint32(0, width);
    new DataView(head.buffer).setUint32(4, height);
    head[8] = 8;
    const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', head),
                   chunk('IDAT', zlib), chunk('IEND', new Uint8Array())];
    const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
    parts.reduce((at, x) => (out.set(x, at), at + x.length), 0);
    return out;
  }

  // Grey pixels -> a PNG file, compressed by the browser's CompressionStream: small, but it
  // takes turns with whatever else the page is doing.
  async function encode(image) {
    const stream = new Blob([rows(image)]).stream().pipeThrough(new CompressionStream('deflate'));
    return file(image, new Uint8Array(await new Response(stream).arrayBuffer()));
  }

  // Grey pixels -> a PNG file at once, its rows stored without compression (zlib's stored
  // blocks): larger, for the one drawing that must leave before the page does anything else.
  function encodeNow(image) {
    const data = rows(image);
    const blocks = Math.max(1, Math.ceil(data.length / 65535));
    const zlib = new Uint8Array(2 + 5 * blocks + data.length + 4);
    zlib.set([0x78, 0x01]);
    let at = 2;
    for (let k = 0; k < blocks; k++) {
      const part = data.subarray(k * 65535, (k + 1) * 65535);
      zlib.set([k === blocks - 1 ? 1 : 0, part.length & 255, part.length >> 8,
                ~part.length & 255, (~part.length >> 8) & 255], at);
      zlib.set(part, at + 5);
      at += 5 + part.length;
    }
    let [a, b] = [1, 0];  // Adler-32 of the rows
    for (let i = 0; i < data.length; i++) { a = (a + data[i]) % 65521; b = (b + a) % 65521; }
    new DataView(zlib.buffer).setUint32(at, ((b << 16) | a) >>> 0);
    return file(image, zlib);
  }

  return {grey, chunk, encode, encodeNow};
})();

if (typeof module === 'object') module.exports = png;
