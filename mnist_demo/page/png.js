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

  // Deflate's fixed Huffman codes (RFC 1951, 3.2.6) of the literal/length symbols 0-287, each
  // [code, bits] with the code's bits reversed, as the stream takes them (least significant first).
  const FIXED = Array.from({length: 288}, (_, s) => {
    const [code, bits] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9]
      : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
    let r = 0;
    for (let k = 0; k < bits; k++) r |= ((code >> k) & 1) << (bits - 1 - k);
    return [r, bits];
  });
  // The lengths 3-258 that the length symbols 257-285 start at, and their extra bits.
  const LENGTHS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
                   99, 115, 131, 163, 195, 227, 258];
  const EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

  // Bytes -> a zlib stream of one deflate block with the fixed codes, where each byte repeated 3
  // to 258 times after itself is one match at distance 1: a drawing's rows are runs of ink and
  // paper, so 50 kB of them take 1-3 kB, in 1-3 ms and in the caller's own task
  // (the browser's CompressionStream makes a drawing smaller still, but answers in later tasks,
  // each of which waits for the frame the editor is rendering: 230-310 ms a drawing).
  function deflate(data) {
    const out = new Uint8Array(Math.ceil(data.length * 9 / 8) + 16);
    out.set([0x78, 0x01]);
    let [at, bits, n] = [2, 0, 0];
    const put = (value, count) => {
      bits |= value << n;
      for (n += count; n >= 8; n -= 8) { out[at++] = bits & 255; bits >>>= 8; }
    };
    const symbol = (s) => put(...FIXED[s]);
    put(0b011, 3);  // the last block, fixed codes
    for (let i = 0; i < data.length;) {
      const v = data[i++];
      symbol(v);
      let run = 0;
      while (run < 258 && i + run < data.length && data[i + run] === v) run++;
      if (run < 3) continue;
      let k = LENGTHS.length - 1;
      while (LENGTHS[k] > run || (k === LENGTHS.length - 1 && run !== 258)) k--;
      symbol(257 + k);
      put(run - LENGTHS[k], EXTRA[k]);
      put(0, 5);  // distance 1: code 0 of five bits
      i += run;
    }
    symbol(256);  // the block's end
    if (n > 0) out[at++] = bits & 255;
    let [a, b] = [1, 0];  // Adler-32 of the data
    for (let i = 0; i < data.length; i++) { a = (a + data[i]) % 65521; b = (b + a) % 65521; }
    new DataView(out.buffer).setUint32(at, ((b << 16) | a) >>> 0);
    return out.subarray(0, at + 4);
  }

  // Grey pixels -> a PNG file, at once.
  function encode(image) {
    return file(image, deflate(rows(image)));
  }

  return {grey, chunk, deflate, encode};
})();

if (typeof module === 'object') module.exports = png;
