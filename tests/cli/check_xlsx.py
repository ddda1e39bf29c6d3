#!/usr/bin/python3
"""Checks dutylist's workbooks with an independent reader (Debian's
python3-openpyxl), against what the CSV export and `list --json` say.

    check_xlsx.py catalog WORKBOOK CSV_DIR
        the catalogue workbook (`export --format xlsx`): the six sheets in
        order, each holding exactly the rows of its CSV file (header
        first), the header row frozen.
    check_xlsx.py same WORKBOOK_A WORKBOOK_B
        the two workbooks hold the same parts byte for byte, but for
        docProps/core.xml (it holds the time the workbook was made).
    check_xlsx.py list WORKBOOK LIST_JSON
        a town's posting workbook (`export --town`): a sheet per part,
        the title row (town, version, date) merged over A:I, the header
        row, one row per item with the list's values, the 类别 cells of a
        category merged, frozen panes below the header, wrapped text,
        A4 (paper size 9) landscape, rows 1-2 printed on every page,
        the page number in the footer.

Prints nothing and exits 0 when all holds; otherwise one line per problem
on stderr and exit 1.  Run with Debian's python3 (/usr/bin/python3), which
has openpyxl (scripts/deps.sh installs python3-openpyxl).
"""

import csv
import json
import sys
import zipfile

import openpyxl

SHEETS = [("乡镇", "towns.csv"), ("部门", "departments.csv"), ("职责依据", "bases.csv"),
          ("任务事项", "tasks.csv"), ("办事指南", "guides.csv"), ("节假日", "calendar.csv")]
PARTS = ["基本履职", "配合履职", "上级部门收回"]
COLUMNS = ["序号", "类别", "职责", "任务事项", "履职方式", "牵头部门", "乡镇职责", "部门职责", "依据"]

problems = []


def problem(msg):
    problems.append(msg)


def text(v):
    """A cell's value as the exchange format's text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def check_catalog(path, csv_dir):
    wb = openpyxl.load_workbook(path)
    want = [s for s, _ in SHEETS]
    if wb.sheetnames != want:
        problem(f"sheets {wb.sheetnames}, wanted {want}")
    for sheet, name in SHEETS:
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        with open(f"{csv_dir}/{name}", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        got = [[text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        # openpyxl pads rows to the sheet's width; the CSV rows are full
        got = [r[:len(rows[0])] + [c for c in r[len(rows[0]):] if c] for r in got]
        if len(got) != len(rows):
            problem(f"{sheet}: {len(got)} rows, {name} has {len(rows)}")
        for i, (g, w) in enumerate(zip(got, rows), start=1):
            if g != w:
                problem(f"{sheet}!{i}: {g} differs from {name} line {i}: {w}")
                break
        if ws.freeze_panes != "A2":
            problem(f"{sheet}: frozen at {ws.freeze_panes}, wanted A2 (the header)")


def citations(item):
    return "；\n".join(f"《{b['title']}》{b['article']}" for b in item["bases"])


def check_list(path, list_json):
    with open(list_json, encoding="utf-8") as f:
        lst = json.load(f)
    town = lst["town"]
    date = (lst.get("published_at") or lst["created_at"])[:10]
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != PARTS:
        problem(f"sheets {wb.sheetnames}, wanted {PARTS}")
        return
    for part in PARTS:
        ws = wb[part]
        items = [i for i in lst["items"] if i["list_type"] == part]
        title = text(ws["A1"].value)
        for want in (town["name"], f"第 {lst['version']} 版", date, part, f"共 {len(items)} 项"):
            if want not in title:
                problem(f"{part}: the title '{title}' does not hold '{want}'")
        merged = {str(r) for r in ws.merged_cells.ranges}
        if "A1:I1" not in merged:
            problem(f"{part}: the title is not merged over A1:I1 ({sorted(merged)})")
        head = [text(c.value) for c in ws[2]]
        if head != COLUMNS:
            problem(f"{part}: header {head}, wanted {COLUMNS}")
        if ws.max_row != 2 + len(items):
            problem(f"{part}: {ws.max_row - 2} item rows, the list has {len(items)}")
        want_merges = set()
        row = 3
        runs = []
        for k, item in enumerate(items):
            if k == 0 or items[k - 1]["category"] != item["category"]:
                runs.append([row + k, row + k])
            else:
                runs[-1][1] = row + k
        for a, b in runs:
            if b > a:
                want_merges.add(f"B{a}:B{b}")
        got_merges = {m for m in merged if m != "A1:I1"}
        if got_merges != want_merges:
            problem(f"{part}: category merges {sorted(got_merges)}, wanted {sorted(want_merges)}")
        starts = {a for a, _ in runs}
        for k, item in enumerate(items):
            r = row + k
            cells = [ws.cell(row=r, column=c).value for c in range(1, 10)]
            want = [k + 1, item["category"] if r in starts else None, item["duty"],
                    item["name"], part, item["lead_department_name"] or None,
                    item["township_part"] or None, item["department_part"] or None,
                    citations(item) or None]
            if cells != want:
                problem(f"{part}!{r}: {cells}, wanted {want}")
                break
            if not ws.cell(row=r, column=3).alignment.wrap_text:
                problem(f"{part}!C{r}: text is not wrapped")
                break
        if ws.freeze_panes != "A3":
            problem(f"{part}: frozen at {ws.freeze_panes}, wanted A3 (below the header)")
        ps = ws.page_setup
        if ps.orientation != "landscape":
            problem(f"{part}: orientation {ps.orientation}, wanted landscape")
        if str(ps.paperSize) != "9":
            problem(f"{part}: paper size {ps.paperSize}, wanted 9 (A4)")
        if (ws.print_title_rows or "").replace("$", "") != "1:2":
            problem(f"{part}: print titles {ws.print_title_rows}, wanted rows 1:2")
        if "&P" not in (ws.oddFooter.center.text or ""):
            problem(f"{part}: no page number in the footer")


def check_same(a, b):
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        na = sorted(n for n in za.namelist() if n != "docProps/core.xml")
        nb = sorted(n for n in zb.namelist() if n != "docProps/core.xml")
        if na != nb:
            problem(f"parts {na} and {nb} differ")
            return
        for n in na:
            if za.read(n) != zb.read(n):
                problem(f"{n} differs")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("catalog", "list", "same"):
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "catalog":
        check_catalog(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "same":
        check_same(sys.argv[2], sys.argv[3])
    else:
        check_list(sys.argv[2], sys.argv[3])
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
