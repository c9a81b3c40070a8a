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

    // Draw the strokes as the editor's brush does: black, round ends and joins, `width` wide,
    // on white paper, into a 2D context of the image's size.
    render(context) {
      const [w, h] = this.size;
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, w, h);
      context.strokeStyle = context.fillStyle = '#000000';
      context.lineCap = context.lineJoin = 'round';
      for (const {width, points} of this.done) {
        context.lineWidth = width;
        context.beginPath();
        if (points.length === 1) {  // a tap: a dot
          context.arc(points[0][0], points[0][1], width / 2, 0, 2 * Math.PI);
          context.fill();
          continue;
        }
        context.moveTo(...points[0]);
        for (const p of points.slice(1)) context.lineTo(...p);
        context.stroke();
      }
    }
  }

  return {toImage, zoomOf, Strokes};
})();

if (typeof module === 'object') module.exports = shadow;
