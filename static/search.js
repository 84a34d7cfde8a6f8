// The search page. The index (pagefind/, built with the site, disclosure/outputs/search_bundle.py) is
// in shards, listed in pagefind/shards.json; each shard lists its pages and, in buckets, which of its
// pages hold each token: each pair of neighbouring characters, and each character, of the runs of
// letters, digits and Chinese characters of their text (disclosure/outputs/search_text.py reads them
// the same way). The pair map (pagefind/pairs/) tells which shards hold every pair of the query:
// only those are searched (none: nothing found, at once), a few at a time, and the pages of each
// holding every token are checked and shown as soon as it answers, without waiting for the others.
//
// Pairs that cover the query, all required, find every page holding the query, and some holding its
// pairs apart. So each candidate's text is checked for the query itself before it is shown: pages
// holding it are listed and counted, those named by it (a leader's, a unit's, a problem's title) on
// top; the others, if they hold every pair of the query, are listed after them, apart. Links are
// relative to this page, so the site works under any sub-path.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var nearHeading = document.getElementById("search-near-heading");
  var nearList = document.getElementById("search-near");
  var moreButton = document.getElementById("search-more");
  var manifest = new URL(script.getAttribute("data-bundle"), document.baseURI).href;
  var RUN = /[0-9a-z\u00c0-\u024f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";  // a page's place, written
  var SHOWN = 20;       // results shown at a time
  var CHECKED = 200;    // candidates checked at most before the reader is asked to go on
  var NEAR = 10;        // pages holding the characters apart, listed at most
  var AT_ONCE = 6;      // shards searched at once
  var shards = null, current = null, files = {};

  // The index's list of shards (and the count of buckets of its pair map), once.
  function load() {
    if (!shards) {
      shards = fetch(manifest).then(function (response) {
        if (!response.ok) throw new Error("no index");
        return response.json();
      }).then(function (found) {
        var pairs = found.pairs || { buckets: 0 };
        return { bundles: found.bundles.map(function (name) { return new URL(name, manifest).href; }),
                 buckets: pairs.buckets, map: pairs.path && new URL(pairs.path, manifest).href };
      });
    }
    return shards;
  }

  // A file of the index, read once.
  function json(address) {
    if (!files[address]) {
      files[address] = fetch(address).then(function (response) {
        if (!response.ok) throw new Error("no index file");
        return response.json();
      });
    }
    return files[address];
  }

  // A token's bucket of count, in the pair map or a shard (as disclosure/outputs/search_pairs.bucket_of).
  function bucketOf(pair, count) {
    var hash = 2166136261;
    for (var i = 0; i < pair.length; i++) hash = Math.imul(hash ^ pair.charCodeAt(i), 16777619) >>> 0;
    return ((hash ^ (hash >>> 16)) & (count - 1)) >>> 0;
  }

  function placesOf(held) {
    return typeof held === "string" ? bitsIn(held) : held;
  }

  // The places of a bit set in hexadecimal (disclosure/outputs/search_pairs.bit_set): place p is bit
  // p % 8 of byte p // 8, two digits a byte.
  function bitsIn(hex) {
    var places = [];
    for (var i = 0; i < hex.length; i += 2) {
      var value = parseInt(hex.substr(i, 2), 16);
      for (var j = 0; j < 8; j++) if (value & (1 << j)) places.push(4 * i + j);
    }
    return places;
  }

  // The shards that may hold the query: those holding every pair it is looked up by (none: nothing
  // found, without asking any); every shard when it has no pair (a query of single characters).
  function shardsFor(query, index) {
    var pairs = pairsLookedUp(query);
    if (!pairs.length || !index.buckets) return Promise.resolve(index.bundles);
    return Promise.all(pairs.map(function (pair) {
      // (A bucket of the pair map: pair -> the places in shards.json of the shards holding it, a
      // list or a bit set in hexadecimal.)
      return json(index.map + bucketOf(pair, index.buckets) + ".json").then(function (map) { return placesOf(map[pair] || []); });
    })).then(function (sets) {
      var places = sets.reduce(function (kept, set) { return kept.filter(function (place) { return set.indexOf(place) >= 0; }); });
      return places.map(function (place) { return index.bundles[place]; });
    });
  }

  function collapse(text) { return text.replace(/\s+/g, " ").trim(); }

  // The query as the index's tokens: pairs that cover each of its runs, side by side (the last
  // overlapping the one before when the run is odd: 整改措施已 is 整改 措施 施已), and each run of one
  // character. A page holding the query holds them all; the pairs left out (改措, 措施 …) would only
  // read more of the index, and the candidates are checked for the whole query anyway.
  function tokensOf(query) {
    var tokens = [];
    (query.toLowerCase().match(RUN) || []).forEach(function (run) {
      var characters = Array.from(run), n = characters.length;
      if (n === 1) tokens.push(run);
      for (var i = 0; i + 1 < n; i += 2) tokens.push(characters[i] + characters[i + 1]);
      if (n > 1 && n % 2) tokens.push(characters[n - 2] + characters[n - 1]);
    });
    return tokens.filter(function (token, index) { return tokens.indexOf(token) === index; });
  }

  // The pairs of tokensOf (which the pair map holds).
  function pairsLookedUp(query) {
    return tokensOf(query).filter(function (token) { return Array.from(token).length === 2; });
  }

  // The pages of a shard holding every token, those whose title holds every token first: each
  // {bundle, place, score} (the score 1 when the title holds them).
  function searchShard(bundle, tokens) {
    return json(bundle + "shard.json").then(function (shard) {
      return Promise.all(tokens.map(function (token) {
        return json(bundle + "tokens/" + bucketOf(token, shard.buckets) + ".json").then(function (held) {
          return (held[token] || "").split(".").map(function (written) { return placesIn(written, shard.width); });
        });
      })).then(function (found) {
        var places = common(found.map(function (sets) { return sets[0]; }));
        var titled = new Set(common(found.map(function (sets) { return sets[1] || []; })));
        return places.map(function (place) {
          return { bundle: bundle, place: place, score: titled.has(place) ? 1 : 0 };
        }).sort(function (a, b) { return b.score - a.score; });
      });
    });
  }

  // The places in every one of the lists.
  function common(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists.slice(1).reduce(function (kept, list) {
      var set = new Set(list);
      return kept.filter(function (place) { return set.has(place); });
    }, lists[0] || []);
  }

  // A set of pages as a bundle writes it (disclosure/outputs/search_bundle.py): their places, each in
  // width characters of DIGITS, or "!" and a bit set.
  function placesIn(written, width) {
    if (written.charAt(0) === "!") return bitsIn(written.slice(1));
    var places = [], i, j;
    for (i = 0; i < written.length; i += width) {
      var place = 0;
      for (j = 0; j < width; j++) place = place * DIGITS.length + DIGITS.indexOf(written.charAt(i + j));
      places.push(place);
    }
    return places;
  }

  var BLOCKS = ("address article aside blockquote br caption dd details div dl dt figcaption figure footer form h1 h2 " +
    "h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul").split(" ");

  // What a page shows to search, as search_text.page_record reads it: its data-pagefind-body parts
  // without what is marked data-pagefind-ignore, a line ending after each block.
  function textOf(node) {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1 || node.hasAttribute("data-pagefind-ignore") || /^(SCRIPT|STYLE)$/.test(node.nodeName)) return "";
    var text = "";
    for (var child = node.firstChild; child; child = child.nextSibling) text += textOf(child);
    return BLOCKS.indexOf(node.nodeName.toLowerCase()) >= 0 ? text + "\n" : text;
  }

  // The page's title, as search_text.page_record reads it: its first h1 to search, else its <title>.
  function titleOf(page, bodies) {
    for (var i = 0; i < bodies.length; i++) {
      var headings = [bodies[i]].concat(Array.prototype.slice.call(bodies[i].querySelectorAll("h1")));
      for (var j = 0; j < headings.length; j++) {
        if (headings[j].nodeName === "H1" && shown(headings[j], bodies[i])) return collapse(textOf(headings[j]));
      }
    }
    return collapse(page.title);
  }

  // Whether nothing from node up to body (not included) is marked data-pagefind-ignore.
  function shown(node, body) {
    for (; node !== body; node = node.parentNode) if (node.hasAttribute("data-pagefind-ignore")) return false;
    return true;
  }

  // A candidate's page (its address from its shard's list), fetched and read as the index read it:
  // {url, meta: {title}, text}.
  function withText(candidate) {
    var data = { url: "", meta: { title: "" }, text: "" };
    return json(candidate.bundle + "pages.json").then(function (pages) {
      data.url = pages[candidate.place];
      return fetch(data.url);
    }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var bodies = page.querySelectorAll("[data-pagefind-body]");
      data.text = collapse(Array.prototype.map.call(bodies, textOf).join(" "));
      data.meta.title = titleOf(page, bodies) || data.url;
      return data;
    });
  }

  function holds(data, parts) {
    var text = ((data.meta.title || "") + " " + data.text).toLowerCase();
    return parts.every(function (part) { return text.indexOf(part) >= 0; });
  }

  function named(data, parts) {
    var title = (data.meta.title || "").toLowerCase();
    return parts.every(function (part) { return title.indexOf(part) >= 0; }) ? 1 : 0;
  }

  // Every pair of neighbouring characters of the query (the index finds a candidate by the pairs
  // that cover the query, so it may lack the others).
  function pairsOf(parts) {
    var pairs = [];
    parts.forEach(function (part) {
      var characters = Array.from(part);
      if (characters.length === 1) pairs.push(part);
      for (var i = 0; i + 1 < characters.length; i++) pairs.push(characters[i] + characters[i + 1]);
    });
    return pairs;
  }

  // A piece of the page's text around the first place it holds the query, the query marked.
  function excerpt(text, part) {
    var paragraph = document.createElement("p");
    var at = part ? text.toLowerCase().indexOf(part) : -1;
    if (at < 0) {
      paragraph.textContent = text.slice(0, 80) + (text.length > 80 ? "……" : "");
      return paragraph;
    }
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + part.length + 50);
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + part.length);
    paragraph.appendChild(document.createTextNode((start > 0 ? "……" : "") + text.slice(start, at)));
    paragraph.appendChild(mark);
    paragraph.appendChild(document.createTextNode(text.slice(at + part.length, end) + (end < text.length ? "……" : "")));
    return paragraph;
  }

  // A result in its list; a page named by the query goes above those that only mention it.
  function show(target, data, part, isNamed) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url.replace(/^\/+/, "");
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data.text, part));
    if (isNamed) item.setAttribute("data-named", "");
    target.insertBefore(item, isNamed ? target.querySelector("li:not([data-named])") : null);
  }

  function unchecked(search) {
    return search.shards.reduce(function (sum, shard) { return sum + shard.results.length - shard.at; }, 0);
  }

  function finished(search) { return search.waiting === 0 && unchecked(search) === 0; }

  function say(search) {
    var quoted = "“" + search.query + "”", done = finished(search);
    if (done && search.exact === 0) {
      status.textContent = "没有找到含有" + quoted + "的页面。请检查用字，或换一个短一些的词。" +
        (search.near.length ? "下面列出的页面含有其中的字，但不是连在一起的。" : "");
    } else if (done) {
      status.textContent = "共有 " + search.exact + " 个页面含有" + quoted + "，" +
        (search.shown < search.exact ? "已显示前 " + search.shown + " 个。" : "已全部显示。");
    } else {
      status.textContent = "已找到 " + search.exact + " 个含有" + quoted + "的页面，已显示 " + search.shown +
        " 个；还有 " + unchecked(search) + " 个可能相关的页面未核对" + (search.waiting ? "，其余索引仍在搜索。" : "。");
    }
    moreButton.hidden = done && search.shown >= search.exact;
    nearHeading.hidden = !(done && search.near.length);
  }

  // A shard's answer: its candidates, best first, join those to check.
  function arrive(search, bundle, results) {
    search.shards.push({ bundle: bundle, results: results, at: 0 });
    search.waiting--;
    var wake = search.wake;
    search.wake = null;
    if (wake) wake();
    else if (!search.busy) say(search);
  }

  // The best candidates not checked yet, across the shards that answered.
  function take(search, count) {
    var batch = [];
    while (batch.length < count) {
      var best = null;
      search.shards.forEach(function (shard) {
        if (shard.at < shard.results.length && (!best || shard.results[shard.at].score > best.results[best.at].score)) best = shard;
      });
      if (!best) break;
      batch.push(best.results[best.at++]);
    }
    search.checked += batch.length;
    return batch;
  }

  function check(search, batch) {
    return Promise.all(batch.map(withText)).then(function (items) {
      items.forEach(function (data) {
        if (holds(data, search.parts)) { search.exact++; search.pending.push(data); }
        else if (holds(data, search.pairs)) search.near.push(data);
      });
      // Pages named by the query (a leader's, a unit's, a problem's title) before those that mention it.
      search.pending.sort(function (a, b) { return named(b, search.parts) - named(a, search.parts); });
    });
  }

  // Check candidates, a batch at a time, as the shards answer, until SHOWN more pages holding the
  // query are shown (or CHECKED were checked, or every shard answered and none is left).
  function more(search) {
    var target = search.shown + SHOWN, limit = search.checked + CHECKED;
    search.busy = true;
    function step() {
      if (search !== current) return null;
      if (search.pending.length && search.shown < target) {
        var data = search.pending.shift();
        show(list, data, search.parts[0], named(data, search.parts));
        search.shown++;
        return step();
      }
      var left = unchecked(search);
      if (search.shown >= target || search.checked >= limit || (!left && !search.waiting)) {
        search.busy = false;
        if (finished(search)) search.near.slice(0, NEAR).forEach(function (data) { show(nearList, data, ""); });
        say(search);
        return null;
      }
      if (!left) return new Promise(function (resolve) { search.wake = resolve; }).then(step);
      // (A first few, so that the first results show at once.)
      return check(search, take(search, search.checked ? SHOWN : 5)).then(step);
    }
    return Promise.resolve(step()).catch(function () { fail(search); });
  }

  function fail(search) {
    if (search !== current) return;
    current = null;
    moreButton.hidden = true;
    status.textContent = "搜索暂时无法使用（从本地文件打开时不能搜索，请通过网站访问）。";
  }

  // Every shard that may hold the query searched, AT_ONCE at a time, in the order of shards.json; the
  // results are checked and shown as the shards answer.
  function run(query) {
    current = null;
    list.textContent = "";
    nearList.textContent = "";
    nearHeading.hidden = true;
    moreButton.hidden = true;
    query = collapse(query);
    if (!query) { status.textContent = ""; return; }
    var tokens = tokensOf(query), parts = query.toLowerCase().split(" ");
    var search = current = { query: query, parts: parts, pairs: pairsOf(parts), shards: [], waiting: 0, wake: null,
                             busy: false, checked: 0, exact: 0, shown: 0, pending: [], near: [] };
    status.textContent = "正在搜索……";
    load().then(function (index) {
      return tokens.length ? shardsFor(query, index) : [];
    }).then(function (bundles) {
      if (search !== current) return null;
      var next = 0;
      search.waiting = bundles.length;
      function start() {
        if (next >= bundles.length || search !== current) return;
        var bundle = bundles[next++];
        searchShard(bundle, tokens).then(function (results) {
          if (search !== current) return;
          arrive(search, bundle, results);
          start();
        }).catch(function () { fail(search); });
      }
      for (var i = 0; i < AT_ONCE; i++) start();
      return more(search);
    }).catch(function () { fail(search); });
  }

  moreButton.addEventListener("click", function () {
    if (current) {
      moreButton.hidden = true;
      status.textContent = "正在查找更多结果……";
      more(current);
    }
  });
  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  run(initial);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = collapse(input.value);
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
    } catch (error) { /* file:// in some browsers */ }
    run(query);
  });
})();
