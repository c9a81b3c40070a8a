// Firefox draws a 7 on the app as a person would, writes a number on its Number tab, or teaches
// it a hand, through puppeteer-core over WebDriver BiDi (tests/test_engines.py runs it, with the
// app already up, and checks what it prints).
// node tests/firefox.mjs URL mouse|touch WIDTH HEIGHT SHOT.png -> one line of JSON: what the page
// showed (as tests/test_engines.py's draw_in_webkit, write_in_webkit or teach_in_webkit returns
// it), and a screenshot (teaching: one for each of its shots, named in SHOT's {}). URL is the app,
// or a page that frames it (a Space's page): the app is then the frame's.
import puppeteer from 'puppeteer-core';

const [url, input, width, height, shot] = process.argv.slice(2);
// How to draw, from tests/test_engines.py: the 7's strokes and size (of the canvas), the seconds
// to wait for the Sketchpad's own answer, the pad's canvas and the check that it fills its frame,
// where on the 7 to look for its ink, how readable the answer's text is (its selectors), the
// correction to tap under the answer (null: none) and what the page must then say it kept, the
// pad's Clear button and how to find what to tap; with `number`, the number to write on the Number
// tab, its pad's canvas and its strokes; with `teach`, the steps of teaching it (TEACH), how to
// find a tab and to read a selector's text.
const {seven: SEVEN, side: SIDE, settle: SETTLE, canvas: CANVAS, fits: FITS, inked: INKED,
       contrasts: CONTRASTS, read: READ, fix: FIX, kept: KEPT, clear: CLEAR, find: FIND, number: NUMBER,
       number_canvas: NUMBER_CANVAS, number_strokes: NUMBER_STROKES, teach: TEACH, find_tab: FIND_TAB,
       text: TEXT} = JSON.parse(process.env.MNIST_DEMO_HOW);
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: FIREFOX, headless: false, defaultViewport: null,
  args: [`--width=${width}`, `--height=${height}`],
  extraPrefsFirefox: {'dom.w3c_touch_events.enabled': 1}});
try {
  const page = (await browser.pages())[0] ?? await browser.newPage();
  await page.goto(url);
  const framed = await page.$('iframe');  // its frame: the one that is not the page's own
  const view = framed ? await page.waitForFrame((f) => f !== page.mainFrame()) : page;
  const top = () => view.evaluate(() => document.querySelector('#bars .bars')?.dataset.top ?? null);
  const verdict = () => view.evaluate(() => document.querySelector('#verdict')?.innerText ?? '');
  const until = async (holds, ms = 30000) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await holds()) return true;
    return false;
  };
  const corner = async () => framed  // where the frame's (0, 0) is on the page, scrolled as it is now
    ? page.evaluate(() => { const r = document.querySelector('iframe').getBoundingClientRect(); return [r.x, r.y]; })
    : [0, 0];
  // the n points of a pen moving evenly from a to b, b the last (tests/test_engines.py's steps)
  const steps = (a, b, n) => Array.from({length: n}, (_, k) => [0, 1].map((i) => a[i] + (b[i] - a[i]) * (k + 1) / n));
  const tapAt = async (find) => {  // the pen that drew taps the element `find` (JS) finds: its aria-label
    const [x, y, label] = await view.evaluate(`(() => {
      const el = ${find};
      el.scrollIntoView({block: 'center'});
      const r = el.getBoundingClientRect();
      return [r.x + r.width / 2, r.y + r.height / 2, el.getAttribute('aria-label')];
    })()`);
    const [cx, cy] = await corner();
    await (input === 'touch' ? page.touchscreen.tap(cx + x, cy + y) : page.mouse.click(cx + x, cy + y));
    return label;
  };
  // the pen taps the element of `selector` that says `text` (null: the first)
  const press = (selector, text = null) =>
    tapAt(`(${FIND})(${JSON.stringify(selector)}, ${JSON.stringify(text)})`);
  const tall = (canvas) => view.waitForFunction(
    (canvas) => document.querySelector(canvas)?.getBoundingClientRect().height > 100, {timeout: 60000}, canvas);
  const writeNumber = async () => {  // the Number tab's pad: NUMBER written with a mouse, digit beside digit
    await view.waitForFunction(() => [...document.querySelectorAll("button[role='tab']")]
      .some((b) => b.innerText.trim() === 'Number'), {timeout: 60000});
    await press("button[role='tab']", 'Number');
    await tall(NUMBER_CANVAS);
    await sleep(1000);
    const [x, y, w, h] = await view.evaluate((selector) => {
      const canvas = document.querySelector(selector);
      canvas.scrollIntoView({block: 'center'});
      const r = canvas.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    }, NUMBER_CANVAS);
    const [fx, fy] = await corner();
    const at = ([u, v]) => [fx + x + w / 2 + u * w, fy + y + h / 2 + v * h];
    for (const line of NUMBER_STROKES) {  // points as shares of the canvas from its middle
      await page.mouse.move(...at(line[0]));
      await page.mouse.down();
      for (let i = 1; i < line.length; i++)
        for (const p of steps(line[i - 1], line[i], 10)) {
          await page.mouse.move(...at(p));
          await sleep(20);
        }
      await page.mouse.up();
    }
    const read = () => view.evaluate(() => document.querySelector('#number-cards .read')?.dataset.number ?? null);
    await until(async () => (await read()) === NUMBER);
    await sleep(1000 * SETTLE);
    await page.screenshot({path: shot});
    return {number: await read(),
            cards: await view.evaluate(() => document.querySelector('#number-cards').innerText),
            agent: await page.evaluate(() => navigator.userAgent)};
  };
  const place = async (side, scroll) => {  // the pad's canvas (brought into view): a square in its middle
    const [x, y, size] = await view.evaluate((side, scroll, selector) => {
      const canvas = document.querySelector(selector);
      if (scroll) canvas.scrollIntoView({block: 'center'});
      const r = canvas.getBoundingClientRect();
      const size = side * Math.min(r.width, r.height);
      return [r.x + (r.width - size) / 2, r.y + (r.height - size) / 2, size];
    }, side, scroll, CANVAS);
    const [fx, fy] = await corner();
    return ([u, v]) => [fx + x + u * size, fy + y + v * size];  // a point of the square on the page
  };
  const pen = input === 'touch'
    ? {down: (p) => page.touchscreen.touchStart(...p), move: (p) => page.touchscreen.touchMove(...p),
       up: () => page.touchscreen.touchEnd()}
    : {down: async (p) => { await page.mouse.move(...p); await page.mouse.down(); },
       move: (p) => page.mouse.move(...p), up: () => page.mouse.up()};
  // a 7 `side` of the pad large in its middle, 30 ms a step: what midway() says with the pen still
  // down, half the stem drawn
  const seven = async (side, midway = async () => null) => {
    const at = await place(side, true);
    const stroke = async (from, to) => {
      for (const p of steps(from, to, 12)) {
        await pen.move(at(p));
        await sleep(30);
      }
    };
    await pen.down(at(SEVEN[0]));
    await stroke(SEVEN[0], SEVEN[1]);
    await stroke(SEVEN[1], SEVEN[2]);
    await sleep(1500);
    const seen = await midway();
    await stroke(SEVEN[2], SEVEN[3]);
    await pen.up();
    return seen;
  };
  const drawSeven = async () => {  // the Draw tab's pad: a 7 with `input`, checked as it forms
    await tall(CANVAS);
    await sleep(1000);
    const {fits, live} = await seven(SIDE, async () => ({
      fits: await view.evaluate(`(() => { ${FITS} })()`), live: await top()}));  // the pen still down
    await until(async () => (await top()) !== null);
    await sleep(1000 * SETTLE);
    const seen = {fits, live, top: await top(), verdict: await verdict(),
                  dark: await view.evaluate(() => document.body.classList.contains('dark')),
                  contrasts: await view.evaluate(`(${CONTRASTS})(${JSON.stringify(READ)})`)};
    await page.screenshot({path: shot});
    seen.pen = INKED.map(await place(SIDE, false));  // where the pen went, on the page as shot
    if (FIX) {  // none on the stage view, which shows no corrections
      await press('#correct button', FIX);
      const note = () => view.evaluate(() => document.querySelector('#correct-note')?.innerText ?? '');
      await until(async () => new RegExp(KEPT).test(await note()));
      seen.kept = await note();
    }
    await press(CLEAR);
    seen.cleared = await until(async () => /draw a digit/i.test(await verdict()));
    seen.agent = await page.evaluate(() => navigator.userAgent);
    return seen;
  };
  const teach = async () => {  // TEACH, step by step (tests/test_engines.py says what each does)
    await tall(CANVAS);
    await sleep(1000);
    const texts = [], last = {};
    for (const [verb, ...what] of TEACH) {
      if (verb === 'tap') await press(...what);
      else if (verb === 'tab') {  // on a phone, a tab that does not fit is in the tabs' menu
        if (await tapAt(`(${FIND_TAB})(${JSON.stringify(what[0])})`) === 'More tabs') {
          await sleep(500);
          await tapAt(`(${FIND_TAB})(${JSON.stringify(what[0])})`);
        }
      } else if (verb === 'draw') {
        await seven(what[0]);
        await until(async () => (await top()) !== null);
        await sleep(1000 * SETTLE);  // the Sketchpad's own answer: the drawing kept is the pad's
      } else if (verb === 'read') {
        const [selector, pattern] = what;
        const text = () => view.evaluate(`(${TEXT})(${JSON.stringify(selector)})`);
        const matches = (t) => new RegExp(pattern).test(t);
        await until(async () => { const t = await text(); return t !== last[selector] && matches(t); });
        texts.push(last[selector] = await text());
        if (!matches(texts.at(-1))) break;
      } else await page.screenshot({path: shot.replace('{}', what[0])});
    }
    return {read: texts, agent: await page.evaluate(() => navigator.userAgent)};
  };
  console.log(JSON.stringify(NUMBER ? await writeNumber() : TEACH ? await teach() : await drawSeven()));
} finally {
  await browser.close();
}
