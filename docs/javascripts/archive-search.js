/*
 * Full-text search over the static index that generator/search.py writes under search/.
 *
 * Why this file exists, and the design, are in generator/search.py's docstring. The query
 * algorithm below is the same as IndexReader there, step for step (tests/test_browser_search.py
 * compares the two), so change both together. The constants must match the Python ones.
 *
 * - Every page: a search box in Material's header (Material's own search plugin is off), whose
 *   form goes to search.html?q=….
 * - search.html (docs/search.md): results as the reader types and on submit, filters by year,
 *   province and type, state kept in the URL (?q=&year=&province=&type=).
 *
 * Report text is data. It is only ever put into the page as text nodes (textContent), never
 * as HTML, so a report that contains "<script>" shows those characters.
 *
 * A plain script, no modules or bundler, requesting only this site's own files.
 */
(function () {
  "use strict";

  var FORMAT = 2;
  var TEXT_BUCKET = 1000;
  // Files whose name ends so are raw deflate (RFC 1951), inflated here: a server sends them as
  // they are, without Content-Encoding (GitHub Pages: application/octet-stream).
  var DEFLATED = ".deflate";
  var MAX_BLOCKS_PER_REPORT = 3;
  var VERIFY_BLOCKS = 20;
  var PAGE_SIZE = 10;
  var PASSAGES = 3;
  var UNKNOWN = "-";
  var DEBOUNCE_MS = 250;
  // Characters of context shown around a passage's first match.
  var WINDOW_BEFORE = 40;
  var WINDOW_CHARS = 160;

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var B64_VALUE = new Int8Array(128).fill(-1);
  for (var b64i = 0; b64i < B64.length; b64i++) B64_VALUE[B64.charCodeAt(b64i)] = b64i;
  // Runs of letters and digits: Python's [^\W_] is the same set (tests check it).
  var RUN = /[\p{L}\p{N}]{2,}/gu;
  var TERM_SPLIT = /[ \t\n\r\f\v]+/;

  // The site root, from this script's own URL (…/javascripts/archive-search.js).
  var scriptEl =
    document.currentScript || document.querySelector("script[src*='archive-search.js']");
  var ROOT = new URL("../", (scriptEl && scriptEl.src) || document.baseURI);
  var SEARCH_PAGE = new URL("search.html", ROOT);

  // --- encoding ----------------------------------------------------------------------------

  function vlqDecode(text) {
    var numbers = [];
    var value = 0;
    var shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = B64_VALUE[text.charCodeAt(i)];
      if (digit < 0 || digit === undefined) throw new Error("bad VLQ character");
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) {
        shift += 5;
      } else {
        numbers.push(value);
        value = 0;
        shift = 0;
      }
    }
    if (shift) throw new Error("truncated VLQ string");
    return numbers;
  }

  function decodeBlocks(gaps) {
    var numbers = vlqDecode(gaps);
    var block = -1;
    for (var i = 0; i < numbers.length; i++) {
      block += numbers[i] + 1;
      numbers[i] = block;
    }
    return numbers;
  }

  function shardOf(bigram, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bigram.length; i++) {
      h ^= bigram.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (shards - 1);
  }

  function shardName(shard, shards) {
    var width = Math.max(1, Math.floor(((shards - 1).toString(2).length + 3) / 4));
    var hex = shard.toString(16);
    while (hex.length < width) hex = "0" + hex;
    return hex;
  }

  function presencePath(shard, shards) {
    return "search/b/" + shardName(shard, shards) + ".json" + DEFLATED;
  }

  function countsPath(shard, shards) {
    return "search/c/" + shardName(shard, shards) + ".json" + DEFLATED;
  }

  function blockPath(block) {
    return "search/t/" + Math.floor(block / TEXT_BUCKET) + "/" + block + ".json" + DEFLATED;
  }

  // The JSON value of an index file, inflated first when its name says it is deflated.
  function readJson(path, response) {
    if (!path.endsWith(DEFLATED)) return response.json();
    if (typeof DecompressionStream === "undefined") {
      throw new Error("此浏览器不能解压检索索引，请使用较新的浏览器");
    }
    return new Response(response.body.pipeThrough(new DecompressionStream("deflate-raw"))).json();
  }

  function foldPath(high) {
    return "search/s/" + (high < 16 ? "0" : "") + high.toString(16) + ".json";
  }

  // --- folding (generator.search.fold) --------------------------------------------------------

  function fold(text, extra) {
    var out = new Array(text.length);
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var ch = text[i];
      if (c >= 65 && c <= 90) {
        ch = String.fromCharCode(c + 32);
      } else if (c >= 0xff01 && c <= 0xff5e) {
        var a = c - 0xfee0;
        ch = String.fromCharCode(a >= 65 && a <= 90 ? a + 32 : a);
      } else if (c === 0x3000 || c === 0xa0) {
        ch = " ";
      } else if (extra && extra.has(ch)) {
        ch = extra.get(ch);
      }
      out[i] = ch;
    }
    return out.join("");
  }

  function bigrams(folded) {
    var out = [];
    var runs = folded.match(RUN) || [];
    for (var r = 0; r < runs.length; r++) {
      var chars = Array.from(runs[r]);
      for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function unique(list) {
    return Array.from(new Set(list)).sort(compare);
  }

  function parseQuery(folded) {
    var terms = [];
    var ignored = [];
    folded.split(TERM_SPLIT).forEach(function (raw) {
      if (!raw || terms.some((t) => t.text === raw)) return;
      var grams = unique(bigrams(raw));
      if (grams.length) terms.push({ text: raw, bigrams: grams });
      else if (ignored.indexOf(raw) < 0) ignored.push(raw);
    });
    var all = [];
    terms.forEach((t) => all.push.apply(all, t.bigrams));
    return { terms: terms, ignored: ignored, bigrams: unique(all) };
  }

  function occurrences(haystack, needle) {
    var out = [];
    var start = haystack.indexOf(needle);
    while (start >= 0) {
      out.push(start);
      start = haystack.indexOf(needle, start + needle.length);
    }
    return out;
  }

  // Per term: occurrences as typed and status (1 as typed, 2 all bigrams here, 3 otherwise);
  // and the passage (null when the entry holds none of the query's bigrams).
  function matchEntry(folded, query) {
    var present = new Set(bigrams(folded));
    var counts = [];
    var status = [];
    var ranges = [];
    var exact = 0;
    query.terms.forEach(function (term) {
      var found = occurrences(folded, term.text);
      counts.push(found.length);
      found.forEach((s) => ranges.push([s, s + term.text.length]));
      if (found.length) {
        status.push(1);
        exact += 1;
      } else {
        status.push(term.bigrams.every((b) => present.has(b)) ? 2 : 3);
      }
    });
    var wanted = new Set(query.bigrams);
    var pieces = 0;
    present.forEach((b) => (pieces += wanted.has(b) ? 1 : 0));
    if (!pieces) return { counts: counts, status: status, passage: null };
    if (exact < query.terms.length) {
      // Where a term is not whole, its pieces are marked.
      var run;
      var re = new RegExp(RUN.source, "gu");
      while ((run = re.exec(folded))) {
        var chars = Array.from(run[0]);
        var at = run.index;
        for (var i = 0; i + 1 < chars.length; i++) {
          var pair = chars[i] + chars[i + 1];
          if (wanted.has(pair)) ranges.push([at, at + pair.length]);
          at += chars[i].length;
        }
      }
    }
    return {
      counts: counts,
      status: status,
      passage: {
        anchor: "",
        text: "",
        level: exact ? 1 : status.indexOf(2) >= 0 ? 2 : 3,
        exact: exact,
        occurs: counts.reduce((x, y) => x + y, 0),
        pieces: pieces,
        marks: merge(ranges),
      },
    };
  }

  function merge(ranges) {
    ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  // --- the index ---------------------------------------------------------------------------

  function Index() {
    this.cache = new Map();
    this.fetched = [];
    this.ready = null;
  }

  // A file of another build than meta.json: the site was deployed while this page was open.
  function StaleIndex(path) {
    this.message = path + " 来自另一次构建";
    this.stale = true;
  }

  Index.prototype.reset = function () {
    this.ready = null;
    this.cache = new Map();
    this.reload = true;
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.ready) {
      var cache = this.reload ? "reload" : "no-cache";
      this.reload = false;
      this.ready = fetch(new URL("search/meta.json", ROOT), { cache: cache })
        .then(function (response) {
          if (!response.ok) throw new Error("search/meta.json: HTTP " + response.status);
          return response.json();
        })
        .then(function (meta) {
          if (meta.format !== FORMAT) throw new Error("检索索引格式不符，请刷新页面");
          self.meta = meta;
          self.blockCount = vlqDecode(meta.report_blocks);
          self.blockReport = new Int32Array(meta.blocks);
          self.firstBlock = [];
          var at = 0;
          self.blockCount.forEach(function (n, report) {
            self.firstBlock.push(at);
            self.blockReport.fill(report, at, at + n);
            at += n;
          });
          self.facets = {
            year: vlqDecode(meta.report_year),
            province: vlqDecode(meta.report_province),
            type: vlqDecode(meta.report_type),
          };
          return self;
        });
      this.ready.catch(function () {
        self.ready = null; // a failed load (offline) is retried by the next search
      });
    }
    return this.ready;
  };

  Index.prototype.get = function (path) {
    var self = this;
    if (!this.cache.has(path)) {
      var version = this.meta.version;
      var url = new URL(path, ROOT);
      url.search = "v=" + version;
      var promise = fetch(url)
        .then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return readJson(path, response);
        })
        .then(function (data) {
          var own = data && typeof data === "object" ? data[""] : undefined;
          if (own !== undefined && own !== version) throw new StaleIndex(path);
          return data;
        });
      promise.catch(function () {
        self.cache.delete(path);
      });
      this.cache.set(path, promise);
      this.fetched.push(path);
    }
    return this.cache.get(path);
  };

  Index.prototype.foldQuery = async function (text) {
    var available = new Set(this.meta.fold);
    var highs = new Set();
    for (var i = 0; i < text.length; i++) {
      var high = text.charCodeAt(i) >> 8;
      if (available.has(high)) highs.add(high);
    }
    var self = this;
    var sorted = Array.from(highs).sort((a, b) => a - b);
    var shards = await Promise.all(sorted.map((h) => self.get(foldPath(h))));
    var extra = new Map();
    shards.forEach(function (pairs) {
      for (var j = 0; j + 1 < pairs.length; j += 2) extra.set(pairs[j], pairs[j + 1]);
    });
    return fold(text, extra);
  };

  Index.prototype.allowed = function (report, filters) {
    var lists = { year: "years", province: "provinces", type: "types" };
    for (var name in lists) {
      var wanted = filters[name];
      if (wanted === undefined || wanted === null || wanted === "") continue;
      var index = this.facets[name][report];
      if (wanted === UNKNOWN) {
        if (index) return false;
      } else if (index === 0 || String(this.meta[lists[name]][index - 1]) !== String(wanted)) {
        return false;
      }
    }
    return true;
  };

  function optimistic(c) {
    var total = 0;
    c.bound.forEach((bound) => bound.forEach((n) => (total += n)));
    return [c.tblocks.every((b) => b.length) ? 1 : 3, -total, c.report];
  }

  function key(c) {
    return [c.tier, -c.count, c.report];
  }

  function lexCompare(x, y) {
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  }

  // Candidates sorted by their optimistic keys; null when a bigram occurs nowhere.
  Index.prototype.candidates = async function (query, filters) {
    var self = this;
    var shards = this.meta.shards;
    var presence = await Promise.all(
      query.bigrams.map((b) => self.get(presencePath(shardOf(b, shards), shards)))
    );
    var lists = new Map();
    for (var i = 0; i < query.bigrams.length; i++) {
      var gaps = presence[i][query.bigrams[i]];
      if (gaps === undefined) return null;
      lists.set(query.bigrams[i], decodeBlocks(gaps));
    }
    // The rarest bigram of a term bounds the term's count, and its counts are the cheapest.
    var anchors = query.terms.map(function (term) {
      return term.bigrams.reduce(function (best, b) {
        var d = lists.get(b).length - lists.get(best).length;
        return d < 0 || (d === 0 && b < best) ? b : best;
      });
    });
    var counts = await Promise.all(
      anchors.map((a) => self.get(countsPath(shardOf(a, shards), shards)))
    );
    var tf = new Map();
    anchors.forEach(function (anchor, t) {
      var blocks = lists.get(anchor);
      var extra = counts[t][anchor];
      var ones = extra === undefined ? null : vlqDecode(extra);
      var map = new Map();
      blocks.forEach((b, j) => map.set(b, ones ? ones[j] + 1 : 1));
      tf.set(anchor, map);
    });
    var sets = new Map();
    lists.forEach((blocks, b) => sets.set(b, new Set(blocks)));
    var reports = null;
    Array.from(lists.values())
      .sort((x, y) => x.length - y.length)
      .forEach(function (blocks) {
        var here = new Set();
        blocks.forEach((b) => here.add(self.blockReport[b]));
        reports = reports === null ? here : new Set(Array.from(reports).filter((r) => here.has(r)));
      });
    var out = new Map();
    Array.from(reports || [])
      .sort((x, y) => x - y)
      .forEach(function (r) {
        if (self.allowed(r, filters)) {
          out.set(r, {
            report: r,
            tblocks: query.terms.map(() => []),
            bound: query.terms.map(() => new Map()),
            display: -1,
            tier: 3,
            count: 0,
            passages: [],
            head: null,
          });
        }
      });
    query.terms.forEach(function (term, t) {
      var rest = term.bigrams.filter((b) => b !== anchors[t]).map((b) => sets.get(b));
      var anchorTf = tf.get(anchors[t]);
      lists.get(anchors[t]).forEach(function (block) {
        var c = out.get(self.blockReport[block]);
        if (c && rest.every((s) => s.has(block))) {
          c.tblocks[t].push(block);
          c.bound[t].set(block, anchorTf.get(block));
        }
      });
    });
    var allSets = Array.from(sets.values());
    out.forEach(function (c) {
      c.tblocks.forEach(function (blocks, t) {
        blocks.sort((x, y) => c.bound[t].get(y) - c.bound[t].get(x) || x - y);
      });
      if (!c.tblocks.every((b) => b.length)) {
        var first = self.firstBlock[c.report];
        var best = -1;
        var bestScore = -1;
        for (var b = first; b < first + self.blockCount[c.report]; b++) {
          var score = allSets.filter((s) => s.has(b)).length;
          if (score > bestScore) {
            best = b;
            bestScore = score;
          }
        }
        c.display = best;
      }
    });
    return Array.from(out.values()).sort((x, y) => lexCompare(optimistic(x), optimistic(y)));
  };

  // Checking one candidate: fetch its best t-blocks until every term is found as typed.
  function Check(query, c) {
    this.query = query;
    this.c = c;
    this.status = query.terms.map(() => 3);
    this.occurs = query.terms.map(() => 0);
    this.done = [];
  }

  Check.prototype.nextBlock = function () {
    var c = this.c;
    if (!c.tblocks.every((b) => b.length)) return this.done.length ? null : c.display;
    if (this.done.length >= MAX_BLOCKS_PER_REPORT) return null;
    for (var t = 0; t < c.tblocks.length; t++) {
      if (this.status[t] === 1) continue;
      for (var i = 0; i < c.tblocks[t].length; i++) {
        if (this.done.indexOf(c.tblocks[t][i]) < 0) return c.tblocks[t][i];
      }
    }
    return null;
  };

  Check.prototype.scan = function (block, data) {
    var self = this;
    this.c.head = data;
    this.done.push(block);
    var extra = new Map(Object.entries(data.f || {}));
    data.p.forEach(function (entry, index) {
      var m = matchEntry(fold(entry[1], extra), self.query);
      m.counts.forEach(function (n, t) {
        self.occurs[t] += n;
        self.status[t] = Math.min(self.status[t], m.status[t]);
      });
      if (m.passage) {
        m.passage.anchor = entry[0];
        m.passage.text = entry[1];
        self.c.passages.push({ block: block, index: index, passage: m.passage });
      }
    });
  };

  Check.prototype.finish = function () {
    var c = this.c;
    var done = this.done;
    c.tier = Math.max.apply(null, this.status);
    var unfetched = 0;
    c.bound.forEach(function (bound) {
      bound.forEach((n, b) => (unfetched += done.indexOf(b) < 0 ? n : 0));
    });
    c.count = this.occurs.reduce((x, y) => x + y, 0) + unfetched;
    return this.nextBlock() !== null;
  };

  // Fagin's threshold algorithm over candidates sorted by their optimistic keys.
  function Ranking(index, query, candidates) {
    this.index = index;
    this.query = query;
    this.pending = candidates.slice();
    this.checked = [];
    this.shown = [];
    this.provisional = false;
  }

  Ranking.prototype.page = async function () {
    var want = this.shown.length + PAGE_SIZE;
    var budget = VERIFY_BLOCKS;
    this.provisional = false;
    while (this.shown.length < want && (this.pending.length || this.checked.length)) {
      this.checked.sort((x, y) => lexCompare(key(x), key(y)));
      if (
        this.checked.length &&
        (!this.pending.length || lexCompare(key(this.checked[0]), optimistic(this.pending[0])) <= 0)
      ) {
        this.shown.push(this.checked.shift());
        continue;
      }
      if (budget <= 0) {
        // Show what was checked, in order; an unchecked report might still outrank it.
        this.provisional = true;
        while (this.checked.length && this.shown.length < want) {
          this.shown.push(this.checked.shift());
        }
        return;
      }
      var size = Math.min(want - this.shown.length, budget);
      var batch = this.pending.slice(0, size);
      this.pending = this.pending.slice(size);
      var query = this.query;
      var checks = batch.map((c) => new Check(query, c));
      // Rounds of one block per candidate, fetched in parallel; the budget is spent in
      // candidate order, as in Python, so both fetch the same blocks.
      for (;;) {
        var requests = [];
        checks.forEach(function (check) {
          var block = check.nextBlock();
          if (block !== null && budget > 0) {
            requests.push([check, block]);
            budget -= 1;
          }
        });
        if (!requests.length) break;
        var index = this.index;
        var data = await Promise.all(requests.map((r) => index.get(blockPath(r[1]))));
        requests.forEach((r, i) => r[0].scan(r[1], data[i]));
      }
      for (var i = 0; i < checks.length; i++) {
        if (checks[i].finish()) this.provisional = true;
        this.checked.push(checks[i].c);
      }
    }
  };

  function hitOf(index, c) {
    var inOrder = (x, y) => x.block - y.block || x.index - y.index;
    var ranked = c.passages.slice().sort(function (x, y) {
      return (
        x.passage.level - y.passage.level ||
        y.passage.exact - x.passage.exact ||
        y.passage.occurs - x.passage.occurs ||
        y.passage.pieces - x.passage.pieces ||
        inOrder(x, y)
      );
    });
    // Only the best kind: a report with the phrase does not show stray pieces of it.
    var level = ranked.length ? ranked[0].passage.level : 0;
    var best = ranked.filter((p) => p.passage.level === level).slice(0, PASSAGES);
    var meta = index.meta;
    var year = index.facets.year[c.report];
    var type = index.facets.type[c.report];
    return {
      report: c.report,
      url: c.head.u,
      title: c.head.t,
      place: c.head.pl,
      year: year ? meta.years[year - 1] : null,
      type: type ? meta.types[type - 1] : null,
      tier: c.tier,
      count: c.count,
      // The title links to the best passage; the passages are shown in reading order.
      anchor: best.length ? best[0].passage.anchor : "",
      passages: best.sort(inOrder).map((p) => p.passage),
    };
  }

  // One query's results; more() adds the next page. After a deploy, starts over once.
  async function startSearch(index, text, filters) {
    try {
      return await searchOnce(index, text, filters);
    } catch (error) {
      if (!error.stale) throw error;
      index.reset();
      return searchOnce(index, text, filters);
    }
  }

  async function searchOnce(index, text, filters) {
    await index.load();
    index.fetched = [];
    var query = parseQuery(await index.foldQuery(text));
    var state = { query: query, total: 0, hits: [], provisional: false, done: true };
    if (!query.terms.length) return state;
    var candidates = await index.candidates(query, filters);
    if (candidates === null) return state;
    var ranking = new Ranking(index, query, candidates);
    state.total = candidates.length;
    state.more = async function () {
      await ranking.page();
      state.hits = ranking.shown.map((c) => hitOf(index, c));
      state.provisional = ranking.provisional;
      state.done = !ranking.pending.length && !ranking.checked.length;
      return state;
    };
    return state.more();
  }

  // --- rendering ---------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function svgIcon() {
    // Material Design Icons "magnify" (Apache-2.0), the icon Material's own search uses.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute(
      "d",
      "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27" +
        "A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 " +
        "9.5 14 14 12 14 9.5 12 5 9.5 5"
    );
    svg.appendChild(path);
    return svg;
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  // The passage as text nodes and <mark>s, cut to a window around its first match.
  function passageNodes(passage) {
    var text = passage.text;
    var marks = passage.marks;
    var start = 0;
    var end = text.length;
    if (text.length > WINDOW_CHARS) {
      var first = marks.length ? marks[0][0] : 0;
      start = Math.max(0, Math.min(first - WINDOW_BEFORE, text.length - WINDOW_CHARS));
      end = Math.min(text.length, start + WINDOW_CHARS);
      if (start > 0 && isLowSurrogate(text, start)) start -= 1;
      if (end < text.length && isLowSurrogate(text, end)) end += 1;
    }
    var nodes = [];
    if (start > 0) nodes.push(document.createTextNode("…"));
    var at = start;
    marks.forEach(function (m) {
      var s = Math.max(m[0], start);
      var e = Math.min(m[1], end);
      if (e <= s) return;
      if (s > at) nodes.push(document.createTextNode(text.slice(at, s)));
      nodes.push(el("mark", null, text.slice(s, e)));
      at = e;
    });
    if (at < end) nodes.push(document.createTextNode(text.slice(at, end)));
    if (end < text.length) nodes.push(document.createTextNode("…"));
    return nodes;
  }

  function link(url, anchor) {
    var href = new URL(url, ROOT);
    if (anchor) href.hash = anchor;
    return href.href;
  }

  var TIER_NOTES = {
    2: "未见完整词句：所查各字在同一段中出现，但不相连",
    3: "未见完整词句：所查各字分散在全文中",
  };

  function renderHit(hit) {
    var item = el("li", "archive-search__hit");
    item.dataset.url = hit.url;
    item.dataset.tier = hit.tier;
    item.dataset.count = hit.count;
    var title = el("a", "archive-search__title", hit.title);
    title.href = link(hit.url, hit.anchor);
    item.appendChild(title);
    var details = [hit.place, hit.year ? hit.year + "年" : "年份不详", hit.type].filter(Boolean);
    item.appendChild(el("div", "archive-search__meta", details.join(" · ")));
    if (TIER_NOTES[hit.tier]) item.appendChild(el("div", "archive-search__note", TIER_NOTES[hit.tier]));
    hit.passages.forEach(function (passage) {
      var p = el("p", "archive-search__passage");
      var a = el("a");
      a.href = link(hit.url, passage.anchor);
      passageNodes(passage).forEach((n) => a.appendChild(n));
      p.appendChild(a);
      item.appendChild(p);
    });
    return item;
  }

  // --- header box (every page) ------------------------------------------------------------

  function headerBox() {
    var nav = document.querySelector(".md-header__inner");
    if (!nav || nav.querySelector(".archive-header-search")) return null;
    var form = el("form", "archive-header-search");
    form.setAttribute("role", "search");
    form.action = SEARCH_PAGE.href;
    form.method = "get";
    var icon = el("a", "archive-header-search__icon md-header__button md-icon");
    icon.href = SEARCH_PAGE.href;
    icon.title = "全文检索";
    icon.setAttribute("aria-label", "全文检索");
    icon.appendChild(svgIcon());
    var input = el("input", "archive-header-search__input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "全文检索";
    input.setAttribute("aria-label", "全文检索");
    input.autocomplete = "off";
    input.enterKeyHint = "search";
    var current = new URLSearchParams(location.search).get("q");
    if (current && isSearchPage()) input.value = current;
    form.appendChild(icon);
    form.appendChild(input);
    var source = nav.querySelector(".md-header__source");
    nav.insertBefore(form, source);
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) {
        event.preventDefault();
        input.focus();
      }
    });
    // "/" or "s" focuses search, as in Material's own search.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing =
        target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s") {
        var main = document.getElementById("archive-search-q");
        var box = main || input;
        if (box.offsetParent === null) {
          location.href = SEARCH_PAGE.href;
          return;
        }
        event.preventDefault();
        box.focus();
        box.select();
      }
    });
    return { form: form, input: input };
  }

  function isSearchPage() {
    return !!document.getElementById("archive-search");
  }

  // --- the search page ----------------------------------------------------------------------

  function searchPage(header) {
    var form = document.getElementById("archive-search");
    if (!form) return;
    var input = form.elements.q;
    var selects = { year: form.elements.year, province: form.elements.province, type: form.elements.type };
    var status = document.getElementById("archive-search-status");
    var list = document.getElementById("archive-search-results");
    var moreButton = document.getElementById("archive-search-more");
    var index = new Index();
    var sequence = 0;
    var state = null;
    var timer = null;
    var composing = false;

    function setStatus(text, kind) {
      status.textContent = text;
      status.dataset.kind = kind || "";
    }

    function filters() {
      return { year: selects.year.value, province: selects.province.value, type: selects.type.value };
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      Object.keys(selects).forEach(function (name) {
        var value = params.get(name) || "";
        var select = selects[name];
        if (value && !Array.from(select.options).some((o) => o.value === value)) {
          // A shared link may name a value this build does not have: keep it visible.
          select.appendChild(el("option", null, value)).value = value;
        }
        select.value = value;
      });
      if (header) header.input.value = input.value;
    }

    function writeUrl(push) {
      var params = new URLSearchParams();
      if (input.value) params.set("q", input.value);
      Object.keys(selects).forEach(function (name) {
        if (selects[name].value) params.set(name, selects[name].value);
      });
      var query = params.toString();
      var url = location.pathname + (query ? "?" + query : "");
      if (url !== location.pathname + location.search) {
        history[push ? "pushState" : "replaceState"](null, "", url);
      }
      if (header) header.input.value = input.value;
    }

    function fillSelects(meta) {
      var counts = { year: new Map(), province: new Map(), type: new Map() };
      Object.keys(counts).forEach(function (name) {
        index.facets[name].forEach((v) => counts[name].set(v, (counts[name].get(v) || 0) + 1));
      });
      function add(select, value, label, n) {
        var option = el("option", null, label + "（" + n + "）");
        option.value = value;
        select.appendChild(option);
      }
      meta.years.forEach((y, i) => add(selects.year, String(y), y + "年", counts.year.get(i + 1) || 0));
      if (counts.year.get(0)) add(selects.year, UNKNOWN, "年份不详", counts.year.get(0));
      meta.provinces.forEach((p, i) => add(selects.province, p, p, counts.province.get(i + 1) || 0));
      if (counts.province.get(0)) add(selects.province, UNKNOWN, "地区不详", counts.province.get(0));
      meta.types.forEach((t, i) => add(selects.type, t, t, counts.type.get(i + 1) || 0));
    }

    function render(result, text) {
      list.textContent = "";
      var notes = [];
      if (result.query.ignored.length) {
        notes.push(
          "单字“" + result.query.ignored.join("”“") + "”未参与检索（每个检索词至少两个字）"
        );
      }
      if (!result.query.terms.length) {
        setStatus(notes.length ? notes.join("；") : "请输入至少两个字。", "hint");
        moreButton.hidden = true;
        return;
      }
      if (!result.total) {
        notes.unshift("没有找到含“" + text.trim() + "”的报告");
        setStatus(notes.join("；") + "。", "none");
        moreButton.hidden = true;
        return;
      }
      notes.unshift("共 " + result.total + " 份报告含有所查字词，完整词句在前");
      if (result.provisional) notes.push("本页排序依据已核对的报告，点“更多结果”继续核对");
      setStatus(notes.join("；") + "。", "results");
      result.hits.forEach((hit) => list.appendChild(renderHit(hit)));
      moreButton.hidden = result.done || result.hits.length >= result.total;
    }

    async function run(push) {
      clearTimeout(timer);
      var text = input.value;
      var mine = ++sequence;
      writeUrl(push);
      if (!text.trim()) {
        list.textContent = "";
        moreButton.hidden = true;
        setStatus("");
        state = null;
        return;
      }
      setStatus("正在检索…", "busy");
      try {
        var result = await startSearch(index, text, filters());
        if (mine !== sequence) return;
        state = result;
        render(result, text);
      } catch (error) {
        if (mine !== sequence) return;
        setStatus(
          location.protocol === "file:"
            ? "检索需要通过网站访问：从本地文件打开时，浏览器不允许读取检索索引。"
            : "检索出错：" + error.message,
          "error"
        );
      }
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(() => run(false), DEBOUNCE_MS);
    }

    input.addEventListener("compositionstart", () => (composing = true));
    input.addEventListener("compositionend", function () {
      composing = false;
      later();
    });
    input.addEventListener("input", function () {
      // An IME fires input events for pinyin it has not committed yet.
      if (!composing) later();
    });
    Object.keys(selects).forEach((name) => selects[name].addEventListener("change", () => run(true)));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(true);
    });
    if (header) {
      header.form.addEventListener("submit", function (event) {
        event.preventDefault();
        input.value = header.input.value;
        run(true);
      });
    }
    moreButton.addEventListener("click", async function () {
      if (!state || !state.more) return;
      var mine = sequence;
      moreButton.disabled = true;
      try {
        var result = await state.more();
        if (mine === sequence) render(result, input.value);
      } catch (error) {
        if (error.stale) {
          index.reset();
          run(false); // the site was updated: the first page again, from the new index
        } else {
          setStatus("检索出错：" + error.message, "error");
        }
      } finally {
        moreButton.disabled = false;
      }
    });
    window.addEventListener("popstate", function () {
      readUrl();
      run(false);
    });

    readUrl();
    index
      .load()
      .then(function () {
        fillSelects(index.meta);
        readUrl();
        if (input.value) run(false);
      })
      .catch(function (error) {
        setStatus(
          location.protocol === "file:"
            ? "检索需要通过网站访问：从本地文件打开时，浏览器不允许读取检索索引。"
            : "检索索引无法读取：" + error.message,
          "error"
        );
      });
  }

  // For tests and the curious: the same search the page runs, as data.
  var sharedIndex = null;
  window.archiveSearch = {
    fold: fold,
    bigrams: bigrams,
    shardOf: shardOf,
    foldQuery: async function (text) {
      sharedIndex = sharedIndex || new Index();
      await sharedIndex.load();
      return sharedIndex.foldQuery(text);
    },
    search: async function (text, filters, pages) {
      sharedIndex = sharedIndex || new Index();
      var state = await startSearch(sharedIndex, text, filters || {});
      for (var p = 1; p < (pages || 1) && state.more && !state.done; p++) await state.more();
      return {
        total: state.total,
        provisional: state.provisional,
        ignored: state.query.ignored,
        hits: state.hits,
        fetched: sharedIndex.fetched.slice(),
      };
    },
  };

  searchPage(headerBox());
})();
