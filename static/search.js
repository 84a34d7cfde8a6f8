// The search page. The index (pagefind/, built with the site) is in shards, each a Pagefind bundle,
// listed in pagefind/shards.json: the first is loaded and the others merged into it.
//
// The index holds pairs of neighbouring Chinese characters as tokens (disclosure/outputs/search_text.py
// spells them the same way): a query's pairs, all required, find every page holding the query, and
// some holding its pairs apart. So each candidate's text is checked for the query itself before it
// is shown: pages holding it come first and are counted; the others are listed after them, apart.
// Links are relative to this page, so the site works under any sub-path.
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
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[0-9a-z\u00c0-\u024f]+/g;
  var SHOWN = 20;       // results shown at a time
  var CHECKED = 200;    // candidates checked at most before the reader is asked to go on
  var NEAR = 10;        // pages holding the characters apart, listed at most
  var pagefind = null, latest = 0, current = null;

  function load() {
    if (!pagefind) {
      pagefind = fetch(manifest).then(function (response) {
        if (!response.ok) throw new Error("no index");
        return response.json();
      }).then(function (found) {
        var bundles = found.bundles.map(function (name) { return new URL(name, manifest).href; });
        if (!bundles.length) return null;
        return import(bundles[0] + "pagefind.js").then(function (module) {
          // (Result addresses are the records' own, site-absolute: made relative in show.)
          return module.options({ baseUrl: "/", excerptLength: 0 }).then(function () {
            return Promise.all(bundles.slice(1).map(function (bundle) {
              return module.mergeIndex(bundle, { baseUrl: "/" });
            }));
          }).then(function () { return module; });
        });
      });
    }
    return pagefind;
  }

  function collapse(text) { return text.replace(/\s+/g, " ").trim(); }

  function spell(character) {
    var hex = ("000" + character.charCodeAt(0).toString(16)).slice(-4);
    return hex.replace(/[0-9a-f]/g, function (digit) { return "abcdefghijklmnop".charAt(parseInt(digit, 16)); });
  }

  // The query as the index's tokens: its Han runs' pairs (a single character: its own token, which
  // Pagefind matches as the start of every pair beginning with it), and its other words.
  function tokensOf(query) {
    var lowered = query.toLowerCase(), tokens = [];
    (lowered.match(HAN) || []).forEach(function (run) {
      var spelled = Array.from(run).map(spell);
      if (spelled.length === 1) tokens.push("zz" + spelled[0]);  // (and its run-end token, "zz….q")
      for (var i = 0; i + 1 < spelled.length; i++) tokens.push("zz" + spelled[i] + spelled[i + 1]);
    });
    (lowered.replace(HAN, " ").match(WORD) || []).forEach(function (word) { tokens.push(word); });
    return tokens.filter(function (token, index) { return tokens.indexOf(token) === index; });
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

  // A candidate with its page's text (data.text), fetched and read as the index read it.
  function withText(result) {
    return result.data().then(function (data) {
      return fetch(data.url.replace(/^\/+/, "")).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        data.text = collapse(Array.prototype.map.call(page.querySelectorAll("[data-pagefind-body]"), textOf).join(" "));
        return data;
      });
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

  // Every pair of neighbouring characters of the query (Pagefind leaves out a word it does not
  // find, so a candidate may lack some).
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

  function show(target, data, part) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url.replace(/^\/+/, "");
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data.text, part));
    target.appendChild(item);
  }

  function say(search) {
    var quoted = "“" + search.query + "”";
    var done = search.checked >= search.candidates.length;
    if (done && search.exact === 0) {
      status.textContent = "没有找到含有" + quoted + "的页面。请检查用字，或换一个短一些的词。" +
        (search.near.length ? "下面列出的页面含有其中的字，但不是连在一起的。" : "");
    } else if (done) {
      status.textContent = "共有 " + search.exact + " 个页面含有" + quoted + "，" +
        (search.shown < search.exact ? "已显示前 " + search.shown + " 个。" : "已全部显示。");
    } else {
      status.textContent = "已找到 " + search.exact + " 个含有" + quoted + "的页面，已显示 " + search.shown +
        " 个；还有 " + (search.candidates.length - search.checked) + " 个可能相关的页面未核对。";
    }
    moreButton.hidden = done && search.shown >= search.exact;
    nearHeading.hidden = !(done && search.near.length);
  }

  // Check candidates, a batch at a time, until SHOWN more pages holding the query are shown (or
  // CHECKED were checked, or none is left).
  function more(search) {
    var target = search.shown + SHOWN, limit = search.checked + CHECKED;
    function step() {
      if (search !== current) return null;
      if (search.pending.length && search.shown < target) {
        show(list, search.pending.shift(), search.parts[0]);
        search.shown++;
        return step();
      }
      if (search.shown >= target || search.checked >= Math.min(limit, search.candidates.length)) {
        if (search.checked >= search.candidates.length) {
          search.near.slice(0, NEAR).forEach(function (data) { show(nearList, data, ""); });
        }
        say(search);
        return null;
      }
      // (A first few, so that the first results show at once.)
      var batch = search.candidates.slice(search.checked, search.checked + (search.checked ? SHOWN : 5));
      search.checked += batch.length;
      return Promise.all(batch.map(withText)).then(function (items) {
        items.forEach(function (data) {
          if (holds(data, search.parts)) { search.exact++; search.pending.push(data); }
          else if (holds(data, search.pairs)) search.near.push(data);
        });
        // Pages named by the query (a leader's, a unit's, a problem's title) before those that mention it.
        search.pending.sort(function (a, b) { return named(b, search.parts) - named(a, search.parts); });
        return step();
      });
    }
    return Promise.resolve(step());
  }

  function run(query) {
    var ticket = ++latest;
    current = null;
    list.textContent = "";
    nearList.textContent = "";
    nearHeading.hidden = true;
    moreButton.hidden = true;
    query = collapse(query);
    if (!query) { status.textContent = ""; return; }
    var tokens = tokensOf(query);
    status.textContent = "正在搜索……";
    load().then(function (module) {
      return module && tokens.length ? module.search(tokens.join(" ")) : { results: [] };
    }).then(function (found) {
      if (ticket !== latest) return null;
      var parts = query.toLowerCase().split(" ");
      current = { query: query, parts: parts, pairs: pairsOf(parts), candidates: found.results, checked: 0,
                  exact: 0, shown: 0, pending: [], near: [] };
      return more(current);
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "搜索暂时无法使用（从本地文件打开时不能搜索，请通过网站访问）。";
    });
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
