#!/usr/bin/env bash
# Hand-off formats: native .xlsx, formula-safe CSV and TSV, TSV that imports
# back exactly, Markdown that shows user text as text, typed JSON, dates and
# booleans spreadsheets read.
source "$(dirname "$0")/lib.sh"
independent_of_backend

formula='=HYPERLINK("http://x","click")'
note=$'a\ttab, a line\nbreak, a CR\r, a \\backslash, "quotes" and\n=1+1'
rt log "$formula" --account '<img src=x onerror=alert(1)>' --value 5k --note "$note" --quiet
rt log "SSO [click](http://evil.example) *now*" --account 'Acme | Co' --value 10k --effort 2 --quiet
rt log "-2 days to +3" --account "@home" --value 1k --quiet

# TSV is formula-safe like CSV; --raw turns both off. A field holding a tab,
# a line break or a double quote is quoted as in CSV.
rt export --format tsv --columns id,title
expect_out_has $'1\t"\'=HYPERLINK(""http://x"",""click"")"'
expect_out_has $'3\t\'-2 days to +3'
rt export --format tsv --columns id,title --raw
expect_out_has $'1\t"=HYPERLINK(""http://x"",""click"")"'
rt export --format csv --columns id,title
expect_out_has $'"1","\'=HYPERLINK(""http://x"",""click"")"'

# Export -> import -> export gives the same bytes for text with tabs, line
# breaks, CR, backslashes, quotes and a leading = + - @.
rt export --what asks --format tsv --output "$WORK/asks.tsv"
expect_rc 0
REQTRIAGE_DB="$WORK/copy.db" rt import "$WORK/asks.tsv" --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT note FROM asks WHERE id = 1")" = "$(REQTRIAGE_DB=$WORK/copy.db sql "SELECT note FROM asks WHERE id = 1")" ]' \
  "the note imports back exactly"
columns=request_title,account,value,currency,stage,note,deal,importance
rt export --what asks --format tsv --columns "$columns"
first=$OUT
REQTRIAGE_DB="$WORK/copy.db" rt export --what asks --format tsv --columns "$columns"
expect_true '[ "$OUT" = "$first" ]' "export, import, export: byte-identical"
expect_true '[ "$(REQTRIAGE_DB=$WORK/copy.db sql "SELECT c.name FROM asks a JOIN accounts c ON c.id = a.account_id WHERE a.id = 3")" = "@home" ]' \
  "the apostrophe an export adds comes off on import"

# Markdown shows user text as text: no HTML, no links, no emphasis, no broken tables.
rt export --format md --columns id,title
expect_out_has '| 2 | SSO \[click\](http:\/\/evil.example) \*now\* |'
rt report accounts
expect_out_has '## &lt;img src=x onerror=alert(1)&gt;'
expect_out_has '## Acme \| Co'
expect_true '[[ "$OUT" != *"<img"* ]]' "no raw HTML in the account brief"

# Dates and booleans spreadsheets read; typed JSON.
rt export --format csv --columns id,needs_estimate,created_at
expect_out_has '"1","TRUE","2026-11-27 10:00:00"'
expect_out_has '"2","FALSE","2026-11-27 10:00:00"'
rt export --format json
expect_true '[ "$(jq -c "[.[] | select(.needs_estimate) | .id]" <<<"$OUT")" = "[1,3]" ]' "needs_estimate is a JSON boolean"
# One name per thing in JSON: a request's id, title, status, tags and value
# read the same in list, show, score, export and the account report.
export_view=$(jq -c "[.[] | select(.id == 2) | {id, title, status, tags, value, currency}][0]" <<<"$OUT")
rt list --format json
list_view=$(jq -c "[.[] | select(.id == 2) | {id, title, status, tags, value: .totals.value, currency: .totals.currency}][0]" <<<"$OUT")
rt show 2 --format json
show_view=$(jq -c "{id, title, status, tags, value: .totals.value, currency: .totals.currency}" <<<"$OUT")
rt score --format json
score_view=$(jq -c "[.[] | select(.id == 2) | {id, title, status, value: .quantities.value}][0]" <<<"$OUT")
expect_true '[ "$export_view" = "$list_view" ] && [ "$list_view" = "$show_view" ]' "export $export_view, list $list_view and show $show_view name and type the request alike"
expect_true '[ "$(jq -c "{id, title, status, value}" <<<"$list_view")" = "$(jq -c "{id, title, status, value}" <<<"$score_view")" ]' "score too: $score_view"
expect_true '[ "$(jq -c ".tags | type" <<<"$export_view")" = "\"array\"" ]' "tags are an array in export's JSON"
rt report accounts --format json
expect_true '[ "$(jq -c "[.[] | .ask_list[] | select(.request_id == 2) | .id] | length > 0" <<<"$OUT")" = true ]' "the account report's asks have id and request_id"
rt export --what asks --format json
expect_true '[ "$(jq -c ".[0] | [has(\"id\"), has(\"request_id\"), has(\"amount\"), has(\"amount_currency\"), has(\"value\"), .currency]" <<<"$OUT")" = "[true,true,true,true,true,\"USD\"]" ]' "an exported ask reads as show's asks do"
expect_true '[ "$(jq -r ".[0].created_at" <<<"$OUT")" = "2026-11-27T10:00:00Z" ]' "JSON keeps ISO 8601"
rt export --delimiter ';' --columns id,value_USD
expect_out_has '"id";"value_USD"'
rt export --delimiter tab
expect_rc 2
expect_err_has "--delimiter: 'tab': CSV takes ',' or ';'"

# Native .xlsx: typed cells, frozen header, autofilter, one sheet per --what.
rt export --format xlsx --what all --output "$WORK/all.xlsx"
expect_rc 0
expect_true '[ "$(unzip -p "$WORK/all.xlsx" xl/workbook.xml | grep -o "<sheet name=\"[A-Za-z]*\"" | tr "\n" " ")" = "<sheet name=\"Ranking\" <sheet name=\"Asks\" <sheet name=\"Accounts\" " ]' \
  "one sheet each: Ranking, Asks, Accounts"
sheet=$(unzip -p "$WORK/all.xlsx" xl/worksheets/sheet1.xml)
expect_true '[[ "$sheet" == *"<is><t>=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)</t></is>"* || "$sheet" == *"<is><t>=HYPERLINK(\"http://x\",\"click\")</t></is>"* ]]' \
  "a title is a text cell, shown as typed"
expect_true '[[ "$sheet" != *"<f>"* ]]' "no cell is a formula"
expect_true '[[ "$sheet" == *"t=\"b\""* ]]' "needs_estimate is a boolean cell"
expect_true '[[ "$sheet" == *"state=\"frozen\""* && "$sheet" == *"<autoFilter ref=\"A1:"* ]]' "the header is frozen and filtered"
expect_true 'grep -q "#,##0.00 &quot;USD&quot;" <(unzip -p "$WORK/all.xlsx" xl/styles.xml)' "money has the currency's number format"
# A link column: the first URL is a hyperlink, keys stay text.
rt set 1 --link PROJ-7 --link https://tracker.example.com/browse/PROJ-7 --quiet
rt export --format xlsx --columns id,links --output "$WORK/links.xlsx"
expect_rc 0
expect_true 'unzip -p "$WORK/links.xlsx" xl/worksheets/_rels/sheet1.xml.rels | grep -q "Target=\"https://tracker.example.com/browse/PROJ-7\""' "a ticket URL is a hyperlink"
if command -v soffice >/dev/null; then
  # LibreOffice reads the workbook back: the same ids and titles, in order,
  # as the CSV export.
  (cd "$WORK" && timeout 180 soffice --headless --convert-to csv all.xlsx >/dev/null 2>&1)
  rt export --format csv --raw --columns id,title --output "$WORK/ours.csv"
  columns() { python3 -c 'import csv, sys; [print(row[0], row[1]) for row in csv.reader(open(sys.argv[1], encoding="utf-8"))]' "$@"; }
  expect_true '[ "$(columns "$WORK/ours.csv")" = "$(cut -d, -f2- "$WORK/all.csv" | columns /dev/stdin)" ]' "LibreOffice reads the workbook back as the CSV has it"
fi
rt export --format xlsx --what all --columns id
expect_rc 2
rt list --format xlsx
expect_rc 2
expect_err "reqtriage: error: --format xlsx: only export writes workbooks (reqtriage export --format xlsx --output FILE)"
rt export --what all
expect_rc 2
expect_err_has "--what all writes one workbook"

# Columns a PM adds for sales: who asks, the top account, reps, workaround.
rt log --to 2 --account Globex --value 50k --by dana --quiet
rt set 2 --workaround "Use the SAML app meanwhile" --quiet
rt export --format csv --columns id,top_account,account_names,reps,workaround,description,days_to_close
expect_out_has '"2","Globex","Acme | Co, Globex","dana","Use the SAML app meanwhile","","365"'
rt export --columns id,nonsense
expect_rc 2
expect_err_has "--columns: no column 'nonsense'"

# HTML reports and the SVG chart: self-contained, user text escaped.
rt report review --format html --no-snapshot
expect_rc 0
review=$OUT
expect_true '[[ "$review" == "<!DOCTYPE html>"* && "$review" == *"</html>"* ]]' "a whole page"
expect_true '[[ "$review" == *"<svg"* && "$review" == *"QUICK WINS"* ]]' "the review carries the value/effort chart"
expect_true '[[ "$review" != *"<script"* && "$review" != *"http://evil"*"</a>"* && "$review" != *"src=\"http"* ]]' "no scripts, links or remote images"
expect_true '[[ "$review" == *"=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)"* ]]' "a title shows as typed, escaped"
rt report accounts --format html
accounts=$OUT
expect_true '[[ "$accounts" == *"<h2>&lt;img src=x onerror=alert(1)&gt;</h2>"* ]]' "an account name is text, not markup"
expect_true '[[ "$accounts" != *"<img"* ]]' "no raw HTML from the data"
rt score --matrix --format svg
expect_rc 0
expect_true '[[ "$OUT" == "<svg"* && "$OUT" == *"</svg>" ]]' "score --matrix --format svg writes the chart alone"
rt list --format html
expect_rc 0
expect_true '[[ "$OUT" == *"<td>SSO [click](http://evil.example) *now*</td>"* ]]' "any table as an HTML page"
if command -v python3 >/dev/null; then
  printf '%s' "$review" >"$WORK/review.html"
  printf '%s' "$accounts" >"$WORK/accounts.html"
  rt score --matrix --format svg
  printf '%s' "$OUT" >"$WORK/matrix.svg"
  python3 - "$WORK" >"$WORK/parse.out" 2>&1 <<'PY'
import sys, html.parser, xml.dom.minidom
work = sys.argv[1]
class Strict(html.parser.HTMLParser):
    void = {"meta", "br", "circle", "rect", "line"}
    def __init__(self):
        super().__init__()
        self.open = []
    def handle_starttag(self, tag, attrs):
        if tag == "img" or tag == "script" or tag == "a":
            raise SystemExit(f"raw <{tag}>")
        if tag not in self.void:
            self.open.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in self.void:
            return
        if not self.open or self.open.pop() != tag:
            raise SystemExit(f"unbalanced </{tag}>")
for name in ("review.html", "accounts.html"):
    parser = Strict()
    parser.feed(open(f"{work}/{name}", encoding="utf-8").read())
    if parser.open:
        raise SystemExit(f"{name}: unclosed {parser.open}")
xml.dom.minidom.parse(f"{work}/matrix.svg")
print("ok")
PY
  expect_true '[ "$(cat "$WORK/parse.out")" = ok ]' "the pages and the chart parse: $(cat "$WORK/parse.out")"
fi

finish
