#!/usr/bin/python3
"""Builds the workbooks the CLI suite imports, with a writer that is not
dutylist's own (Debian's python3-openpyxl writes shared strings, real
numbers and real dates, where dutylist writes inline strings and text).

    make_xlsx.py KIND CSV_DIR OUT.xlsx

KIND:
  typed    CSV_DIR's catalogue as Excel users keep it: numbers as numbers,
           dates as date cells (yyyy-mm-dd and the Chinese 2021年4月29日
           format), codes as text, a blank row between two towns, the
           header row bold.  Must import as CSV_DIR does.
  broken   CSV_DIR's catalogue with one defect of each kind a workbook can
           have and a CSV file cannot: a formula, an error value (#N/A), a
           value right of the header, a date with a time of day, an
           unknown sheet, the 办事指南 sheet missing (tolerated) and a
           wrong enumerated value to show the shared row checks.
  notzip   a text file named .xlsx.
  badxml   a zip whose xl/workbook.xml is not well-formed.
  nosheet  a workbook whose only sheet is called Sheet1.
"""

import csv
import datetime
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

SHEETS = [("乡镇", "towns.csv"), ("部门", "departments.csv"), ("职责依据", "bases.csv"),
          ("任务事项", "tasks.csv"), ("办事指南", "guides.csv"), ("节假日", "calendar.csv")]
NUMERIC = {"population", "area_km2", "time_limit_days"}
DATES = {"effective_date", "date"}


def typed(col, v):
    if v == "":
        return None
    if col in NUMERIC:
        f = float(v)
        return int(f) if f.is_integer() else f
    if col in DATES:
        return datetime.datetime.strptime(v, "%Y-%m-%d")
    return v


def catalogue(wb, csv_dir, skip=()):
    for sheet, name in SHEETS:
        if sheet in skip:
            continue
        ws = wb.create_sheet(sheet)
        with open(f"{csv_dir}/{name}", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        head = rows[0]
        for i, r in enumerate(rows):
            ws.append([v if i == 0 else typed(head[j], v) for j, v in enumerate(r)])
        for c in ws[1]:
            c.font = Font(bold=True)
        for j, col in enumerate(head, start=1):
            if col in DATES:
                for r in range(2, len(rows) + 1):
                    ws.cell(row=r, column=j).number_format = (
                        "yyyy\"年\"m\"月\"d\"日\"" if r % 2 else "yyyy-mm-dd")
    return wb


def main():
    kind, csv_dir, out = sys.argv[1:4]
    if kind == "notzip":
        with open(out, "w", encoding="utf-8") as f:
            f.write("code,name\n")
        return 0
    if kind == "badxml":
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='乡镇'")
        return 0
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if kind == "nosheet":
        wb.create_sheet("Sheet1").append(["code", "name"])
    elif kind == "typed":
        catalogue(wb, csv_dir)
        ws = wb["乡镇"]
        ws.insert_rows(3)  # a blank row between the first two towns
    elif kind == "broken":
        catalogue(wb, csv_dir, skip=("办事指南",))
        towns = wb["乡镇"]
        towns["D2"] = "=1000*6.5"                  # a formula
        towns["H3"] = "stray"                      # right of the header (G is free, H is past it)
        towns["C4"] = "村"                          # not a town kind: the shared row checks
        bases = wb["职责依据"]
        bases["G3"] = datetime.datetime(2013, 12, 28, 9, 30)  # a date with a time
        bases["G3"].number_format = "yyyy-mm-dd hh:mm"
        tasks = wb["任务事项"]
        tasks["K2"] = "#N/A"
        tasks["K2"].data_type = "e"               # an error value
        wb.create_sheet("说明").append(["这是说明"])  # an unknown sheet
    else:
        print(__doc__, file=sys.stderr)
        return 2
    wb.save(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
