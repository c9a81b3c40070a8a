// mnist_demo/page/shadow.js: the page's own copy of a pad's strokes.
const test = require('node:test');
const assert = require('node:assert/strict');
const shadow = require('../../mnist_demo/page/shadow.js');

test('a pointer maps to the image shown centred in the canvas at its zoom', () => {
  const rect = {left: 32, top: 257, width: 667, height: 460};  // a laptop's Draw pad
  assert.deepEqual(shadow.toImage(32 + 333.5, 257 + 230, rect, [400, 400], 1), [200, 200]);
  assert.deepEqual(shadow.toImage(32 + 133.5, 257 + 30, rect, [400, 400], 1), [0, 0]);
  const phone = {left: 32, top: 176, width: 326, height: 330};  // 67%: the image 268 px wide
  assert.deepEqual(shadow.toImage(32 + 163 + 67, 176 + 165 - 134, phone, [400, 400], 0.67), [300, 0]);
});

test('the zoom is read from the toolbar', () => {
  assert.equal(shadow.zoomOf(['Brush', ' 67% ', '100%']), 0.67);
  assert.equal(shadow.zoomOf(['12.5%']), 0.125);
  assert.equal(shadow.zoomOf(['Draw one digit', '', undefined]), null);
});

test('the zoom is the editor\'s fit where the toolbar shows it rounded, else what it shows', () => {
  assert.equal(shadow.zoomIn(0.71, [342, 500], [400, 400]), (342 - 60) / 400);  // a phone: 70.5%
  assert.equal(shadow.zoomIn(0.97, [448, 432], [400, 400]), 0.97);              // a laptop
  assert.equal(shadow.zoomIn(0.5, [342, 500], [400, 400]), 0.5);                // zoomed by hand
  assert.equal(shadow.zoomIn(0.6, [960, 360], [900, 300]), 0.6);                // the wide pad: height
});

test('strokes follow the pad\'s own Undo, Redo and Clear', () => {
  const s = new shadow.Strokes([400, 400]);
  const v0 = s.version;
  s.begin([10, 10], 18); s.extend([20, 20]); assert.equal(s.end(), true);
  s.begin([30, 30], 18); s.end();
  assert.ok(s.version > v0 && s.sure);
  s.undo();
  assert.deepEqual(s.done.map((x) => x.points[0]), [[10, 10]]);
  s.redo();
  assert.equal(s.done.length, 2);
  s.undo();
  s.begin([50, 50], 18); s.end();  // a new stroke: nothing left to redo
  s.redo();
  assert.equal(s.sure, false);  // a Redo it cannot follow
  s.clear();
  assert.ok(s.sure && s.done.length === 0);
  assert.equal(s.extend([1, 1]), false);  // no stroke under way
  assert.equal(s.end(), false);
});

test('an Undo past what it saw, another tool or a moved view makes it unsure', () => {
  const s = new shadow.Strokes([400, 400]);
  s.undo();  // after a Clear the editor may bring back strokes this copy never held
  assert.equal(s.sure, false);
  s.clear();
  s.doubt();  // the eraser
  assert.equal(s.sure, false);
  s.clear();
  assert.equal(s.sure, true);
  s.doubt(true);  // zoomed or panned: unsure until the page reloads
  s.clear();
  assert.equal(s.sure, false);
});

test('every change counts a new version', () => {
  const s = new shadow.Strokes([10, 10]);
  const seen = [s.version];
  for (const act of [() => s.begin([1, 1], 2), () => s.extend([2, 2]), () => s.undo(), () => s.redo(),
                     () => s.doubt(), () => s.clear()]) {
    act();
    seen.push(s.version);
  }
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  assert.equal(new Set(seen).size, seen.length);
});

// The editor's brush, written out from its rule (Gradio 6.31's BrushTextures.draw_segment):
// the centres of the discs it stamps for one stroke.
function stamps(points, r) {
  const out = [points[0]];
  for (let k = 1; k < points.length; k++) {
    const [[x0, y0], [x1, y1]] = [points[k - 1], points[k]];
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 0.1) { out.push([x0, y0]); continue; }
    const n = Math.max(Math.ceil(length / Math.max(r / 3, 2)), 2);
    for (let i = 0; i < n; i++) out.push([x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * i / (n - 1)]);
  }
  return out;
}

test('pixels are the discs the brush stamps, as the rasterizer fills them', () => {
  const [w, h] = [60, 40];
  const s = new shadow.Strokes([w, h]);
  const strokes = [[[5.3, 7.9], [30.2, 12.4], [31, 12.6], [50.7, 33.1]], [[12.25, 30.5]]];  // a tap
  for (const [first, ...rest] of strokes) {
    s.begin(first, 9);
    for (const p of rest) s.extend(p);
    s.end();
  }
  const rgba = s.pixels();
  // The reference, in whole 16ths of a pixel (the rasterizer's grid): PixiJS's circle of radius
  // 4.5 has corners every 90° / ceil(2.3 sqrt(9)) = 90° / 7, from 0°, each put on the grid; a
  // pixel centre (16 x + 8, 16 y + 8) is in where it lies right of no edge, or on an edge that
  // goes up or (level) right.
  const centres = strokes.flatMap((q) => stamps(q, 4.5));
  const discs = centres.map(([cx, cy]) => Array.from({length: 28}, (_, k) =>
    [Math.round(16 * (cx + 4.5 * Math.cos(k * Math.PI / 14))), Math.round(16 * (cy + 4.5 * Math.sin(k * Math.PI / 14)))]));
  const covers = (corners, px, py) => corners.every(([ax, ay], k) => {
    const [bx, by] = corners[(k + 1) % corners.length];
    const side = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    return side > 0 || (side === 0 && (by < ay || (by === ay && bx > ax)));
  });
  let ink = 0, rim = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      const inside = discs.some((corners) => covers(corners, 16 * x + 8, 16 * y + 8));
      rim += !inside && centres.some(([cx, cy]) => (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < 4.5 ** 2);
      assert.deepEqual([...rgba.subarray(i, i + 4)], inside ? [0, 0, 0, 255] : [255, 255, 255, 255], `${x},${y}`);
      ink += inside;
    }
  assert.ok(ink > 300 && ink < 900, `${ink}`);  // the strokes, not nothing or everything
  assert.ok(rim > 0);  // pixels in the circle but outside its polygon: the polygon was drawn
  // a finer grid (a GPU's 8 bits) moves the corners, and some pixels on the edges with them
  const finer = s.pixels(8);
  assert.notDeepEqual(finer, rgba);
  assert.ok(finer.reduce((n, v, i) => n + (v !== rgba[i]), 0) < 40 * 4);
});

test('pixels drawn as the pen moves are those of the whole drawing drawn at once', () => {
  const size = [50, 40];
  const fresh = (s) => {  // the same strokes in a copy that never drew before
    const again = new shadow.Strokes(size);
    for (const {width, points: [first, ...rest]} of s.done) {
      again.begin(first, width);
      for (const p of rest) again.extend(p);
      again.end();
    }
    return [...again.pixels()];
  };
  const s = new shadow.Strokes(size);
  const check = (what) => assert.deepEqual([...s.pixels()], fresh(s), what);
  check('nothing drawn');
  s.begin([5, 5], 6); check('a tap');
  for (const p of [[20, 8], [20.05, 8], [30, 30]]) { s.extend(p); check(`to ${p}`); }
  s.end();
  s.begin([40, 5], 10); s.extend([10, 35]); check('a second stroke');
  s.end();
  s.undo(); check('Undo');
  s.redo(); check('Redo');
  s.undo(); s.begin([45, 35], 4); s.extend([45, 10]); check('a new stroke after an Undo');
  s.end();
  s.clear(); check('Clear');
  s.begin([25, 20], 8); check('after Clear');
  assert.notDeepEqual([...s.pixels(8)], [...new shadow.Strokes(size).pixels(8)]);  // another grid
});

test('a point on a polygon\'s edge is in it on a top or a left edge only', () => {
  const square = [[0, 0], [2, 0], [2, 2], [0, 2]];  // clockwise on the screen (y down)
  assert.ok(shadow.inPolygon(square, 1, 1));
  assert.ok(shadow.inPolygon(square, 1, 0));  // top
  assert.ok(shadow.inPolygon(square, 0, 1));  // left
  assert.ok(!shadow.inPolygon(square, 1, 2));  // bottom
  assert.ok(!shadow.inPolygon(square, 2, 1));  // right
  assert.ok(shadow.inPolygon(square, 0, 0));  // the top-left corner
  assert.ok(!shadow.inPolygon(square, 2, 2) && !shadow.inPolygon(square, 2, 0) && !shadow.inPolygon(square, 0, 2));
  assert.ok(!shadow.inPolygon(square, 3, 1) && !shadow.inPolygon(square, 1, -0.01));
});

test('pixels keep to the image: a stroke off its edge draws what lies on it', () => {
  const s = new shadow.Strokes([20, 20]);
  s.begin([-10, 10], 8); s.extend([30, 10]); s.end();
  const rgba = s.pixels();
  assert.equal(rgba.length, 4 * 20 * 20);
  assert.deepEqual([...rgba.subarray(4 * (10 * 20), 4 * (10 * 20) + 4)], [0, 0, 0, 255]);
  assert.deepEqual([...rgba.subarray(0, 4)], [255, 255, 255, 255]);
});

test('the stage view is asked for with ?stage, beside any other parameter', () => {
  const stage = require('../../mnist_demo/page/stage.js');
  assert.ok(stage.wanted('?stage'));
  assert.ok(stage.wanted('?__theme=system&stage=1'));
  assert.ok(!stage.wanted('?__theme=dark'));
  assert.ok(!stage.wanted(''));
});

test('the stage view zooms the pad to the room it has, never below its own size', () => {
  const stage = require('../../mnist_demo/page/stage.js');
  assert.equal(stage.zoomFor([448, 432], [640, 864]), 640 / 448);  // the column's width bounds it
  assert.equal(stage.zoomFor([448, 432], [960, 648]), 1.5);        // the screen's height bounds it
  assert.equal(stage.zoomFor([448, 432], [300, 300]), 1);          // a small screen: as it is
});
