# Times the ledger import back into its inspection (issue 19; bench/EXPORT-AND-LEDGER.md): the preview (upload) and the import, unchanged and with 20 and 200 rows edited, each run on a fresh export.
# Run: python3 bench/merge-import.py BASE_URL INSPECTION_ID [RUNS]   (admin signed in with the password Bench-pass-2026; bench/merge-import.sh starts the server)
import re, sys, time, zipfile, io, requests, html
base = sys.argv[1]; insp = sys.argv[2]; runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
s = requests.Session(); s.headers['Sec-Fetch-Site'] = 'same-origin'
tok = lambda t: re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', t).group(1)
r = s.get(base + '/account/login'); lr = s.post(base + '/account/login', data={'UserName': 'admin', 'Password': 'Bench-pass-2026', '__RequestVerificationToken': tok(r.text)}, allow_redirects=False); print('login', lr.status_code, lr.headers.get('location'))
t = time.perf_counter(); wb = s.get(f'{base}/inspections/{insp}/export.xlsx').content; print(f'export {time.perf_counter()-t:.2f} s, {len(wb)//1024} kB')
def edited(wb, n, start=0):
    zin = zipfile.ZipFile(io.BytesIO(wb)); out = io.BytesIO(); zout = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)
    for i in zin.infolist():
        data = zin.read(i.filename)
        if i.filename.startswith('xl/worksheets/sheet1'):
            data = re.sub('私车公养问题（第', lambda m, c=[0]: (c.__setitem__(0, c[0]+1) or ('私车公养问题（修改第' if start < c[0] <= start + n else m.group(0))), data.decode()).encode()
        zout.writestr(i, data)
    zout.close(); return out.getvalue()
def form_fields(page):
    sec = page[page.index('merge-preview'):]
    f = sec[sec.index('<form'):sec.index('</form>')]
    fields = []
    for m in re.finditer(r'<input([^>]*)>', f):
        a = m.group(1); name = re.search(r'name="([^"]*)"', a); val = re.search(r'value="([^"]*)"', a)
        if not name: continue
        if 'type="hidden"' in a or ('type="radio"' in a and 'checked' in a): fields.append((html.unescape(name.group(1)), html.unescape(val.group(1) if val else '')))
    for m in re.finditer(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', f, re.S):
        sel = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', m.group(2)); fields.append((m.group(1), sel.group(1) if sel else ''))
    action = html.unescape(re.search(r'action="([^"]*)"', f).group(1))
    return action, fields
fresh = lambda: s.get(f'{base}/inspections/{insp}/export.xlsx').content  # each run edits the ledger as it now is
for label, make in [('unchanged', lambda k: fresh()), ('20 rows edited', lambda k: edited(fresh(), 20, 20 * k)), ('200 rows edited', lambda k: edited(fresh(), 200, 100 + 200 * k))]:
    for run in range(runs):
        book = make(run)
        page = s.get(base + '/inspections/import-xlsx').text
        t = time.perf_counter()
        r = s.post(base + '/inspections/import-xlsx', data={'__RequestVerificationToken': tok(page)}, files={'Upload': ('台账.xlsx', book, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')})
        tp = time.perf_counter() - t
        summary = re.sub('<[^>]+>', '', re.search(r'class="merge-summary".*?</p>', r.text, re.S).group(0)).strip()[:80]
        action, fields = form_fields(r.text)
        t = time.perf_counter(); a = s.post(base + action, data=fields); ta = time.perf_counter() - t
        res = re.search(r'已保存[^<]*', a.text); res = res.group(0) if res else a.status_code
        print(f'{label} run {run+1}: preview {tp:.2f} s [{summary}]; import {ta:.2f} s [{res}]')
