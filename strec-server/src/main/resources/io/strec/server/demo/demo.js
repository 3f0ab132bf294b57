// STREC demo: one page over the public API. The read key comes from the URL fragment (#key=...),
// which the browser never sends to the server; the write key (for check-ins) from the fragment
// (&write=...) or the field in the page. No library, no network beyond this origin.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const KM_PER_DEGREE = 111.32;
  const TOP_K = 10;
  const HISTORY = 50;
  const PATH = 12;
  const PALETTE = [
    '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#9c755f',
    '#ff9da7', '#1b9e77', '#7570b3', '#d95f02', '#e7298a', '#66a61e', '#a6761d', '#17becf',
  ];
  const PART_COLOURS = {
    interest: '#4e79a7', prior: '#bab0ac', distance: '#e15759',
    repeat: '#59a14f', transition: '#f28e2b', similar: '#b07aa1',
  };

  const state = {
    readKey: '',
    items: new Map(),
    located: [],
    colourOf: new Map(),
    selected: new Set(),
    user: '',
    history: [],
    tz: 0,
    anchorLocal: 0,
    place: null,
    answer: null,
    previous: null,
    requests: 0,
    answers: 0,
    view: null,
  };

  // ------------------------------------------------------------------ API

  class ApiError extends Error {
    constructor(status, code, field, message) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }

  async function api(method, path, key, body) {
    const headers = { 'X-API-Key': key, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ApiError(res.status, 'bad_answer', '', `${method} ${path}: HTTP ${res.status}, not JSON`);
    }
    if (!res.ok) {
      throw new ApiError(res.status, json.error, json.field, json.message);
    }
    return json;
  }

  const read = (path) => api('GET', path, state.readKey);
  const enc = encodeURIComponent;

  // ------------------------------------------------------------------ status

  function status(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  function failed(e) {
    const where = e.field ? ` (${e.field})` : '';
    status(e instanceof ApiError ? `${e.status} ${e.code}${where}: ${e.message}` : String(e), 'error');
  }

  function busy(on) {
    document.body.dataset.state = on ? 'loading' : 'ready';
  }

  // ------------------------------------------------------------------ time

  const pad = (n) => String(n).padStart(2, '0');

  function offsetText(tz) {
    const a = Math.abs(tz);
    return `${tz < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  }

  /** Local seconds (epoch seconds shifted by the offset) as a UTC-read Date. */
  const localDate = (localSeconds) => new Date(localSeconds * 1000);
  const weekdayOf = (d) => (d.getUTCDay() + 6) % 7;

  function localText(epoch, tz, withDate) {
    const d = localDate(epoch + tz * 60);
    const day = DAYS[weekdayOf(d)];
    const date = withDate ? ` ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : ` ${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    return `${day}${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }

  function queryLocal() {
    return state.anchorLocal + Number($('weekday').value) * 86400 + Number($('hour').value) * 3600;
  }

  const queryEpoch = () => queryLocal() - state.tz * 60;

  function queryIso() {
    const d = localDate(queryLocal());
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T`
      + `${pad(d.getUTCHours())}:00:00${offsetText(state.tz)}`;
  }

  /**
   * The days the sliders reach: seven, from the day that holds the hour after the user's latest
   * event, so the default question is "what next, an hour after their last check-in" and the other
   * days ask about the week that follows. Times are the user's local time (their latest offset).
   */
  function anchorDays(last) {
    const start = last.epoch + 3600 + last.tz * 60;
    state.tz = last.tz;
    state.anchorLocal = start - (((start % 86400) + 86400) % 86400);
    $('weekday').value = '0';
    $('hour').value = String(localDate(start).getUTCHours());
  }

  function showTime() {
    $('hour-out').textContent = `${pad(Number($('hour').value))}:00`;
    if (!state.user) {
      $('weekday-out').textContent = '';
      $('time-label').textContent = '';
      return;
    }
    $('weekday-out').textContent = DAYS[weekdayOf(localDate(state.anchorLocal + Number($('weekday').value) * 86400))];
    $('time-label').textContent = `${localText(queryEpoch(), state.tz, true)} (UTC${offsetText(state.tz)})`;
    const t = queryEpoch();
    const last = state.history[state.history.length - 1];
    const seen = state.history.filter((e) => e.epoch <= t).length;
    $('time-hint').textContent = t >= last.epoch
      ? `The latest event was ${localText(last.epoch, last.tz, false)}; the model sees all of the history.`
      : `Before the latest event (${localText(last.epoch, last.tz, false)}): the model sees only what happened until then (${seen} of the ${state.history.length} events loaded).`;
  }

  // ------------------------------------------------------------------ geometry

  function haversineKm(lat1, lon1, lat2, lon2) {
    const r = Math.PI / 180;
    const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2
      + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /**
   * Equirectangular projection with longitudes shrunk by cos(latitude) at the centre of the
   * places: true to scale in a city. World units are degrees of latitude; `scale` is pixels per
   * world unit; (cx, cy) the world point at the centre of the map.
   */
  function fitView() {
    const box = $('map').getBoundingClientRect();
    const lats = state.located.map((i) => i.lat);
    const lons = state.located.map((i) => i.lon);
    const minLat = Math.min(...lats);
    const maxLat = Math.max(...lats);
    const minLon = Math.min(...lons);
    const maxLon = Math.max(...lons);
    const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const w = Math.max((maxLon - minLon) * k, 1e-4);
    const h = Math.max(maxLat - minLat, 1e-4);
    const margin = 36;
    // The category legend covers the map's left side: fit the places into the rest.
    const left = $('category-panel').offsetWidth + 12;
    const scale = Math.min((box.width - left - 2 * margin) / w, (box.height - 2 * margin) / h);
    state.view = {
      width: box.width, height: box.height, k, scale, fitScale: scale,
      cx: ((minLon + maxLon) / 2) * k - left / 2 / scale, cy: -(minLat + maxLat) / 2,
    };
    $('map').setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
  }

  function project(lat, lon) {
    const v = state.view;
    return [v.width / 2 + (lon * v.k - v.cx) * v.scale, v.height / 2 + (-lat - v.cy) * v.scale];
  }

  function unproject(x, y) {
    const v = state.view;
    return { lat: -((y - v.height / 2) / v.scale + v.cy), lon: ((x - v.width / 2) / v.scale + v.cx) / v.k };
  }

  const pxPerKm = () => state.view.scale / KM_PER_DEGREE;

  function svgPoint(event) {
    const box = $('map').getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) {
      e.setAttribute(k, v);
    }
    if (parent) {
      parent.appendChild(e);
    }
    return e;
  }

  // ------------------------------------------------------------------ catalogue

  async function loadItems() {
    let after = null;
    do {
      const page = await read(`/v1/items?limit=1000${after ? '&after=' + enc(after) : ''}`);
      for (const it of page.items) {
        if (!it.hidden) {
          state.items.set(it.id, it);
        }
      }
      status(`loading places... ${state.items.size}`);
      after = page.next;
    } while (after);
    state.located = [...state.items.values()].filter((i) => i.lat !== null && i.lon !== null);
    colourCategories();
  }

  const kindOf = (item) => (item.categories.length ? item.categories[0] : 'uncategorised');

  function colourCategories() {
    const counts = new Map();
    for (const it of state.located) {
      counts.set(kindOf(it), (counts.get(kindOf(it)) || 0) + 1);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    ranked.forEach(([name], i) => {
      state.colourOf.set(name, i < PALETTE.length ? PALETTE[i] : `hsl(${(i * 137.5) % 360} 45% 55%)`);
    });
    const list = $('categories');
    list.textContent = '';
    for (const [name, count] of ranked) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.category = name;
      b.title = `${name}: ${count} places`;
      const dot = document.createElement('i');
      dot.className = 'dot';
      dot.style.background = state.colourOf.get(name);
      const label = document.createElement('span');
      label.textContent = name;
      const n = document.createElement('span');
      n.className = 'count';
      n.textContent = count;
      b.append(dot, label, n);
      b.addEventListener('click', () => toggleCategory(name));
      li.appendChild(b);
      list.appendChild(li);
    }
  }

  function toggleCategory(name) {
    if (state.selected.has(name)) {
      state.selected.delete(name);
    } else {
      state.selected.add(name);
    }
    showCategories();
    drawPlaces();
    recommend();
  }

  function showCategories() {
    $('categories').classList.toggle('filtering', state.selected.size > 0);
    for (const b of $('categories').querySelectorAll('button')) {
      b.classList.toggle('on', state.selected.has(b.dataset.category));
    }
  }

  // ------------------------------------------------------------------ map drawing

  function buildPlaces() {
    const g = $('places');
    g.textContent = '';
    for (const it of state.located) {
      const c = el('circle', { class: 'place', fill: state.colourOf.get(kindOf(it)) }, g);
      c.dataset.id = it.id;
      const t = el('title', {}, c);
      t.textContent = `${it.title} (${it.categories.join(', ')})`;
      it.node = c;
    }
  }

  function radiusKm() {
    const v = $('radius').value;
    return v === '' ? null : Number(v);
  }

  function passes(it) {
    if (state.selected.size && !it.categories.some((c) => state.selected.has(c))) {
      return false;
    }
    const r = radiusKm();
    return !(r !== null && state.place && haversineKm(state.place.lat, state.place.lon, it.lat, it.lon) > r);
  }

  function drawPlaces() {
    const r = Math.max(3, Math.min(7, 3.4 + Math.log2(state.view.scale / state.view.fitScale) * 1.2));
    for (const it of state.located) {
      const [x, y] = project(it.lat, it.lon);
      it.node.setAttribute('cx', x.toFixed(1));
      it.node.setAttribute('cy', y.toFixed(1));
      it.node.setAttribute('r', r.toFixed(1));
      it.node.classList.toggle('dim', !passes(it));
    }
  }

  function drawHistory() {
    const g = $('history-layer');
    g.textContent = '';
    const t = queryEpoch();
    const stops = state.history.filter((e) => e.lat !== null && e.lon !== null);
    const past = stops.filter((e) => e.epoch <= t).slice(-PATH);
    const later = stops.filter((e) => e.epoch > t).slice(0, PATH);
    for (let i = 1; i < past.length; i++) {
      const [x1, y1] = project(past[i - 1].lat, past[i - 1].lon);
      const [x2, y2] = project(past[i].lat, past[i].lon);
      // Older legs fade, so the direction of travel shows.
      el('line', { class: 'path', x1, y1, x2, y2, 'stroke-opacity': (0.15 + 0.75 * (i / past.length)).toFixed(2) }, g);
    }
    if (later.length) {
      const chain = past.length ? [past[past.length - 1], ...later] : later;
      const points = chain.map((e) => project(e.lat, e.lon).map((v) => v.toFixed(1)).join(',')).join(' ');
      el('polyline', { class: 'path later', points }, g);
    }
    later.forEach((e) => {
      const [x, y] = project(e.lat, e.lon);
      el('circle', { class: 'stop later', cx: x, cy: y, r: 3 }, g);
    });
    past.forEach((e, i) => {
      const [x, y] = project(e.lat, e.lon);
      const last = i === past.length - 1;
      el('circle', { class: last ? 'stop last' : 'stop', cx: x, cy: y, r: last ? 6 : 3.2 }, g);
    });
  }

  function drawQuery() {
    const g = $('query-layer');
    const rg = $('radius-layer');
    g.textContent = '';
    rg.textContent = '';
    if (!state.place) {
      return;
    }
    const [x, y] = project(state.place.lat, state.place.lon);
    const r = radiusKm();
    if (r !== null) {
      el('circle', { class: 'radius', cx: x, cy: y, r: r * pxPerKm() }, rg);
    }
    el('line', { class: 'query-cross', x1: x - 20, y1: y, x2: x - 13, y2: y }, g);
    el('line', { class: 'query-cross', x1: x + 13, y1: y, x2: x + 20, y2: y }, g);
    el('line', { class: 'query-cross', x1: x, y1: y - 20, x2: x, y2: y - 13 }, g);
    el('line', { class: 'query-cross', x1: x, y1: y + 13, x2: x, y2: y + 20 }, g);
    // A ring, drawn over the markers, so that a place recommended right here stays readable.
    el('circle', { class: 'query-halo', cx: x, cy: y, r: 13 }, g);
    el('circle', { class: 'query-pin', cx: x, cy: y, r: 13 }, g);
  }

  function drawMarkers() {
    const g = $('markers');
    g.textContent = '';
    if (!state.answer) {
      return;
    }
    // Lowest rank last, so that number 1 is on top where markers overlap.
    for (const rec of [...state.answer.items].reverse()) {
      if (rec.lat === null || rec.lon === null) {
        continue;
      }
      const [x, y] = project(rec.lat, rec.lon);
      const m = el('g', { class: 'marker', transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, g);
      m.dataset.item = rec.item;
      m.dataset.rank = rec.rank;
      el('circle', { r: 10.5 }, m);
      el('text', { y: 0.5 }, m).textContent = rec.rank;
    }
  }

  function drawScale() {
    const g = $('scale-layer');
    g.textContent = '';
    const perKm = pxPerKm();
    const nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].find((km) => km * perKm >= 70) || 1000;
    const len = nice * perKm;
    const x = state.view.width - 24 - len;
    const y = state.view.height - 24;
    el('path', { class: 'scale-bar', d: `M${x},${y - 5}V${y}H${x + len}V${y - 5}`, fill: 'none' }, g);
    el('text', { class: 'scale-text', x: x + len / 2, y: y - 8, 'text-anchor': 'middle' }, g)
      .textContent = nice < 1 ? `${nice * 1000} m` : `${nice} km`;
  }

  function drawAll() {
    drawPlaces();
    drawHistory();
    drawQuery();
    drawMarkers();
    drawScale();
  }

  // ------------------------------------------------------------------ map interaction

  function zoomAt(x, y, factor) {
    const v = state.view;
    const scale = Math.min(v.fitScale * 64, Math.max(v.fitScale * 0.7, v.scale * factor));
    const w = { x: (x - v.width / 2) / v.scale + v.cx, y: (y - v.height / 2) / v.scale + v.cy };
    v.scale = scale;
    v.cx = w.x - (x - v.width / 2) / scale;
    v.cy = w.y - (y - v.height / 2) / scale;
    drawAll();
  }

  function bindMap() {
    const map = $('map');
    let drag = null;
    map.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    map.addEventListener('pointermove', (e) => {
      if (!drag || !(e.buttons & 1)) {
        return;
      }
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 5) {
        return;
      }
      if (!drag.moved) {
        map.setPointerCapture(e.pointerId);
      }
      drag.moved = true;
      map.classList.add('panning');
      state.view.cx -= dx / state.view.scale;
      state.view.cy -= dy / state.view.scale;
      drag.x = e.clientX;
      drag.y = e.clientY;
      drawAll();
    });
    map.addEventListener('pointerup', (e) => {
      const wasDrag = drag && drag.moved;
      drag = null;
      map.classList.remove('panning');
      if (wasDrag || e.button !== 0 || !state.view) {
        return;
      }
      const [x, y] = svgPoint(e);
      state.place = unproject(x, y);
      showPlace();
      drawPlaces();
      drawQuery();
      recommend();
    });
    map.addEventListener('wheel', (e) => {
      e.preventDefault();
      const [x, y] = svgPoint(e);
      zoomAt(x, y, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    $('zoom-in').addEventListener('click', () => zoomAt(state.view.width / 2, state.view.height / 2, 1.6));
    $('zoom-out').addEventListener('click', () => zoomAt(state.view.width / 2, state.view.height / 2, 1 / 1.6));
    $('zoom-fit').addEventListener('click', () => {
      fitView();
      drawAll();
    });
    // Refit whenever the map's box changes size (the window, or the layout settling after load).
    let resize = 0;
    let size = `${state.view.width}x${state.view.height}`;
    new ResizeObserver(() => {
      clearTimeout(resize);
      resize = setTimeout(() => {
        const box = map.getBoundingClientRect();
        if (`${box.width}x${box.height}` !== size) {
          fitView();
          size = `${state.view.width}x${state.view.height}`;
          drawAll();
        }
      }, 120);
    }).observe(map);
  }

  function showPlace() {
    $('place-label').textContent = state.place
      ? `${state.place.lat.toFixed(5)}, ${state.place.lon.toFixed(5)}`
      : '';
  }

  // ------------------------------------------------------------------ users

  let searchTimer = 0;

  async function searchUsers() {
    const prefix = $('user-search').value.trim();
    try {
      const found = await read(`/v1/users?limit=30&prefix=${enc(prefix)}`);
      const list = $('user-results');
      list.textContent = '';
      for (const u of found.users) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.user = u.id;
        b.classList.toggle('selected', u.id === state.user);
        const count = document.createElement('span');
        count.textContent = `${u.events} events`;
        b.append(document.createTextNode(u.id), count);
        b.addEventListener('click', () => pickUser(u.id));
        li.appendChild(b);
        list.appendChild(li);
      }
      if (!found.users.length) {
        const li = document.createElement('li');
        li.className = 'hint';
        li.textContent = `no user id starts with "${prefix}"`;
        list.appendChild(li);
      }
      list.dataset.prefix = prefix;
      return found.users;
    } catch (e) {
      failed(e);
      return [];
    }
  }

  async function loadHistory() {
    const answer = await read(`/v1/users/${enc(state.user)}/events?limit=${HISTORY}`);
    state.history = answer.events.map((e) => ({ ...e, epoch: Date.parse(e.time) / 1000 }));
  }

  async function pickUser(id) {
    try {
      busy(true);
      state.user = id;
      state.previous = null;
      for (const b of $('user-results').querySelectorAll('button')) {
        b.classList.toggle('selected', b.dataset.user === id);
      }
      await loadHistory();
      const last = state.history[state.history.length - 1];
      anchorDays(last);
      const located = state.history.filter((e) => e.lat !== null && e.lon !== null);
      if (located.length) {
        const at = located[located.length - 1];
        state.place = { lat: at.lat, lon: at.lon };
      } else if (!state.place) {
        state.place = unproject(state.view.width / 2, state.view.height / 2);
      }
      $('user-info').textContent = `${id}: ${state.history.length} most recent events, times in UTC${offsetText(state.tz)}`;
      showPlace();
      showTime();
      showHistoryList();
      drawAll();
      await recommend();
    } catch (e) {
      failed(e);
      busy(false);
    }
  }

  function showHistoryList() {
    const list = $('history-list');
    list.textContent = '';
    const t = queryEpoch();
    for (const e of state.history.slice(-6).reverse()) {
      const li = document.createElement('li');
      li.classList.toggle('later', e.epoch > t);
      const time = document.createElement('time');
      time.textContent = localText(e.epoch, e.tz, false);
      const it = state.items.get(e.item);
      li.append(time, document.createTextNode(it ? it.title : e.item));
      li.title = `${e.type} at ${it ? it.title : e.item}`;
      list.appendChild(li);
    }
  }

  // ------------------------------------------------------------------ recommendations

  function recommendationPath() {
    const q = [
      `time=${enc(queryIso())}`,
      `lat=${state.place.lat.toFixed(6)}`,
      `lon=${state.place.lon.toFixed(6)}`,
      `k=${TOP_K}`,
    ];
    const r = radiusKm();
    if (r !== null) {
      q.push(`radius_km=${r}`);
    }
    for (const c of [...state.selected].sort()) {
      q.push(`category=${enc(c)}`);
    }
    q.push('explain=true');
    return `/v1/users/${enc(state.user)}/recommendations?${q.join('&')}`;
  }

  async function recommend() {
    if (!state.user || !state.place) {
      return;
    }
    const ticket = ++state.requests;
    const path = recommendationPath();
    busy(true);
    const t0 = performance.now();
    try {
      const answer = await read(path);
      if (ticket !== state.requests) {
        return;
      }
      const ms = performance.now() - t0;
      state.previous = state.answer && state.answer.user === answer.user ? state.answer : null;
      state.answer = answer;
      showAnswer(path, ms);
      drawMarkers();
      state.answers++;
      document.body.dataset.answers = String(state.answers);
    } catch (e) {
      if (ticket === state.requests) {
        failed(e);
      }
    } finally {
      if (ticket === state.requests) {
        busy(false);
      }
    }
  }

  let recommendTimer = 0;

  function recommendSoon() {
    clearTimeout(recommendTimer);
    busy(true);
    recommendTimer = setTimeout(recommend, 150);
  }

  function showAnswer(path, ms) {
    const a = state.answer;
    const q = $('query');
    q.dataset.path = path;
    q.textContent = `GET ${decodeURIComponent(path)}`;
    $('results-title').textContent = a.items.length === TOP_K ? `Top ${TOP_K} for ${a.user}` : `${a.items.length} for ${a.user} (fewer places pass the filters)`;
    const where = `${a.lat.toFixed(4)}, ${a.lon.toFixed(4)}`;
    $('query-summary').textContent = `${localText(queryEpoch(), a.tz, true)} near ${where}`
      + ` \u00b7 the model (${a.model.name} v${a.model.version}) saw ${a.history_length} past events`
      + ` \u00b7 answered in ${Math.round(ms)} ms`;
    status(`${state.items.size} places \u00b7 ${a.user} \u00b7 ${a.items.length} recommendations`, 'ok');
    showParts(a.items);
  }

  function partsOf(rec) {
    return rec.explanation ? Object.entries(rec.explanation.parts) : [['score', rec.score]];
  }

  function showParts(items) {
    const names = [];
    let maxPos = 0;
    let maxNeg = 0;
    for (const rec of items) {
      let pos = 0;
      let neg = 0;
      for (const [name, v] of partsOf(rec)) {
        if (!names.includes(name)) {
          names.push(name);
        }
        if (v >= 0) {
          pos += v;
        } else {
          neg -= v;
        }
      }
      maxPos = Math.max(maxPos, pos);
      maxNeg = Math.max(maxNeg, neg);
    }
    const colour = (name) => PART_COLOURS[name] || PALETTE[(names.indexOf(name) + 3) % PALETTE.length];
    const legend = $('parts-legend');
    legend.textContent = '';
    if (items.length) {
      const intro = document.createElement('span');
      intro.textContent = 'score parts:';
      legend.appendChild(intro);
    }
    for (const name of names) {
      const s = document.createElement('span');
      const i = document.createElement('i');
      i.style.background = colour(name);
      s.append(i, document.createTextNode(name));
      legend.appendChild(s);
    }
    const total = maxPos + maxNeg || 1;
    const axis = (maxNeg / total) * 100;
    const list = $('recs');
    list.textContent = '';
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No place passes these filters. Widen the radius or pick other categories.';
      list.appendChild(li);
    }
    const before = state.previous ? state.previous.items.map((r) => r.item) : null;
    // A model that weighs the history once per query (stm's attention) gives every item the same
    // events: say it once, above the list.
    const said = new Set(items.map((r) => JSON.stringify(r.explanation ? r.explanation.events : [])));
    const shared = items.length > 1 && said.size === 1;
    whyText($('why-all'), shared ? items[0] : null);
    for (const rec of items) {
      list.appendChild(row(rec, before, colour, axis, total, shared));
    }
  }

  /** The past events that weighed most in {@code rec}'s explanation, into {@code target}. */
  function whyText(target, rec) {
    target.textContent = '';
    const events = rec && rec.explanation ? rec.explanation.events.slice(0, 3) : [];
    if (!events.length) {
      return;
    }
    const weighed = events.some((e) => e.weight > 0);
    const label = document.createElement('b');
    label.textContent = weighed ? 'Past events that weighed most: ' : 'Latest events: ';
    target.appendChild(label);
    target.appendChild(document.createTextNode(events.map((e) => {
      const it = state.items.get(e.item);
      const when = localText(Date.parse(e.time) / 1000, state.tz, false);
      const w = e.weight > 0 ? ` ${Math.round(e.weight * 100)}%` : '';
      return `${it ? it.title : e.item} (${when})${w}`;
    }).join(' \u00b7 ')));
  }

  function row(rec, before, colour, axis, total, shared) {
    const li = document.createElement('li');
    li.dataset.item = rec.item;
    const rank = document.createElement('span');
    rank.className = 'rank';
    rank.textContent = rec.rank;
    const head = document.createElement('div');
    head.className = 'head';
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = rec.title || rec.item;
    head.appendChild(title);
    if (before) {
      const was = before.indexOf(rec.item);
      const move = document.createElement('span');
      if (was < 0) {
        move.className = 'move new';
        move.textContent = 'new';
      } else if (was + 1 !== rec.rank) {
        const up = was + 1 > rec.rank;
        move.className = `move ${up ? 'up' : 'down'}`;
        move.textContent = `${up ? '\u25b2' : '\u25bc'}${Math.abs(was + 1 - rec.rank)}`;
      }
      if (move.className) {
        head.appendChild(move);
      }
    }
    const dist = document.createElement('span');
    dist.className = 'dist';
    dist.textContent = rec.distance_km === null ? '' : `${rec.distance_km.toFixed(2)} km`;
    head.appendChild(dist);

    const meta = document.createElement('div');
    meta.className = 'meta';
    const cat = document.createElement('span');
    cat.className = 'cat';
    const dot = document.createElement('i');
    dot.style.background = state.colourOf.get(rec.categories[0] || 'uncategorised') || '#94a3b8';
    const catText = document.createElement('span');
    catText.textContent = rec.categories.join(' \u00b7 ');
    catText.title = catText.textContent;
    cat.append(dot, catText);
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = `score ${rec.score.toFixed(3)}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'checkin';
    button.textContent = 'check in';
    button.title = 'post a check-in here, at the chosen time';
    button.addEventListener('click', () => checkIn(rec));
    meta.append(cat, score, button);

    const bar = document.createElement('div');
    bar.className = 'bar';
    let right = axis;
    let left = axis;
    const tips = [];
    for (const [name, v] of partsOf(rec)) {
      const w = (Math.abs(v) / total) * 100;
      const s = document.createElement('span');
      s.style.background = colour(name);
      s.style.width = `${w}%`;
      if (v >= 0) {
        s.style.left = `${right}%`;
        right += w;
      } else {
        left -= w;
        s.style.left = `${left}%`;
      }
      s.title = `${name} ${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
      tips.push(s.title);
      bar.appendChild(s);
    }
    const zero = document.createElement('i');
    zero.className = 'axis';
    zero.style.left = `${axis}%`;
    bar.appendChild(zero);
    bar.title = tips.join('\n');

    li.append(rank, head, meta, bar);
    if (!shared) {
      const why = document.createElement('div');
      why.className = 'why';
      whyText(why, rec);
      li.appendChild(why);
    }
    li.addEventListener('mouseenter', () => hot(rec.item, true));
    li.addEventListener('mouseleave', () => hot(rec.item, false));
    return li;
  }

  function hot(item, on) {
    for (const m of $('markers').querySelectorAll('.marker')) {
      if (m.dataset.item === item) {
        m.classList.toggle('hot', on);
        if (on) {
          m.parentNode.appendChild(m);
        }
      }
    }
    for (const li of $('recs').children) {
      li.classList.toggle('hot', on && li.dataset.item === item);
    }
  }

  // ------------------------------------------------------------------ check-ins

  function eventId() {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return 'demo-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  }

  async function checkIn(rec) {
    const key = $('write-key').value.trim();
    if (!key) {
      status('a check-in is an event: enter the write key (left, under Check in) first', 'error');
      $('write-key').focus();
      return;
    }
    const event = { event_id: eventId(), user: state.user, item: rec.item, time: queryIso(), type: 'checkin' };
    if (rec.lat !== null && rec.lon !== null) {
      event.lat = rec.lat;
      event.lon = rec.lon;
    }
    busy(true);
    try {
      const receipt = await api('POST', '/v1/events', key, { events: [event] });
      await loadHistory();
      showTime();
      showHistoryList();
      drawHistory();
      await recommend();
      status(`checked in at ${rec.title} on ${localText(queryEpoch(), state.tz, false)}: `
        + `${receipt.stored} event stored; the list now shows the next answer`, 'ok');
    } catch (e) {
      failed(e);
      busy(false);
    }
  }

  // ------------------------------------------------------------------ start

  function bindControls() {
    $('user-search').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(searchUsers, 200);
    });
    $('user-search').addEventListener('keydown', async (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(searchTimer);
        const found = await searchUsers();
        if (found.length) {
          pickUser(found[0].id);
        }
      }
    });
    for (const id of ['weekday', 'hour']) {
      $(id).addEventListener('input', () => {
        if (!state.user) {
          return;
        }
        showTime();
        showHistoryList();
        drawHistory();
        recommendSoon();
      });
    }
    $('radius').addEventListener('change', () => {
      drawPlaces();
      drawQuery();
      recommend();
    });
    $('all-categories').addEventListener('click', () => {
      state.selected.clear();
      showCategories();
      drawPlaces();
      recommend();
    });
    $('key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      state.readKey = $('read-key').value.trim();
      if (state.readKey) {
        $('key-section').hidden = true;
        load('');
      }
    });
  }

  let mapBound = false;

  async function load(preferredUser) {
    busy(true);
    try {
      const ready = await fetch('/health/ready', { cache: 'no-store' }).then((r) => r.json());
      if (ready.model) {
        $('model').textContent = `model ${ready.model.name} v${ready.model.version}`;
      }
      await loadItems();
      if (!state.located.length) {
        status('the store holds no place with coordinates: nothing to draw', 'error');
        busy(false);
        return;
      }
      fitView();
      buildPlaces();
      drawAll();
      if (!mapBound) {
        bindMap();
        mapBound = true;
      }
      $('user-search').value = preferredUser;
      const users = await searchUsers();
      const first = users.find((u) => u.id === preferredUser) || users[0];
      if (first) {
        await pickUser(first.id);
      } else {
        status(`${state.items.size} places; no user has events yet`);
        busy(false);
      }
    } catch (e) {
      failed(e);
      if (e instanceof ApiError && e.status === 401) {
        $('key-section').hidden = false;
      }
      busy(false);
    }
  }

  function start() {
    bindControls();
    showTime();
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.readKey = fragment.get('key') || '';
    $('write-key').value = fragment.get('write') || '';
    if (!state.readKey) {
      $('key-section').hidden = false;
      status('no read key: open the address strec serve prints (it ends in #key=...)', 'error');
      busy(false);
      return;
    }
    load(fragment.get('user') || '');
  }

  start();
})();
