// The search page: asks the Pagefind index (built with the site, in pagefind/) and lists the
// results with links relative to this page, so the site works under any sub-path.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = new URL(script.getAttribute("data-bundle"), document.baseURI).href;
  var pagefind = null, latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle).then(function (module) {
        // Result links come back site-absolute ('/plans/…'); made relative below.
        return module.options({ baseUrl: "/", excerptLength: 40 }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Excerpts are HTML with <mark> around the matched words; keep only the text and the marks.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var fragment = document.createDocumentFragment();
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function showResult(data) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url.replace(/^\/+/, "");
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(heading);
    item.appendChild(excerpt);
    list.appendChild(item);
  }

  function run(query) {
    var ticket = ++latest;
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    status.textContent = "正在搜索……";
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (result) { return result.data(); }))
        .then(function (items) { return { total: search.results.length, items: items }; });
    }).then(function (found) {
      if (ticket !== latest) return;
      found.items.forEach(showResult);
      status.textContent = found.total === 0
        ? "没有找到与“" + query + "”相关的内容。请换一个词，或减少搜索词。"
        : "找到 " + found.total + " 条与“" + query + "”相关的结果" + (found.total > found.items.length ? "，显示前 " + found.items.length + " 条。" : "。");
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "搜索暂时无法使用（从本地文件打开时不能搜索，请通过网站访问）。";
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  run(initial.trim());
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
    } catch (error) { /* file:// in some browsers */ }
    run(query);
  });
})();
