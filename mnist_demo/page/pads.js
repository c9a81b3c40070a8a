// The page's side of the two pads (#pad and #number-pad, Gradio Sketchpads): what neither a
// person at a pad nor the server must pay for in Gradio 6.31's page.
// - A Sketchpad waits for a click on its Brush button ("select the draw tool to start"): a person
//   must be able to draw at once, also after Clear, so the page clicks it whenever a pad shows
//   no active tool.
// - A Sketchpad with a change event sends its three images after every stroke to a server-side
//   store that nothing reads and nothing empties. So the pads have no event of their own: when a
//   pad's drawing changes (pen up, Undo, Redo, Clear) the page clicks the pad's hidden stroke
//   button (#pad-stroke), whose event reads the pad as a button's event reads any input.
// - An event that reads a pad uploads its three images as files before asking for its answer,
//   and again on every status update: about 21 uploads a stroke, each costing the server more
//   than the answer. So the page answers those uploads itself, with names of its own ("pad-…"),
//   and a stroke's request carries the composite's PNG in base64, in the hidden "drawn" box that
//   follows the pad among the event's inputs: a stroke is one request.
// - At each status change of each event it sends (pending, complete), Gradio's client asks every
//   component it tracks for its data, and a Sketchpad answers by reading its images back from
//   WebGL: 50-200 ms of the page's time without a GPU. So the answers to the page's own copy of a
//   drawing, asked for several times a stroke, do not go through the client: the page asks the
//   pad's copy event at its route itself, from the js event of the pad's live button (no Python
//   function, no status), which shows the answer.
const pads = (() => {
  const PADS = '#pad, #number-pad';

  // The path of a request's address. Gradio's client adds the page's query string to its own
  // requests (`?__theme=system` on a Space) and a proxy puts a sub-path before them: a request
  // is known by the end of its path alone.
  function route(url, base) {
    return address(url, base)?.pathname ?? '';
  }

  function address(url, base) {  // a URL object of fetch's first argument (a string, URL or Request)
    try {
      return new URL(typeof url === 'object' && url?.url ? url.url : String(url), base);
    } catch (e) {
      return null;
    }
  }

  // The files of an upload of a pad's images, which the page answers itself; null for any other
  // request. The editor uploads a pad's images without progress; a photo goes up with progress
  // (an upload_id in the address) and must reach the server, whatever its file is called.
  function padUpload(url, init, base) {
    const at = address(url, base);
    if (!(init?.body instanceof FormData) || !at?.pathname.endsWith('/gradio_api/upload')) return null;
    if (at.searchParams.has('upload_id')) return null;
    const files = init.body.getAll('files');
    const pad = files.length && files.every((f) => f instanceof Blob && /^(composite|background|layer_\d+)\.png$/.test(f.name));
    return pad ? files : null;
  }

  // FNV-1a of a file's bytes: the same image extracted again gets the same name.
  function hash(bytes) {
    let h = 2166136261;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
    return h >>> 0;
  }

  function base64(bytes) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 32768) text += String.fromCharCode(...bytes.subarray(i, i + 32768));
    return btoa(text);
  }

  const ours = (f) => typeof f?.path === 'string' && f.path.startsWith('pad-');

  // A request's JSON body with each pad value that names the page's own files replaced: the pad
  // sent as null, its drawing (base64, from `drawings`, by the composite's name) in the input
  // after it, or `unread` where the page holds no such drawing. Null: the body names none.
  function withDrawings(body, drawings, unread) {
    if (typeof body !== 'string' || !body.includes('"pad-')) return null;
    const request = JSON.parse(body);
    if (!Array.isArray(request?.data)) return null;
    let changed = false;
    request.data.forEach((v, i) => {
      if (v?.constructor !== Object || !('composite' in v)) return;
      if (![v.composite, v.background, ...(v.layers || [])].some(ours)) return;
      request.data[i] = null;
      request.data[i + 1] = drawings.get(v.composite?.path) ?? unread;
      changed = true;
    });
    return changed ? JSON.stringify(request) : null;
  }

  // A pad's answer is asked for with a click of its stroke button: when its drawing changed and
  // when the model changes (app.py). Gradio runs a click made while the previous click's request
  // is out after that one's answer (always_last); but clicks made while the editor still
  // extracts the pad's images all go out, in any order, so that a model change right after a
  // stroke could be answered first and the old model's answer land over it. So a click waits
  // until the previous one's request is out (`sent`), or `wait` ms when it never went out.
  function clicks(click, {now = () => performance.now(), later = setTimeout, wait = 5000} = {}) {
    const asked = {};  // button id -> {out: its last click's request is out, again, at}
    const ask = (id) => {
      const a = (asked[id] ??= {out: true, again: false, at: 0});
      if (!a.out && now() - a.at < wait) {
        if (!a.again) later(() => a.again && ask(id), wait);
        a.again = true;
        return;
      }
      Object.assign(a, {out: false, again: false, at: now()});
      click(id);
    };
    const sent = (id) => {
      if (!asked[id]) return;  // not a stroke button's
      asked[id].out = true;
      if (asked[id].again) later(() => ask(id), 0);  // Gradio runs it after this one's answer
    };
    return {ask, sent};
  }

  // The page's own work on a pad's composite before it is sent: grey and halved (png.js) where
  // the browser can, else the PNG as the editor made it.
  async function drawing(file, png, workSide) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[24] === 8 && (bytes[25] === 2 || bytes[25] === 6)) {  // an 8-bit RGB(A) PNG
      try {
        const bitmap = await createImageBitmap(file, {premultiplyAlpha: 'none', colorSpaceConversion: 'none'});
        const [w, h] = [bitmap.width, bitmap.height];
        const context = new OffscreenCanvas(w, h).getContext('2d', {willReadFrequently: true});
        context.drawImage(bitmap, 0, 0);
        const grey = png.grey(context.getImageData(0, 0, w, h).data, w, h, workSide);
        if (grey) return {bytes, sent: png.encode(grey)};
      } catch (e) { /* a browser without these: the PNG as it is */ }
    }
    return {bytes, sent: bytes};
  }

  // The outputs in an event's answer (the body of a run/predict response) that has `n` of them;
  // null for any other body.
  function copyData(text, n) {
    try {
      const data = JSON.parse(text)?.data;
      return Array.isArray(data) && data.length === n ? data : null;
    } catch (e) {
      return null;
    }
  }

  // Which answer a pad shows. A pad's answers come from two events: the live one, read from
  // the page's copy of the drawing (shadow.js), and the stroke one, read from the Sketchpad's
  // composite. Each is labelled with the version of the drawing it was made from; an answer to
  // an older version than the one shown, or a live answer to the version of a shown composite's,
  // would take the page back: the answer shown stays instead (its body is handed on again).
  function answers() {
    const shown = {};  // pad id -> {version, kind, body}
    return (pad, version, kind, body) => {
      const s = shown[pad];
      if (s && (version < s.version || (version === s.version && kind === 'live' && s.kind === 'stroke')))
        return s.body;
      shown[pad] = {version, kind, body};
      return body;
    };
  }

  // The editor's idle frames, held back while the answer to a finished stroke is on its way.
  // Gradio 6.31's editor renders its PixiJS canvas for 500 ms after every pointer event on it,
  // whether or not anything changed (`render_idle_remaining`); without a GPU each frame holds
  // the page's main thread for 50-120 ms, and the pen-up answer, back from the server in 20 ms,
  // waited behind those frames for 200-600 ms. Gradio has no option for that loop, so the page
  // meets each PixiJS app through PixiJS's own devtools hook (`__PIXI_APP_INIT__`), and at
  // pen-up, once the editor's own handlers have run, stops the tickers of the pad's apps
  // (`hold`): the copy's answer, then the composite's, come in without them. They start again,
  // to render the rest of those frames, at the next pointer down on the pad or click on its
  // tools, or after `most` ms (`release`). The finished stroke is already on the screen: the
  // editor draws each pointer move in the frame it comes in.
  function idleFrames(hooks = globalThis, {later = setTimeout, most = 1000} = {}) {
    const apps = new Set();
    const before = hooks.__PIXI_APP_INIT__;
    hooks.__PIXI_APP_INIT__ = (app, version) => {
      apps.add(app);
      before?.(app, version);
    };
    const held = new Map();  // pad -> {tickers: stopped by the page, timer}
    const release = (pad) => {
      const h = held.get(pad);
      if (!h) return;
      held.delete(pad);
      clearTimeout(h.timer);
      for (const ticker of h.tickers) if (!ticker.started) ticker.start();
    };
    const hold = (pad) => {
      release(pad);
      const tickers = [];
      for (const app of [...apps]) {
        if (!app.renderer) { apps.delete(app); continue; }  // destroyed
        if (app.ticker?.started && pad.contains(app.canvas)) { app.ticker.stop(); tickers.push(app.ticker); }
      }
      held.set(pad, {tickers, timer: later(() => release(pad), most)});
    };
    return {hold, release};
  }

  // The grid the page's WebGL rasterizer puts corners on (SUBPIXEL_BITS), on which the page's
  // copy draws its discs; 4 (Chromium's without a GPU) where the page has no WebGL to ask.
  function subpixelBits() {
    try {
      const gl = document.createElement('canvas').getContext('webgl');
      const bits = gl?.getParameter(gl.SUBPIXEL_BITS);
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
      return Number.isInteger(bits) && bits > 0 ? bits : 4;
    } catch (e) {
      return 4;
    }
  }

  // Gradio 6.31's editor sizes its canvas to its frame's rectangle as it starts, and after that
  // when its ResizeObserver sees the frame change; the observer's first word comes before the
  // editor is ready, and goes unheard. Where the frame is laid out only after the editor started
  // (WebKit, Safari's engine, on about one first visit in four), the canvas stays 0 px high
  // and the paper is fitted into nothing: a pad that takes no stroke. So a frame whose canvas
  // does not fill it is made a pixel shorter, and two frames later whole again: two changes of
  // its rectangle, on each of which the editor, ready by now, sizes its canvas and fits the
  // paper into it (at most `most` times a frame, should it never). -> whether `frame`
  // (.pixi-target or -crop) was out of fit and moved; `later` is requestAnimationFrame.
  function refit(frame, later = requestAnimationFrame, most = 10) {
    const canvas = [...frame.children].find((el) => el.tagName === 'CANVAS');
    const [w, h] = [frame.clientWidth, frame.clientHeight];
    if (!canvas || !w || !h || frame.dataset.refitting || +(frame.dataset.refits ?? 0) >= most) return false;
    if (Math.abs(canvas.clientWidth - w) <= 1 && Math.abs(canvas.clientHeight - h) <= 1) return false;
    frame.dataset.refits = +(frame.dataset.refits ?? 0) + 1;
    frame.dataset.refitting = '1';
    frame.style.marginBottom = '1px';
    later(() => later(() => {
      frame.style.marginBottom = '';
      delete frame.dataset.refitting;
    }));
    return true;
  }

  const LIVE_EVERY = 150;  // ms between live answers while the pen moves
  const LAST_WORD_WAIT = 1000;  // ms the composite's answer waits at most for the copy's
  // ms the pen must rest after the copy's answer before the composite's is asked: the editor's
  // extraction of its images holds the page's main thread for 300-700 ms without a GPU, and
  // begun between the strokes of a digit or a number, it held back the next stroke's answer
  const REST = 500;

  // pads: {id: [w, h] of its image}; brush: the brush's size (its radius in image pixels);
  // live: ids of the pads answered while the pen moves (the others only as it lifts).
  function start({png, shadow, workSide, unread, pads: sizes, brush, live: moving}) {
    const pick = () => {
      for (const pad of document.querySelectorAll(PADS)) {
        const button = pad.querySelector('button[aria-label="Brush"], button[title="Brush"]');
        const waiting = /select the draw tool/i.test(pad.innerText);
        if (button && (waiting || !pad.dataset.brushPicked)) { button.click(); pad.dataset.brushPicked = '1'; }
      }
    };
    const fit = new ResizeObserver((seen) => seen.forEach(({target}) =>
      refit(target.tagName === 'CANVAS' ? target.parentElement : target)));
    const FRAMES = PADS.split(', ').flatMap((pad) => [`${pad} .pixi-target`, `${pad} .pixi-target-crop`])
      .map((frame) => `${frame}, ${frame} > canvas`).join(', ');  // each pad's two editors' frames and canvases
    const watched = new WeakSet();
    const watch = () => {  // each pad's editor frames and canvases, as they come
      for (const el of document.querySelectorAll(FRAMES))
        if (!watched.has(el)) { watched.add(el); fit.observe(el); }
    };
    new MutationObserver(() => { pick(); watch(); }).observe(document.body, {subtree: true, childList: true});
    pick();
    watch();

    const frames = idleFrames();
    // subpixelBits(), asked once while the page is idle: a WebGL context made and let go costs
    // 20-160 ms without a GPU, which a pen-up must not wait for
    let bits = null;
    const askBits = () => (bits ??= subpixelBits());
    (window.requestIdleCallback ?? ((f) => setTimeout(f, 1000)))(askBits);
    const copies = Object.fromEntries(Object.entries(sizes).map(([id, size]) => [id, new shadow.Strokes(size)]));
    const padOf = (button) => button?.replace(/-stroke$/, '');
    const clickedAt = {};  // button id -> the version of its pad's drawing at its last click
    const strokes = clicks((id) => {
      clickedAt[id] = copies[padOf(id)]?.version;
      document.getElementById(id)?.click();
    });
    const buttonOf = (fn) => {  // the elem_id of the button that triggers event `fn`
      const config = window.gradio_config;
      const target = config?.dependencies?.find((d) => d.id === fn)?.targets?.[0]?.[0];
      return config?.components?.find((c) => c.id === target)?.props?.elem_id;
    };
    const eventOf = (button) => {  // the event that the button of elem_id `button` triggers
      const config = window.gradio_config;
      const target = config?.components?.find((c) => c.props?.elem_id === button)?.id;
      return config?.dependencies?.find((d) => d.targets?.[0]?.[0] === target);
    };
    const stateful = (id) => window.gradio_config?.components?.find((c) => c.id === id)?.type === 'state';
    const copyEvents = {};  // pad id -> {id, outputs, kept: whether each output is State} of its copy event
    const copyEvent = (id) => {
      if (!copyEvents[id]) {
        const event = eventOf(`${id}-copy`);
        if (event) copyEvents[id] = {id: event.id, outputs: event.outputs, kept: event.outputs.map(stateful)};
      }
      return copyEvents[id];
    };
    // Where Gradio's client asks a button's event (a proxy's sub-path, the page's query string),
    // as its own requests show; before the first, from the page's config.
    let predictAt = null;
    const predictRoute = () => {
      const config = window.gradio_config;
      return predictAt ?? `${config?.root ?? ''}${config?.api_prefix ?? '/gradio_api'}/run/predict${location.search}`;
    };

    // Live answers: the page's copy drawn, made grey and sent as the copy event's drawing.
    const latest = {};  // pad id -> {image: base64 PNG, version}
    const flying = {};  // pad id -> live requests sent and not answered yet
    // `now` (the pen has lifted, or Undo, Redo, Clear): asked for at once, beside a live request
    // still out; else, while the pen moves, only when none is out and the drawing changed since
    // the last one sent (and again as that one's answer comes in). Drawn, made grey and encoded
    // in the caller's task (a few ms), and asked for by a click of the pad's live button, whose
    // js event (mnistDemoCopy, below) sends it before the editor's next frame. -> whether it was asked for.
    const goLive = (id, now = false) => {
      const copy = copies[id];
      const button = document.getElementById(`${id}-live`);
      if (!copy?.sure || !button || !window.__gradio_session_hash__) return false;
      if (!now && (flying[id] || copy.version === latest[id]?.version)) return false;
      const version = copy.version;
      const [w, h] = copy.size;
      const grey = png.grey(copy.pixels(askBits()), w, h, workSide);
      latest[id] = {image: base64(png.encode(grey)), version};
      flying[id] = (flying[id] ?? 0) + 1;
      button.click();
      return true;
    };
    // The composite's answer, the last word, is asked for once the pen rests: REST ms after the
    // answer to the page's copy has been shown (the editor's extraction of its images holds the
    // page for a few hundred ms and would hold that answer back), or at once where the copy
    // could not follow; a stroke begun meanwhile puts it off to its own end.
    const lastWord = {};  // pad id -> {version: of the copy's answer awaited (null: none), timer}
    const putOff = (id) => {
      clearTimeout(lastWord[id]?.timer);
      delete lastWord[id];
    };
    const askLastWord = (id) => {
      putOff(id);
      strokes.ask(`${id}-stroke`);
    };
    window.mnistDemoAsk = (id) => {  // app.py's: a model change, a taught copy
      putOff(padOf(id));  // its composite's answer, asked for now
      strokes.ask(id);
    };
    const changed = (pad) => {
      putOff(pad.id);
      const lifted = goLive(pad.id, true);
      lastWord[pad.id] = {version: lifted ? copies[pad.id].version : null,
                          timer: setTimeout(() => askLastWord(pad.id), lifted ? LAST_WORD_WAIT : 30)};
      return lifted;
    };
    const answered = (id, version) => {  // the copy's answer to `version` is on its way to the page
      const word = lastWord[id];
      if (word?.version === null || word?.version === undefined || version < word.version) return;
      requestAnimationFrame(() => {  // shown; until then LAST_WORD_WAIT's timer stands (a hidden tab has no frames)
        if (lastWord[id] !== word) return;
        clearTimeout(word.timer);
        word.timer = setTimeout(() => lastWord[id] === word && askLastWord(id), REST);
      });
    };

    let drawingOn = null;  // the pad a pointer is drawing on
    let lastLive = 0;
    const where = (e, pad, size) => {
      const canvas = e.target.closest('canvas');
      const texts = [...pad.querySelectorAll('button, span, div')].filter((el) => !el.children.length).map((el) => el.innerText);
      const rect = canvas.getBoundingClientRect();  // a zoomed page (the stage view) scales it
      const scale = rect.width / (parseFloat(canvas.style.width) || rect.width);
      const zoom = shadow.zoomIn(shadow.zoomOf(texts) ?? 1, [rect.width / scale, rect.height / scale], size);
      return {rect, zoom: zoom * scale};
    };
    let view = null;  // the canvas's rectangle and zoom for the stroke being drawn
    document.addEventListener('pointerdown', (e) => {
      const on = e.target.closest?.(PADS);
      if (on) frames.release(on);  // a stroke, a tool: the editor's frames as they come
      const pad = e.target.closest?.('canvas') ? on : null;
      const copy = copies[pad?.id];
      if (!copy) return;
      if (drawingOn) { copy.doubt(true); return; }  // a second finger: a pinch, a zoom
      drawingOn = pad;
      putOff(pad.id);  // its end asks for the composite's answer
      const tool = pad.querySelector('button[aria-label="Brush"]');
      if (!tool?.classList.contains('highlight')) { copy.doubt(); return; }  // the eraser, the pan
      view = where(e, pad, copy.size);
      copy.begin(shadow.toImage(e.clientX, e.clientY, view.rect, copy.size, view.zoom), 2 * brush);
      lastLive = performance.now();
    }, true);
    document.addEventListener('pointermove', (e) => {
      const copy = copies[drawingOn?.id];
      if (!copy?.current || !view) return;
      // the event's own point only, not its coalesced ones: the editor draws a straight segment
      // from one event's point to the next, and the copy follows the path the pad shows
      copy.extend(shadow.toImage(e.clientX, e.clientY, view.rect, copy.size, view.zoom));
      if (moving.includes(drawingOn.id) && performance.now() - lastLive >= LIVE_EVERY) {
        lastLive = performance.now();
        goLive(drawingOn.id);
      } else if (bits !== null) {
        copy.pixels(bits);  // the copy drawn as the pen moves: at pen-up only its last points are left
      }
    }, true);
    let lifted = null;  // the pad whose answer to a finished stroke was just asked for
    for (const up of ['pointerup', 'pointercancel'])
      window.addEventListener(up, () => {  // after the editor's own handlers
        if (lifted) frames.hold(lifted);
        lifted = null;
      });
    for (const up of ['pointerup', 'pointercancel'])
      document.addEventListener(up, () => {
        if (!drawingOn) return;
        copies[drawingOn.id].end();
        if (changed(drawingOn)) lifted = drawingOn;
        drawingOn = view = null;
      }, true);
    document.addEventListener('click', (e) => {
      const button = e.target.closest?.('button[aria-label]');
      const pad = button?.closest(PADS);
      const copy = copies[pad?.id];
      if (!copy) return;
      frames.release(pad);
      const action = button.getAttribute('aria-label');
      if (action === 'Undo') copy.undo();
      else if (action === 'Redo') copy.redo();
      else if (action === 'Clear canvas') copy.clear();
      else if (['Zoom in', 'Zoom out', 'Pan'].includes(action)) return copy.doubt(true);
      else if (['Brush Size', 'Color', 'Eraser Size'].includes(action)) return copy.doubt();
      else return;
      changed(pad);
    }, true);
    document.addEventListener('wheel', (e) => {  // the editor zooms with the wheel
      const pad = e.target.closest?.(PADS);
      if (copies[pad?.id]) copies[pad.id].doubt(true);
    }, {capture: true, passive: true});

    const drawings = new Map();  // name -> base64 of a composite as sent, newest last
    const name = async (file) => {
      if (file.name !== 'composite.png') return 'pad-unread';  // background, layers: never read
      const {bytes, sent} = await drawing(file, png, workSide);
      const key = `pad-drawing-${bytes.length}-${hash(bytes)}`;
      const text = drawings.get(key) ?? base64(sent);  // extracted again: encoded once
      drawings.delete(key);
      drawings.set(key, text);
      if (drawings.size > 32) drawings.delete(drawings.keys().next().value);
      return key;
    };
    const shown = answers();
    const send = window.fetch;
    window.fetch = async function (url, init) {
      const path = route(url, location.href);
      const files = padUpload(url, init, location.href);
      if (files)
        return new Response(JSON.stringify(await Promise.all(files.map(name))),
                            {headers: {'Content-Type': 'application/json'}});
      let answer = null;  // for a pad's stroke event: {pad, version}
      try {  // whatever its address, a request never carries the page's own names to the server
        const body = withDrawings(init?.body, drawings, unread);
        if (body !== null) {
          if (body.includes(`"${unread}"`)) console.error('mnist_demo: a pad drawing the page does not hold', path);
          init = {...init, body};
        }
        if (/\/gradio_api\/(run\/predict|queue\/join)$/.test(path))
          predictAt = address(url, location.href).href.replace(/\/queue\/join(?=\?|$)/, '/run/predict');
        if (path.endsWith('/gradio_api/run/predict')) {
          const button = buttonOf(JSON.parse(init.body).fn_index);
          if (button?.endsWith('-stroke')) answer = {pad: padOf(button), version: clickedAt[button] ?? 0};
          strokes.sent(button);
        }
      } catch (e) {
        console.error('mnist_demo: a request sent as the page made it', path, e);
      }
      const response = await send.apply(this, [url, init]);
      if (!answer || !response.ok) return response;
      const body = shown(answer.pad, answer.version, 'stroke', await response.text());
      return new Response(body, {status: response.status, headers: {'Content-Type': 'application/json'}});
    };

    // The answer to the page's copy of pad `id`'s drawing (its latest), for the js event of the
    // pad's live button (app.py), whose `values` are those of its copy event's inputs. The page
    // asks the copy event at its route itself, not through Gradio's client: at each status
    // change of each event the client sends, it reads both pads back from WebGL (docs/
    // serving.md). -> the copy event's outputs (its State's left as they are: the server keeps
    // it), or none where the page must not show the answer (an older drawing's, or no answer).
    window.mnistDemoCopy = async (id, values) => {
      const asked = latest[id];
      let text = null;
      const event = copyEvent(id);
      try {
        const body = JSON.stringify({data: [asked.image, ...values.slice(1)], event_data: null,
                                     fn_index: event.id, trigger_id: null,
                                     session_hash: window.__gradio_session_hash__});
        const response = await send(predictRoute(), {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
        if (response.ok) text = await response.text();
        else console.error('mnist_demo: the copy of a drawing not read', response.status);
      } catch (e) {
        console.error('mnist_demo: the copy of a drawing not read', e);
      } finally {
        if (!--flying[id] && drawingOn?.id === id && moving.includes(id))
          goLive(id);  // the pen still moves: what it drew meanwhile goes at once
      }
      const data = text === null ? null : copyData(text, event.outputs.length);
      if (!data) return [];
      answered(id, asked.version);
      if (shown(id, asked.version, 'live', text) !== text) return [];
      return data.map((value, i) => (event.kept[i] ? undefined : value));
    };
  }

  return {route, padUpload, hash, base64, withDrawings, copyData, clicks, answers, idleFrames, refit, start};
})();

if (typeof module === 'object') module.exports = pads;
