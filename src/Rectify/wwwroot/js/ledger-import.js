// 导入预览: "全部更新" / "全部跳过" set every row's choice at once; each row's own choice stays editable.
(function () {
    var bar = document.querySelector('.merge-all');
    if (!bar) return;
    bar.hidden = false;
    bar.addEventListener('click', function (e) {
        var value = e.target.getAttribute && e.target.getAttribute('data-merge-all');
        if (!value) return;
        document.querySelectorAll('.merge-rows input[type=radio][value="' + value + '"]').forEach(function (r) { r.checked = true; });
    });
})();
