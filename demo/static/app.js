// Inkwell Books: a tiny single-page front end for the demo JSON API.
// History-API routing; every view fetches its data from /api/ when it loads.
"use strict";

const app = document.getElementById("app");

// ---------------------------------------------------------------- helpers
const esc = (value) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// Tagged template that escapes every interpolated value unless it is already markup (raw()).
class Raw { constructor(html) { this.html = html; } }
const raw = (html) => new Raw(html);
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => {
    if (Array.isArray(v)) out += v.map((x) => (x instanceof Raw ? x.html : esc(x))).join("");
    else out += v instanceof Raw ? v.html : esc(v);
    out += strings[i + 1];
  });
  return raw(out);
}

async function api(path, options) {
  const res = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error((body && body.message) || `${res.status} ${res.statusText}`);
    err.status = res.status;
    err.body = body;
    throw err;
  }
  return body;
}

const money = (n, cur = "EUR") => new Intl.NumberFormat("en-GB", { style: "currency", currency: cur }).format(n);
const day = (iso) => (iso ? new Date(iso).toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric" }) : "—");
const stars = (n) => "★".repeat(n) + "☆".repeat(5 - n);
const hue = (text) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
const cover = (book) => html`<div class="cover" style="background:hsl(${hue(book.slug)},55%,60%)"></div>`;

function bookCard(b) {
  return html`<article class="card">
    ${cover(b)}
    <h3><a href="/books/${b.slug}">${b.title}</a></h3>
    <div class="muted">by <a href="/authors/${b.author.id}">${b.author.name}</a></div>
    <div class="chips">${b.genres.map((g) => html`<a class="chip" href="/genres/${g}">${g.replace(/-/g, " ")}</a>`)}</div>
    <div><span class="price">${money(b.price)}</span> <span class="muted">· ${b.format}</span></div>
  </article>`;
}

function bookGrid(books) {
  return books.length ? html`<div class="grid">${books.map(bookCard)}</div>` : html`<p class="muted">No books here yet.</p>`;
}

function orderRows(orders) {
  return html`<table>
    <thead><tr><th>Order</th><th>Placed</th><th>Status</th><th class="num">Items</th><th class="num">Total</th></tr></thead>
    <tbody>${orders.map((o) => html`<tr>
      <td><a href="/orders/${o.id}">#${o.id}</a></td>
      <td>${day(o.placed_at)}</td>
      <td><span class="status ${o.status}">${o.status}</span></td>
      <td class="num">${o.items.reduce((n, i) => n + i.quantity, 0)}</td>
      <td class="num">${money(o.total, o.currency)}</td>
    </tr>`)}</tbody></table>`;
}

// ---------------------------------------------------------------- views
async function home() {
  const [latest, genres] = await Promise.all([api("/api/books?per_page=6&sort=-published_on"), api("/api/genres")]);
  return html`<section class="hero">
      <h1>Good books, quietly recommended.</h1>
      <p>Inkwell is a small independent bookshop. Browse ${latest.total} titles by author, genre or publisher,
      read what other readers thought, and follow your orders.</p>
      <p><a href="/books">Browse all books →</a></p>
    </section>
    <h2>Newest titles</h2>${bookGrid(latest.data)}
    <h2>Genres</h2>
    <div class="chips">${genres.map((g) => html`<a class="chip" href="/genres/${g.slug}">${g.name}</a>`)}</div>`;
}

async function books() {
  const page = Math.max(1, parseInt(new URLSearchParams(location.search).get("page") || "1", 10) || 1);
  const res = await api(`/api/books?page=${page}`);
  const last = Math.max(1, Math.ceil(res.total / res.per_page));
  return html`<h1>Books</h1><p class="muted">${res.total} titles · page ${res.page} of ${last}</p>
    ${bookGrid(res.data)}
    <div class="pager">
      ${page > 1 ? html`<a href="/books?page=${page - 1}">← Previous</a>` : ""}
      ${page < last ? html`<a href="/books?page=${page + 1}">Next →</a>` : ""}
    </div>`;
}

async function book(slug) {
  const [b, reviews] = await Promise.all([api(`/api/books/${encodeURIComponent(slug)}`), api(`/api/books/${encodeURIComponent(slug)}/reviews`)]);
  document.title = `${b.title} · Inkwell Books`;
  const avg = reviews.length ? reviews.reduce((n, r) => n + r.rating, 0) / reviews.length : null;
  return html`${cover(b)}
    <h1>${b.title}</h1>
    ${b.subtitle ? html`<p class="muted">${b.subtitle}</p>` : ""}
    <dl class="facts">
      <dt>Author</dt><dd><a href="/authors/${b.author.id}">${b.author.name}</a></dd>
      <dt>Publisher</dt><dd>${b.publisher ? html`<a href="/publishers/${b.publisher.id}">${b.publisher.name}</a>` : "Self-published"}</dd>
      <dt>Published</dt><dd>${day(b.published_on)}</dd>
      <dt>Format</dt><dd>${b.format}, ${b.page_count} pages</dd>
      <dt>ISBN</dt><dd>${b.isbn}</dd>
      <dt>Price</dt><dd class="price">${money(b.price)} ${b.in_stock ? "" : html`<span class="muted">(out of stock)</span>`}</dd>
      <dt>Genres</dt><dd class="chips">${b.genres.map((g) => html`<a class="chip" href="/genres/${g}">${g.replace(/-/g, " ")}</a>`)}</dd>
      <dt>Tags</dt><dd class="chips">${b.tags.map((t) => html`<span class="chip tag">${t}</span>`)}</dd>
      ${b.awards.length ? html`<dt>Awards</dt><dd>${b.awards.map((a) => `${a.name} (${a.year})`).join(", ")}</dd>` : ""}
    </dl>
    <h2>Reviews ${avg !== null ? html`<span class="stars">${stars(Math.round(avg))}</span>` : ""}</h2>
    <div id="reviews">${reviews.length ? reviews.map(reviewItem) : html`<p class="muted">No reviews yet.</p>`}</div>
    <h2>Write a review</h2>
    <form class="review-form" data-slug="${b.slug}">
      <label>Rating <select name="rating" required>
        <option value="">Choose…</option>${[5, 4, 3, 2, 1].map((n) => html`<option value="${n}">${stars(n)}</option>`)}
      </select></label>
      <label>Title <input name="title" required maxlength="200"></label>
      <label>Review <textarea name="body" rows="4" maxlength="5000"></textarea></label>
      <label>Customer number (optional) <input name="customer_id" type="number" min="1"></label>
      <button type="submit">Post review</button>
      <p class="form-status muted"></p>
    </form>`;
}

function reviewItem(r) {
  return html`<div class="review">
    <div><span class="stars">${stars(r.rating)}</span> <strong>${r.title}</strong></div>
    ${r.body ? html`<p>${r.body}</p>` : ""}
    <div class="muted">${r.customer_id ? html`<a href="/customers/${r.customer_id}">Customer #${r.customer_id}</a>` : "Anonymous"}
      · ${day(r.created_at)}${r.verified_purchase ? " · verified purchase" : ""}</div>
  </div>`;
}

async function authors() {
  const list = await api("/api/authors");
  return html`<h1>Authors</h1><div class="grid">${list.map((a) => html`<article class="card">
    <h3><a href="/authors/${a.id}">${a.name}</a></h3>
    <div class="muted">${a.country}</div>
    ${a.bio ? html`<p>${a.bio}</p>` : ""}
  </article>`)}</div>`;
}

async function author(id) {
  const [a, res] = await Promise.all([api(`/api/authors/${encodeURIComponent(id)}`), api(`/api/books?author=${encodeURIComponent(id)}`)]);
  return html`<h1>${a.name}</h1>
    ${a.bio ? html`<p>${a.bio}</p>` : ""}
    <dl class="facts">
      <dt>Country</dt><dd>${a.country}</dd>
      <dt>Born</dt><dd>${day(a.birth_date)}</dd>
      <dt>Website</dt><dd>${a.website ? html`<span>${a.website}</span>` : "—"}</dd>
    </dl>
    <h2>Books</h2>${bookGrid(res.data)}`;
}

async function genres() {
  const list = await api("/api/genres");
  return html`<h1>Genres</h1><div class="grid">${list.map((g) => html`<article class="card">
    <h3><a href="/genres/${g.slug}">${g.name}</a></h3><p class="muted">${g.description}</p></article>`)}</div>`;
}

async function genre(slug) {
  const [g, res] = await Promise.all([api(`/api/genres/${encodeURIComponent(slug)}`), api(`/api/books?genre=${encodeURIComponent(slug)}`)]);
  return html`<h1>${g.name}</h1><p class="muted">${g.description}</p>${bookGrid(res.data)}`;
}

async function publishers() {
  const list = await api("/api/publishers");
  return html`<h1>Publishers</h1><table>
    <thead><tr><th>Name</th><th>City</th><th>Country</th><th class="num">Founded</th><th>Independent</th></tr></thead>
    <tbody>${list.map((p) => html`<tr><td><a href="/publishers/${p.id}">${p.name}</a></td>
      <td>${p.address.city}</td><td>${p.address.country}</td><td class="num">${p.founded_year}</td>
      <td>${p.is_independent ? "yes" : "no"}</td></tr>`)}</tbody></table>`;
}

async function publisher(id) {
  const [p, res] = await Promise.all([api(`/api/publishers/${encodeURIComponent(id)}`), api(`/api/books?publisher=${encodeURIComponent(id)}`)]);
  return html`<h1>${p.name}</h1>
    <p class="muted">${p.address.city}, ${p.address.country} · founded ${p.founded_year}${p.is_independent ? " · independent" : ""}</p>
    <h2>Books</h2>${bookGrid(res.data)}`;
}

async function customers() {
  const list = await api("/api/customers");
  return html`<h1>Customers</h1><table>
    <thead><tr><th>#</th><th>Name</th><th>City</th><th>Member</th><th class="num">Points</th><th>Since</th></tr></thead>
    <tbody>${list.map((c) => html`<tr><td>${c.id}</td><td><a href="/customers/${c.id}">${c.first_name} ${c.last_name}</a></td>
      <td>${c.address.city}</td><td>${c.is_member ? "yes" : "no"}</td><td class="num">${c.loyalty_points}</td>
      <td>${day(c.created_at)}</td></tr>`)}</tbody></table>`;
}

async function customer(id) {
  const [c, orders] = await Promise.all([api(`/api/customers/${encodeURIComponent(id)}`), api(`/api/customers/${encodeURIComponent(id)}/orders`)]);
  return html`<h1>${c.first_name} ${c.last_name}</h1>
    <dl class="facts">
      <dt>Email</dt><dd>${c.email}</dd>
      <dt>Phone</dt><dd>${c.phone || "—"}</dd>
      <dt>Address</dt><dd>${c.address.street}, ${c.address.postal_code} ${c.address.city}, ${c.address.country}</dd>
      <dt>Member</dt><dd>${c.is_member ? `yes, ${c.loyalty_points} points` : "no"}</dd>
    </dl>
    <h2>Orders</h2>${orders.length ? orderRows(orders) : html`<p class="muted">No orders yet.</p>`}`;
}

async function orders() {
  const res = await api("/api/orders");
  return html`<h1>Orders</h1><p class="muted">${res.count} orders</p>${orderRows(res.results)}`;
}

async function order(id) {
  const o = await api(`/api/orders/${encodeURIComponent(id)}`);
  const a = o.shipping_address;
  return html`<h1>Order #${o.id} <span class="status ${o.status}">${o.status}</span></h1>
    <dl class="facts">
      <dt>Customer</dt><dd><a href="/customers/${o.customer_id}">Customer #${o.customer_id}</a></dd>
      <dt>Placed</dt><dd>${day(o.placed_at)}</dd>
      <dt>Shipped</dt><dd>${day(o.shipped_at)}</dd>
      <dt>Ship to</dt><dd>${a.street}, ${a.postal_code} ${a.city}, ${a.country}</dd>
      ${o.is_gift ? html`<dt>Gift</dt><dd>${o.gift_message || "yes"}</dd>` : ""}
    </dl>
    <h2>Items</h2>
    <table><thead><tr><th>Book</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Line total</th></tr></thead>
    <tbody>${o.items.map((i) => html`<tr><td><a href="/books/${i.book_slug}">${i.book_slug.replace(/-/g, " ")}</a></td>
      <td class="num">${i.quantity}</td><td class="num">${money(i.unit_price, o.currency)}</td>
      <td class="num">${money(i.quantity * i.unit_price, o.currency)}</td></tr>`)}</tbody>
    <tfoot>
      <tr><td colspan="3">Subtotal</td><td class="num">${money(o.subtotal, o.currency)}</td></tr>
      <tr><td colspan="3">Shipping</td><td class="num">${money(o.shipping_fee, o.currency)}</td></tr>
      <tr><th colspan="3">Total</th><th class="num">${money(o.total, o.currency)}</th></tr>
    </tfoot></table>`;
}

// ---------------------------------------------------------------- router
const routes = [
  [/^\/$/, home],
  [/^\/books\/?$/, books],
  [/^\/books\/([^/]+)\/?$/, book],
  [/^\/authors\/?$/, authors],
  [/^\/authors\/([^/]+)\/?$/, author],
  [/^\/genres\/?$/, genres],
  [/^\/genres\/([^/]+)\/?$/, genre],
  [/^\/publishers\/?$/, publishers],
  [/^\/publishers\/([^/]+)\/?$/, publisher],
  [/^\/customers\/?$/, customers],
  [/^\/customers\/([^/]+)\/?$/, customer],
  [/^\/orders\/?$/, orders],
  [/^\/orders\/([^/]+)\/?$/, order],
];

let renderToken = 0;

async function render() {
  const token = ++renderToken;
  const path = location.pathname;
  document.title = "Inkwell Books";
  document.querySelectorAll(".topbar nav a").forEach((a) => {
    const href = a.getAttribute("href");
    a.classList.toggle("active", path === href || path.startsWith(href + "/"));
  });
  let view = null;
  let args = [];
  for (const [re, fn] of routes) {
    const m = path.match(re);
    if (m) { view = fn; args = m.slice(1).map(decodeURIComponent); break; }
  }
  let out;
  try {
    out = view ? await view(...args) : html`<h1>Page not found</h1><p><a href="/">Back to the shop</a></p>`;
  } catch (err) {
    out = err.status === 404
      ? html`<h1>Not found</h1><p class="muted">${err.message}</p><p><a href="/">Back to the shop</a></p>`
      : html`<h1>Something went wrong</h1><p class="error">${err.message}</p>`;
  }
  if (token !== renderToken) return; // a newer navigation won
  app.innerHTML = out.html;
  window.scrollTo(0, 0);
}

function navigate(href) {
  history.pushState(null, "", href);
  render();
}

document.addEventListener("click", (event) => {
  const a = event.target.closest("a[href]");
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/static/")) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

// Reviews are only posted when a person submits the form.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.review-form");
  if (!form) return;
  event.preventDefault();
  const status = form.querySelector(".form-status");
  const data = new FormData(form);
  const payload = {
    rating: parseInt(data.get("rating"), 10),
    title: String(data.get("title") || "").trim(),
    body: String(data.get("body") || "").trim() || null,
    customer_id: data.get("customer_id") ? parseInt(data.get("customer_id"), 10) : null,
  };
  try {
    const created = await api(`/api/books/${encodeURIComponent(form.dataset.slug)}/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
    });
    const list = document.getElementById("reviews");
    if (list.querySelector("p.muted")) list.innerHTML = "";
    list.insertAdjacentHTML("afterbegin", reviewItem(created).html);
    form.reset();
    status.textContent = "Thank you, your review is online.";
  } catch (err) {
    const details = err.body && err.body.details ? ": " + Object.entries(err.body.details).map(([k, v]) => `${k} ${v}`).join("; ") : "";
    status.textContent = err.message + details;
  }
});

window.addEventListener("popstate", render);
render();
