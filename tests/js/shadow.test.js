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

test('render draws white paper and each stroke as the brush does', () => {
  const calls = [];
  const context = new Proxy({}, {
    get: (_, k) => (...a) => calls.push([k, ...a]),
    set: (_, k, v) => (calls.push([`${k}=`, v]), true),
  });
  const s = new shadow.Strokes([400, 300]);
  s.begin([10, 20], 18); s.extend([30, 40]); s.end();
  s.begin([50, 60], 18); s.end();  // a tap
  s.render(context);
  const names = calls.map((c) => c[0]);
  assert.deepEqual(calls.slice(0, 2), [['fillStyle=', '#ffffff'], ['fillRect', 0, 0, 400, 300]]);
  assert.ok(names.includes('lineCap=') && names.includes('lineJoin='));
  assert.deepEqual(calls.filter((c) => ['moveTo', 'lineTo', 'arc'].includes(c[0])),
                   [['moveTo', 10, 20], ['lineTo', 30, 40], ['arc', 50, 60, 9, 0, 2 * Math.PI]]);
  assert.deepEqual(calls.filter((c) => c[0] === 'lineWidth=').map((c) => c[1]), [18, 18]);
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
