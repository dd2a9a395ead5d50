// Safe retries (Infrastructure/Idempotency.cs): every form that writes carries a key of its own,
// so the same submission sent twice (a double click, a resend after a network error) is done once.
(function () {
    function key() {
        if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
        var a = new Uint8Array(16);
        crypto.getRandomValues(a);
        return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    }
    function give(fresh) {
        document.querySelectorAll('form').forEach(function (form) {
            if ((form.getAttribute('method') || 'get').toLowerCase() !== 'post') return;
            var input = form.querySelector('input[name="__IdempotencyKey"]');
            if (!input) {
                input = document.createElement('input');
                input.type = 'hidden';
                input.name = '__IdempotencyKey';
                form.appendChild(input);
            } else if (!fresh) return;
            input.value = key();
        });
    }
    document.addEventListener('DOMContentLoaded', function () { give(false); });
    // A page brought back by the browser's Back button is a new chance to write: new keys.
    window.addEventListener('pageshow', function (e) { if (e.persisted) give(true); });
})();

// Panels that stand open on a desk fold away on a phone (details[data-fold-phone]), so that the page's own
// content comes first; the markup has them open, so without this script they simply stay open.
(function () {
    function fold() {
        if (!window.matchMedia || !window.matchMedia('(max-width: 700px)').matches) return;
        document.querySelectorAll('details[data-fold-phone][open]').forEach(function (d) { d.removeAttribute('open'); });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fold); else fold();
})();
