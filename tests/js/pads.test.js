// mnist_demo/page/pads.js: how the page recognises Gradio's requests at any address, swaps its
// own names for a pad's drawing, and keeps a pad's answers in order.
const test = require('node:test');
const assert = require('node:assert/strict');
const pads = require('../../mnist_demo/page/pads.js');

const PAGE = 'http://127.0.0.1:7860/?__theme=system';

test('a request is known by its path, whatever the address around it', () => {
  for (const [url, base] of [
    ['http://127.0.0.1:7860/gradio_api/run/predict', PAGE],
    ['http://127.0.0.1:7860/gradio_api/run/predict?__theme=dark', PAGE],  // Gradio adds the page's query
    ['/gradio_api/run/predict?utm_source=talk', PAGE],
    ['gradio_api/run/predict', 'http://h/mnist/?__theme=system'],  // behind a proxy's sub-path
    [{url: 'https://x.hf.space/gradio_api/run/predict?__theme=system'}, PAGE],  // a Request
  ]) assert.ok(pads.route(url, base).endsWith('/gradio_api/run/predict'), String(url));
  assert.equal(pads.route('gradio_api/upload?upload_id=x', 'http://h/mnist/'), '/mnist/gradio_api/upload');
  assert.equal(pads.route('/gradio_api/run/predict_photo', PAGE), '/gradio_api/run/predict_photo');
  assert.equal(pads.route('http://[bad', undefined), '');
});

test('the editor\'s uploads of a pad\'s images are the page\'s; photos, with progress, are not', () => {
  const form = (...names) => {
    const f = new FormData();
    for (const n of names) f.append('files', new Blob([new Uint8Array([1])]), n);
    return {method: 'POST', body: f};
  };
  const pad = form('composite.png', 'background.png', 'layer_0.png');
  assert.equal(pads.padUpload('/gradio_api/upload', pad, PAGE).length, 3);
  assert.equal(pads.padUpload('gradio_api/upload?__theme=dark', pad, 'http://h/mnist/').length, 3);
  assert.equal(pads.padUpload('/gradio_api/upload?upload_id=abc', pad, PAGE), null);  // a photo
  assert.equal(pads.padUpload('/gradio_api/upload', form('composite.png', 'holiday.jpg'), PAGE), null);
  assert.equal(pads.padUpload('/gradio_api/run/predict', pad, PAGE), null);
  assert.equal(pads.padUpload('/gradio_api/upload', {body: '{}'}, PAGE), null);
});

test('hash is FNV-1a, base64 is the bytes\'', () => {
  assert.equal(pads.hash(new Uint8Array()), 2166136261);
  assert.equal(pads.hash(new TextEncoder().encode('a')), 0xe40c292c);  // FNV-1a 32 of "a"
  const bytes = Uint8Array.from({length: 70000}, (_, i) => (i * 7) % 256);  // over one slice
  assert.equal(pads.base64(bytes), Buffer.from(bytes).toString('base64'));
});

const padValue = (name) => ({background: {path: 'pad-unread'}, layers: [{path: 'pad-unread'}],
                             composite: {path: name, meta: {_type: 'gradio.FileData'}}});

test('a pad named by the page goes as null, its drawing in the input after it', () => {
  const drawings = new Map([['pad-drawing-3-1', 'iVBOR']]);
  const body = JSON.stringify({data: [padValue('pad-drawing-3-1'), '', 'CNN'], fn_index: 4});
  assert.deepEqual(JSON.parse(pads.withDrawings(body, drawings, 'unread')),
                   {data: [null, 'iVBOR', 'CNN'], fn_index: 4});
});

test('a drawing the page does not hold is sent as `unread`, never as its name', () => {
  const body = JSON.stringify({data: [padValue('pad-drawing-9-9'), ''], fn_index: 1});
  const out = pads.withDrawings(body, new Map(), 'unread');
  assert.deepEqual(JSON.parse(out).data, [null, 'unread']);
  assert.ok(!out.includes('pad-'));
});

test('requests that name no page file are left alone', () => {
  const drawings = new Map();
  assert.equal(pads.withDrawings(undefined, drawings, 'u'), null);
  assert.equal(pads.withDrawings('{"data": ["CNN"], "fn_index": 1}', drawings, 'u'), null);
  const photo = JSON.stringify({data: [{path: '/tmp/gradio/x/pad-photo.png'}, 'CNN']});
  assert.equal(pads.withDrawings(photo, drawings, 'u'), null);  // a file, not a pad value
  const uploaded = {background: null, layers: [], composite: {path: '/tmp/gradio/composite.png'}};
  assert.equal(pads.withDrawings(JSON.stringify({data: [uploaded, '"pad-']}), drawings, 'u'), null);
});

function clock() {
  const c = {t: 0, timers: [], now: () => c.t, later: (f, ms) => c.timers.push([c.t + ms, f])};
  c.run = (until) => {
    c.t = until;
    for (const [at, f] of c.timers.splice(0).sort((a, b) => a[0] - b[0]))
      at <= until ? f() : c.timers.push([at, f]);
  };
  return c;
}

test('a click waits until the previous click\'s request is out, then goes at once', () => {
  const c = clock();
  const clicked = [];
  const strokes = pads.clicks((id) => clicked.push([id, c.t]), c);
  strokes.ask('pad-stroke');
  strokes.ask('pad-stroke');  // a model change while the stroke's images are still extracted
  strokes.ask('pad-stroke');  // held clicks collapse into one
  strokes.ask('number-pad-stroke');  // another pad's button is not held
  assert.deepEqual(clicked, [['pad-stroke', 0], ['number-pad-stroke', 0]]);
  c.run(300);
  strokes.sent('pad-stroke');  // the stroke's request is out
  c.run(300);
  assert.deepEqual(clicked.map((x) => x[0]), ['pad-stroke', 'number-pad-stroke', 'pad-stroke']);
  strokes.sent('some-other-button');  // not a stroke button: nothing happens
  c.run(10000);
  assert.equal(clicked.length, 3);
});

test('a click whose request never went out holds the next one no longer than 5 s', () => {
  const c = clock();
  const clicked = [];
  const strokes = pads.clicks((id) => clicked.push(c.t), c);
  strokes.ask('pad-stroke');
  c.run(1000);
  strokes.ask('pad-stroke');
  c.run(4999);
  assert.deepEqual(clicked, [0]);
  c.run(6000);
  assert.deepEqual(clicked, [0, 6000]);
});

test('a copy event\'s outputs are read from its answer, and nothing from any other body', () => {
  const answer = JSON.stringify({data: ['It\'s a 7', '<div>bars</div>', null], is_generating: false});
  assert.deepEqual(pads.copyData(answer, 3), ['It\'s a 7', '<div>bars</div>', null]);
  assert.equal(pads.copyData(answer, 4), null);  // another event's answer
  assert.equal(pads.copyData(JSON.stringify({error: 'boom'}), 3), null);
  assert.equal(pads.copyData('<html>502 Bad Gateway</html>', 3), null);
  assert.equal(pads.copyData('null', 3), null);
});

test('an answer older than the one shown gives way to it', () => {
  const shown = pads.answers();
  assert.equal(shown('pad', 3, 'live', 'live 3'), 'live 3');
  assert.equal(shown('pad', 5, 'live', 'live 5'), 'live 5');
  assert.equal(shown('pad', 4, 'live', 'live 4'), 'live 5');  // overtaken on its way
  assert.equal(shown('pad', 4, 'stroke', 'stroke 4'), 'live 5');  // the composite of an older drawing
  assert.equal(shown('number-pad', 1, 'live', 'n1'), 'n1');  // each pad on its own
  assert.equal(shown('pad', 5, 'stroke', 'stroke 5'), 'stroke 5');  // the composite: the last word
  assert.equal(shown('pad', 5, 'live', 'live 5 late'), 'stroke 5');
  assert.equal(shown('pad', 5, 'stroke', 'stroke 5, MLP'), 'stroke 5, MLP');  // a model change
});

// A PixiJS app as the page meets it: a canvas somewhere in the page, and a ticker.
const pixiApp = (where) => {
  const ticker = {started: true, stop() { this.started = false; }, start() { this.started = true; }};
  return {canvas: where, ticker, renderer: {}};
};
const padElement = (...inside) => ({contains: (el) => inside.includes(el)});

test('at pen-up the pad\'s render loops stop, and start again once released', () => {
  const c = clock();
  const hooks = {};
  const frames = pads.idleFrames(hooks, {later: c.later, most: 1000});
  const [mine, other, idle] = [{}, {}, {}];
  const pad = padElement(mine, idle);
  const apps = [pixiApp(mine), pixiApp(other), pixiApp(idle)];
  apps[2].ticker.started = false;  // a loop that had already ended
  for (const app of apps) hooks.__PIXI_APP_INIT__(app, '8.15.0');
  frames.hold(pad);
  assert.deepEqual(apps.map((a) => a.ticker.started), [false, true, false]);  // only the pad's
  frames.release(pad);
  assert.deepEqual(apps.map((a) => a.ticker.started), [true, true, false]);  // the ended one stays so
  frames.release(pad);  // twice: nothing more
  assert.deepEqual(apps.map((a) => a.ticker.started), [true, true, false]);
});

test('a held render loop starts again by itself after `most` ms', () => {
  const c = clock();
  const hooks = {};
  const frames = pads.idleFrames(hooks, {later: c.later, most: 1000});
  const canvas = {};
  const app = pixiApp(canvas);
  hooks.__PIXI_APP_INIT__(app, '8.15.0');
  frames.hold(padElement(canvas));
  c.run(999);
  assert.equal(app.ticker.started, false);
  c.run(1000);
  assert.equal(app.ticker.started, true);
});

test('PixiJS\'s hook keeps what was there, and a destroyed app is forgotten', () => {
  const seen = [];
  const hooks = {__PIXI_APP_INIT__: (app, version) => seen.push(version)};
  const c = clock();
  const frames = pads.idleFrames(hooks, {later: c.later});
  const canvas = {};
  const app = pixiApp(canvas);
  hooks.__PIXI_APP_INIT__(app, '8.15.0');
  assert.deepEqual(seen, ['8.15.0']);  // the devtools' own hook still runs
  app.renderer = null;  // destroyed: its ticker is no longer the page's to touch
  frames.hold(padElement(canvas));
  assert.equal(app.ticker.started, true);
});

test('a pad whose canvas does not fill its frame is made a pixel shorter, and whole two frames later', () => {
  const frame = (canvasSize, size = [460, 460]) => {
    const canvas = {tagName: 'CANVAS', clientWidth: canvasSize[0], clientHeight: canvasSize[1]};
    return {children: [{tagName: 'DIV'}, canvas], clientWidth: size[0], clientHeight: size[1],
            dataset: {}, style: {marginBottom: ''}};
  };
  const queued = [];
  const later = (f) => queued.push(f);
  const runFrame = () => queued.splice(0).forEach((f) => f());

  const blank = frame([461, 0]);  // what WebKit left on a first visit: a canvas 0 px high
  assert.equal(pads.refit(blank, later), true);
  assert.equal(blank.style.marginBottom, '1px');  // the editor's observer sees the frame change
  assert.equal(pads.refit(blank, later), false);  // once at a time
  runFrame();
  assert.equal(blank.style.marginBottom, '1px');
  runFrame();
  assert.equal(blank.style.marginBottom, '');  // and change back
  assert.equal(blank.dataset.refitting, undefined);

  for (const fits of [frame([460, 460]), frame([459, 461]), frame([0, 0], [0, 0]), {...frame([1, 1]), children: []}]) {
    assert.equal(pads.refit(fits, later), false);  // a fitted canvas, a hidden tab's, no canvas yet
    assert.equal(fits.style.marginBottom, '');
  }
  const never = frame([461, 0]);  // an editor that never fits: moved at most `most` times
  let moved = 0;
  for (let i = 0; i < 30; i++) { moved += pads.refit(never, later, 10); runFrame(); runFrame(); }
  assert.equal(moved, 10);
});
