// The ER diagram's viewport: wheel or buttons zoom, dragging pans, Fit shows it all, a click on a
// table picks it. The SVG itself is laid out on the server; this only moves it.
// The box element tells the server through DOM events: `er_visible` once it first scrolls into
// view (the diagram is drawn only then) and `er_pick` with the clicked table's index.
window.wtDiagram = (() => {
  const views = new WeakMap();
  const MIN = 0.05, MAX = 8, READABLE = 0.75;

  function canvas(box) { return box.querySelector(".wt-er-canvas"); }
  function svg(box) { return box.querySelector(".wt-er-canvas svg"); }

  function apply(box) {
    const s = views.get(box), c = canvas(box);
    if (c) c.style.transform = `translate(${s.x}px, ${s.y}px) scale(${s.k})`;
    box.dataset.zoom = s.k.toFixed(3);
  }

  function zoomAt(box, factor, cx, cy) {
    const s = views.get(box);
    const k = Math.min(MAX, Math.max(MIN, s.k * factor));
    s.x = cx - (cx - s.x) * (k / s.k);
    s.y = cy - (cy - s.y) * (k / s.k);
    s.k = k;
    apply(box);
  }

  function size(box) {
    const el = svg(box);
    if (!el) return null;
    return { w: el.width.baseVal.value || el.getBBox().width, h: el.height.baseVal.value || el.getBBox().height };
  }

  // Fit the whole diagram; `readable` keeps text legible (then the top left is shown, pan for the rest).
  function fit(box, readable) {
    const s = views.get(box), d = size(box);
    if (!s || !d || !d.w || !d.h) return;
    const bw = box.clientWidth, bh = box.clientHeight;
    let k = Math.min(bw / d.w, bh / d.h, 1.5);
    if (readable) k = Math.max(k, Math.min(READABLE, 1.5));
    s.k = k;
    s.x = Math.max(0, (bw - d.w * k) / 2);
    s.y = Math.max(0, (bh - d.h * k) / 2);
    apply(box);
  }

  // Bring a table to the middle of the viewport at the current zoom.
  function centerOn(box, node) {
    const s = views.get(box), c = canvas(box);
    if (!s || !c || !node) return;
    const cr = c.getBoundingClientRect(), nr = node.getBoundingClientRect();
    const cx = (nr.left + nr.width / 2 - cr.left) / s.k, cy = (nr.top + nr.height / 2 - cr.top) / s.k;
    s.x = box.clientWidth / 2 - cx * s.k;
    s.y = box.clientHeight / 2 - cy * s.k;
    apply(box);
  }

  function bind(box) {
    if (views.has(box)) return;
    views.set(box, { x: 0, y: 0, k: 1 });
    box.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = box.getBoundingClientRect();
      zoomAt(box, e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag = null;
    box.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      const s = views.get(box);
      drag = { x: e.clientX, y: e.clientY, sx: s.x, sy: s.y, moved: false };
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const s = views.get(box);
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 4) drag.moved = true;
      if (!drag.moved) return;
      box.classList.add("wt-dragging");
      s.x = drag.sx + e.clientX - drag.x;
      s.y = drag.sy + e.clientY - drag.y;
      apply(box);
    });
    window.addEventListener("pointerup", (e) => {
      if (!drag) return;
      const moved = drag.moved;
      drag = null;
      box.classList.remove("wt-dragging");
      if (moved) return;
      const node = e.target instanceof Element ? e.target.closest("g.node") : null;
      if (node && node.id.startsWith("er-")) {
        box.dispatchEvent(new CustomEvent("er_pick", { detail: Number(node.id.slice(3)) }));
      }
    });
    if ("IntersectionObserver" in window) {
      const seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          seen.disconnect();
          box.dispatchEvent(new CustomEvent("er_visible"));
        }
      });
      seen.observe(box);
    } else {
      box.dispatchEvent(new CustomEvent("er_visible"));
    }
  }

  // Called after the server replaced the SVG: wait for it to be in the DOM, then fit it once
  // (later redraws keep the user's zoom and pan) and mark the selected table.
  // `fresh`: the server sent a new SVG; wait until it replaced the one shown.
  function shown(id, refit, selected, fresh) {
    let tries = 0;
    const step = () => {
      const box = document.getElementById(id);
      if (!box || !svg(box) || (fresh && svg(box) === box._wtSvg)) {
        if (tries++ < 600) requestAnimationFrame(step);
        return;
      }
      box._wtSvg = svg(box);
      bind(box);
      box.querySelectorAll("g.node.wt-selected").forEach((n) => n.classList.remove("wt-selected"));
      const node = selected !== null && selected !== undefined ? box.querySelector(`g.node#er-${selected}`) : null;
      if (node) node.classList.add("wt-selected");
      if (refit || !box.dataset.fitted) {
        fit(box, true);
        box.dataset.fitted = "1";
        // Larger than the viewport at a readable size: start at the selected (or first) table.
        const d = size(box);
        if (d && (d.w * views.get(box).k > box.clientWidth || d.h * views.get(box).k > box.clientHeight)) {
          centerOn(box, node || box.querySelector("g.node"));
        }
      } else {
        apply(box);
      }
      box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    };
    requestAnimationFrame(step);
  }

  function watch(id) {
    let tries = 0;
    const step = () => {
      const box = document.getElementById(id);
      if (box) bind(box);
      else if (tries++ < 120) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  function zoom(id, factor) {
    const box = document.getElementById(id);
    if (box && views.has(box)) zoomAt(box, factor, box.clientWidth / 2, box.clientHeight / 2);
  }

  function fitById(id) {
    const box = document.getElementById(id);
    if (box && views.has(box)) fit(box, false);
  }

  function full(id, on) {
    const box = document.getElementById(id);
    const card = box && box.closest(".wt-er-card");
    if (!card) return;
    card.classList.toggle("wt-er-full", on);
    requestAnimationFrame(() => fit(box, false));
  }

  return { watch, shown, zoom, fit: fitById, full };
})();
