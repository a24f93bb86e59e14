// The course website's script (notebook-runner site copies it to assets/site.js). Two jobs, both offline:
// typeset the math with KaTeX (assets/katex), and search the chapters' headings (assets/search-index.js).

// Markdown's $…$ and $$…$$ arrive as <span class="math">\(…\)</span> and <div class="math">\[…\]</div>.
document.querySelectorAll('.math').forEach(function (element) {
    var tex = element.textContent.trim();
    var display = tex.startsWith('\\[');
    tex = tex.replace(/^\\[([]/, '').replace(/\\[)\]]$/, '');
    katex.render(tex, element, { displayMode: display, throwOnError: false });
});

// Every word typed must appear in a heading; up to 20 headings are listed, each a link to its place.
var input = document.getElementById('search');
var results = document.getElementById('search-results');
input.addEventListener('input', function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    results.replaceChildren();
    var found = words.length === 0 ? [] : window.searchIndex.filter(function (heading) {
        var text = heading.text.toLowerCase();
        return words.every(function (word) { return text.includes(word); });
    });
    found.slice(0, 20).forEach(function (heading) {
        var link = document.createElement('a');
        link.href = heading.page + '#' + heading.id;
        link.textContent = heading.text;
        var where = document.createElement('small');
        where.textContent = ' ' + heading.chapter;
        var item = document.createElement('li');
        item.append(link, where);
        results.append(item);
    });
});
