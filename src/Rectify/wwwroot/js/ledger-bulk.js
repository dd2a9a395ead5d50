// 批量处理 on the ledger: how many are chosen, "this page" ticks every row, and only the fields the chosen
// change needs are shown. Without this script the form still works: every field shows, every box is ticked by hand.
(function () {
    var form = document.getElementById('bulk');
    if (!form) return;
    var boxes = function () { return Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][form="bulk"]')); };
    var page = document.getElementById('pick-page');
    var all = document.getElementById('bulk-all');
    var count = document.getElementById('bulk-count');
    var change = document.getElementById('bulk-change');
    function tell() {
        var n = boxes().filter(function (b) { return b.checked; }).length;
        count.textContent = all.checked ? '已选全部符合条件的问题' : '已选 ' + n + ' 个';
        page.checked = n > 0 && n === boxes().length;
        boxes().forEach(function (b) { b.disabled = all.checked; });
    }
    function fields() {
        form.querySelectorAll('[data-for]').forEach(function (l) {
            l.hidden = l.getAttribute('data-for').split(' ').indexOf(change.value) < 0;
        });
    }
    page.addEventListener('change', function () { boxes().forEach(function (b) { b.checked = page.checked; }); tell(); });
    all.addEventListener('change', tell);
    document.addEventListener('change', function (e) { if (e.target.name === 'ids') tell(); });
    change.addEventListener('change', fields);
    // An export downloads a file and leaves the page as it is: the next submission is another request, with a key of its own.
    form.addEventListener('submit', function (e) {
        if (e.submitter && e.submitter.hasAttribute('data-export')) {
            var key = form.querySelector('input[name="__IdempotencyKey"]');
            if (key) setTimeout(function () { key.value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random(); }, 0);
        }
    });
    tell(); fields();
})();
