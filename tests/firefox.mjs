// Firefox draws a 7 on the app as a person would, or writes a number on its Number tab, through
// puppeteer-core over WebDriver BiDi (tests/test_engines.py runs it, with the app already up, and
// checks what it prints).
// node tests/firefox.mjs URL mouse|touch WIDTH HEIGHT SHOT.png -> one line of JSON: what the page
// showed (as tests/test_engines.py's draw_in_webkit or write_in_webkit returns it), and a
// screenshot. URL is the app, or a page that frames it (a Space's page): the app is then the
// frame's.
import puppeteer from 'puppeteer-core';

const [url, input, width, height, shot] = process.argv.slice(2);
// How to draw, from tests/test_engines.py: the 7's strokes and size (of the canvas), the seconds
// to wait for the Sketchpad's own answer, the pad's canvas and the check that it fills its frame,
// where on the 7 to look for its ink, how readable the answer's text is (its selectors), the
// correction to tap under the answer (null: none) and what the page must then say it kept; or,
// with `number`, the number to write on the Number tab, its pad's canvas and its strokes.
const {seven: SEVEN, side: SIDE, settle: SETTLE, canvas: CANVAS, fits: FITS, inked: INKED,
       contrasts: CONTRASTS, read: READ, fix: FIX, kept: KEPT, number: NUMBER, number_canvas: NUMBER_CANVAS,
       number_strokes: NUMBER_STROKES} = JSON.parse(process.env.MNIST_DEMO_HOW);
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
  const press = async (selector, text = null) => {  // the pen that drew taps it (the one that says `text`)
    const [x, y] = await view.evaluate((selector, text) => {
      const el = [...document.querySelectorAll(selector)].find((e) => text === null || e.innerText.trim() === text);
      el.scrollIntoView({block: 'center'});
      const r = el.getBoundingClientRect();
      return [r.x + r.width / 2, r.y + r.height / 2];
    }, selector, text);
    const [cx, cy] = await corner();
    await (input === 'touch' ? page.touchscreen.tap(cx + x, cy + y) : page.mouse.click(cx + x, cy + y));
  };
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
  const drawSeven = async () => {  // the Draw tab's pad: a 7 with `input`, checked as it forms
    await tall(CANVAS);
    await sleep(1000);
    const place = async (scroll) => {  // the pad's canvas (brought into view): a square in its middle
      const [x, y, size] = await view.evaluate((side, scroll, selector) => {
        const canvas = document.querySelector(selector);
        if (scroll) canvas.scrollIntoView({block: 'center'});
        const r = canvas.getBoundingClientRect();
        const size = side * Math.min(r.width, r.height);
        return [r.x + (r.width - size) / 2, r.y + (r.height - size) / 2, size];
      }, SIDE, scroll, CANVAS);
      const [fx, fy] = await corner();
      return ([u, v]) => [fx + x + u * size, fy + y + v * size];  // a point of the square on the page
    };
    const at = await place(true);
    const pen = input === 'touch'
      ? {down: (p) => page.touchscreen.touchStart(...p), move: (p) => page.touchscreen.touchMove(...p),
         up: () => page.touchscreen.touchEnd()}
      : {down: async (p) => { await page.mouse.move(...p); await page.mouse.down(); },
         move: (p) => page.mouse.move(...p), up: () => page.mouse.up()};
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
    const fits = await view.evaluate(`(() => { ${FITS} })()`);
    const live = await top();  // the pen still down, half the stem drawn
    await stroke(SEVEN[2], SEVEN[3]);
    await pen.up();
    await until(async () => (await top()) !== null);
    await sleep(1000 * SETTLE);
    const seen = {fits, live, top: await top(), verdict: await verdict(),
                  dark: await view.evaluate(() => document.body.classList.contains('dark')),
                  contrasts: await view.evaluate(`(${CONTRASTS})(${JSON.stringify(READ)})`)};
    await page.screenshot({path: shot});
    seen.pen = INKED.map(await place(false));  // where the pen went, on the page as shot
    if (FIX) {  // none on the stage view, which shows no corrections
      await press('#correct button', FIX);
      const note = () => view.evaluate(() => document.querySelector('#correct-note')?.innerText ?? '');
      await until(async () => new RegExp(KEPT).test(await note()));
      seen.kept = await note();
    }
    await press("#pad button[aria-label='Clear canvas']");
    seen.cleared = await until(async () => /draw a digit/i.test(await verdict()));
    seen.agent = await page.evaluate(() => navigator.userAgent);
    return seen;
  };
  console.log(JSON.stringify(NUMBER ? await writeNumber() : await drawSeven()));
} finally {
  await browser.close();
}
