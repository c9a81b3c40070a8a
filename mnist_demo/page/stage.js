// The stage view: the app's address with ?stage (README, "At a talk") shows the Draw pad, a very
// large answer and the bars, and nothing else, for the back of a lecture hall.
const stage = (() => {
  function wanted(search) {
    return new URLSearchParams(search).has('stage');
  }

  function start() {
    if (wanted(location.search)) document.body.classList.add('stage');
  }

  return {wanted, start};
})();

if (typeof module === 'object') module.exports = stage;
