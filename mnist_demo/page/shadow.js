// The page's own copy of a pad's drawing, kept from the pointer's events: what lets the answer
// form while the pen moves and arrive as it lifts, without waiting the ~700 ms in which the
// Sketchpad renders and extracts its images. The Sketchpad's composite stays the last word after
// every pause (pads.js); this copy only has to be right where it claims to be sure.
const shadow = (() => {
  // A pad image's pixel under a pointer at (clientX, clientY): the editor shows the image
  // centred in its canvas element (`rect`, the element's client rectangle) at `zoom`.
  function toImage(clientX, clientY, rect, [w, h], zoom) {
    return [(clientX - rect.left - rect.width / 2) / zoom + w / 2,
            (clientY - rect.top - rect.height / 2) / zoom + h / 2];
  }

  // The zoom an editor shows in its toolbar ("67%"), or null.
  function zoomOf(texts) {
    const t = texts.map((s) => (s || '').trim()).find((s) => /^\d+(\.\d+)?%$/.test(s));
    return t ? parseFloat(t) / 100 : null;
  }

  // The zoom itself, where the toolbar shows it rounded: the editor fits the image into its
  // canvas of [W, H] CSS px with a border of 30 px (Gradio 6.31's ZoomTool.calculate_min_zoom).
  // Where that fit rounds to the percent `shown`, the fit is the zoom; else (zoomed by hand)
  // what is shown.
  const BORDER = 30;
  function zoomIn(shown, [W, H], [w, h]) {
    const fit = Math.min((W - 2 * BORDER) / w, (H - 2 * BORDER) / h);
    return Math.round(fit * 100) === Math.round(shown * 100) ? fit : shown;
  }

  // Whether (px, py) lies in a convex polygon whose corners go clockwise on the screen (y down),
  // by the top-left rule where it lies on an edge: such a point belongs to the polygon where the
  // edge is a left one (going up the screen) or a top one (level, going right).
  function inPolygon(corners, px, py) {
    for (let k = 0; k < corners.length; k++) {
      const [ax, ay] = corners[k];
      const [bx, by] = corners[(k + 1) % corners.length];
      const [dx, dy] = [bx - ax, by - ay];
      const side = dx * (py - ay) - dy * (px - ax);
      if (side < 0 || (side === 0 && !(dy < 0 || (dy === 0 && dx > 0)))) return false;
    }
    return true;
  }

  // Strokes of one pad, in its image's pixels, with the pad's own Undo, Redo and Clear. `sure`
  // turns false at any action it does not follow (the eraser, another brush size, a zoomed or
  // panned view, an Undo past what it saw); Clear makes it sure again, unless the view moved.
  class Strokes {
    constructor(size) {
      this.size = size;  // [w, h] of the pad's image
      this.clear();
      this.viewMoved = false;
      this.version = 0;  // counts every change to the drawing
    }

    clear() {
      this.done = [];
      this.undone = [];
      this.current = null;
      this.doubts = 0;
      this.version++;
    }

    get sure() {
      return !this.viewMoved && this.doubts === 0;
    }

    doubt(viewMoved = false) {
      this.doubts++;
      this.viewMoved ||= viewMoved;
      this.version++;
    }

    begin(point, width) {
      this.current = {width, points: [point]};
      this.done.push(this.current);
      this.undone = [];
      this.version++;
    }

    extend(point) {
      if (!this.current) return false;
      this.current.points.push(point);
      this.version++;
      return true;
    }

    end() {
      const drawing = this.current !== null;
      this.current = null;
      return drawing;
    }

    undo() {
      if (this.done.length) this.undone.push(this.done.pop());
      else this.doubt();  // an Undo of what it never saw (a Clear, a stroke before it started)
      this.version++;
    }

    redo() {
      if (this.undone.length) this.done.push(this.undone.pop());
      else this.doubt();
      this.version++;
    }

    // The drawing as the editor's brush makes it (Gradio 6.31's BrushTextures.draw_segment): a
    // disc of radius `width` / 2 at the stroke's first point, then along each segment between
    // two events' points, discs every max(r / 3, 2) px (at least two, ends included). A disc is
    // PixiJS's circle: a polygon of 4 ceil(2.3 sqrt(2 r)) corners on the circle, the first at
    // angle 0, filled as WebGL fills it, without antialiasing: its corners put on the
    // rasterizer's grid of 2^-`subpixelBits` px (WebGL's SUBPIXEL_BITS: 4 in Chromium without a
    // GPU), a pixel is ink where its centre lies inside, and a centre on an edge belongs to the
    // polygon where the edge is a top or a left one (the top-left rule). -> RGBA bytes (w x h),
    // black ink on white: the editor's composite, pixel for pixel. The bytes are the copy's
    // own, read before the next change: a drawing only grows while the pen moves, so only the
    // points added since the last call are drawn into them (a whole drawing again after Undo,
    // Redo or Clear).
    pixels(subpixelBits = 4) {
      const [w, h] = this.size;
      const was = this.raster;  // {bits, rgba, strokes: those drawn, drawn: their points drawn}
      if (was?.bits !== subpixelBits || was.strokes.some((stroke, k) => stroke !== this.done[k]))
        this.raster = {bits: subpixelBits, rgba: new Uint8Array(4 * w * h).fill(255), strokes: [],
                       drawn: []};
      const {rgba, strokes, drawn} = this.raster;
      const grid = 2 ** subpixelBits;
      const snap = (v) => Math.round(v * grid) / grid;
      const disc = (cx, cy, r) => {
        const n = 4 * Math.ceil(2.3 * Math.sqrt(2 * r));
        const corners = Array.from({length: n}, (_, k) =>
          [snap(cx + r * Math.cos(2 * Math.PI * k / n)), snap(cy + r * Math.sin(2 * Math.PI * k / n))]);
        const inner = r * Math.cos(Math.PI / n) - 1 / grid;  // surely inside within this distance
        const outer = r + 1 / grid;  // surely outside beyond it
        for (let y = Math.max(0, Math.floor(cy - outer)); y <= Math.min(h - 1, Math.ceil(cy + outer)); y++)
          for (let x = Math.max(0, Math.floor(cx - outer)); x <= Math.min(w - 1, Math.ceil(cx + outer)); x++) {
            const [px, py] = [x + 0.5, y + 0.5];
            const d2 = (px - cx) ** 2 + (py - cy) ** 2;
            const at = 4 * (y * w + x);
            if (d2 > outer * outer || !rgba[at]) continue;
            if (d2 >= inner * inner && !inPolygon(corners, px, py)) continue;
            rgba.fill(0, at, at + 3);
          }
      };
      this.done.forEach(({width, points}, s) => {
        const r = width / 2;
        const step = Math.max(r / 3, 2);
        const from = drawn[s] ?? 0;  // points of this stroke already drawn
        if (from === 0) disc(...points[0], r);
        for (let k = Math.max(from, 1); k < points.length; k++) {
          const [[x0, y0], [x1, y1]] = [points[k - 1], points[k]];
          const length = Math.hypot(x1 - x0, y1 - y0);
          if (length < 0.1) { disc(x0, y0, r); continue; }
          const n = Math.max(Math.ceil(length / step), 2);
          for (let i = 0; i < n; i++) disc(x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * i / (n - 1), r);
        }
        strokes[s] = this.done[s];
        drawn[s] = points.length;
      });
      return rgba;
    }
  }

  return {toImage, zoomOf, zoomIn, inPolygon, Strokes};
})();

if (typeof module === 'object') module.exports = shadow;
