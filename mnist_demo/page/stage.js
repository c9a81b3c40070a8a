// The stage view: the app's address with ?stage (README, "At a talk") shows the Draw pad, a very
// large answer and the bars, and nothing else, for the back of a lecture hall.
const stage = (() => {
  function wanted(search) {
    return new URLSearchParams(search).has('stage');
  }

  // The zoom that makes a pad of `pad` px ([width, height]) fill a box of `room` px, but never
  // shrink it.
  function zoomFor([width, height], [roomWidth, roomHeight]) {
    return Math.max(1, Math.min(roomWidth / width, roomHeight / height));
  }

  // The Draw pad as large as its column and the screen below it allow (style.css: scaled as a
  // whole, so that the editor's own image keeps its size and fills the frame).
  function fit() {
    const pad = document.querySelector('#pad');
    if (!pad) return;
    document.body.style.setProperty('--stage-zoom', '1');  // the pad's own size, unscaled
    const top = pad.parentElement.getBoundingClientRect().top + window.scrollY;
    const zoom = zoomFor([pad.offsetWidth, pad.offsetHeight],
                         [pad.parentElement.clientWidth, window.innerHeight - top - 12]);
    document.body.style.setProperty('--stage-zoom', zoom.toFixed(3));
  }

  function start() {
    if (!wanted(location.search)) return;
    document.body.classList.add('stage');
    window.addEventListener('resize', () => requestAnimationFrame(fit));
    const appears = new MutationObserver(() => {  // the app draws its page after this script runs
      if (!document.querySelector('#pad canvas')) return;
      appears.disconnect();
      requestAnimationFrame(fit);
    });
    appears.observe(document.body, {childList: true, subtree: true});
  }

  return {wanted, zoomFor, start};
})();

if (typeof module === 'object') module.exports = stage;
