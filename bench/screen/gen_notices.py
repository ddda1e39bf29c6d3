#!/usr/bin/env python3
"""Generate a corpus of department notices for bench/screen.

    python3 bench/screen/gen_notices.py [--mb N] [--seed S] CATALOG_DIR OUT

CATALOG_DIR holds the exchange files written by bench/import/gen.py
(towns.csv, departments.csv, tasks.csv); OUT is written with notices
separated by a line holding a form feed (\\f) alone, until it holds about
N MB (default 32) of UTF-8.

The notices follow the writing patterns of the development set
(tests/screening/dev): a title 「市X局关于做好…工作的通知」, an addressee
line (各镇人民政府，市直有关部门： or two named towns), a purpose paragraph
(为…，根据…，现将有关事项通知如下。), numbered sections 一、 with items
（一） or 1., and items of these kinds, drawn at random:

- work for towns, in the words of a task on the catalogue (its name or
  the town's part, which gen.py writes with the catalogue's verbs and
  objects): 各镇要…, 请各镇…, 由各镇负责…, 各镇负责…, 请XX镇…, 两镇要…;
  a clause joined by 同时 now and then;
- a subject carried over: 同时要…, 并…;
- a department's own work (市X局负责…, 市X局将…), in the words of a
  department's part;
- work on no list (拖拉机年度安全检验…), exhortations (要高度重视，加强组织领导，
  确保各项工作落到实处), prohibitions (严禁…转嫁给镇村), facts, report-back
  (于…前将…报送…), contact lines, a signature and a date.

Only the Python standard library is used; the same arguments give the
same file.
"""

import argparse
import csv
import os
import random
import sys

CN = "一二三四五六七八九十"

EXHORT = [
    "各镇、市直有关部门要高度重视，加强组织领导，确保各项工作落到实处。",
    "各镇要充分认识做好此项工作的重要性，切实增强责任感和紧迫感。",
    "各有关单位要提高政治站位，把此项工作列入重要议事日程。",
    "各镇要强化责任担当，形成工作合力，确保取得实效。",
]
PROHIBIT = [
    "严禁以任何形式将部门职责转嫁给镇村。",
    "不得以签订责任状等方式向镇村转嫁责任。",
    "严禁层层加码、变相增加基层负担。",
]
FACTS = [
    "当前正值{duty}工作的关键时期，任务艰巨。",
    "近年来，我市{duty}工作取得明显成效，但仍存在薄弱环节。",
    "{obj}不仅关系群众切身利益，还关系全市发展大局。",
]
REPORT = [
    "各镇于{m}月{d}日前将工作开展情况报送{dept}。",
    "请各镇于每月{d}日前将{duty}工作进展情况书面报送{dept}。",
    "各镇要于{m}月{d}日前报送{duty}工作总结。",
]
OUT_OF_LIST = [
    "各镇要做好辖区内拖拉机、联合收割机的年度安全检验和驾驶人考核工作。",
    "各镇负责辖区内危险化学品经营许可证的初审和现场核查。",
    "请各镇对辖区内建设工程开展竣工验收和质量监督。",
    "各镇要组建专业队伍，承担{obj}的技术鉴定工作。",
]
SUBJECTS = ["各镇要", "请各镇", "各镇负责", "由各镇负责", "各镇人民政府要", "各乡镇要"]
CARRY = ["同时要", "并要", "同时"]
VERB_LEAD = ["", "", "切实", "认真", "扎实"]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def strip_end(s):
    return s.rstrip("。；，")


def work_item(rng, task, towns):
    """A sentence giving towns the task's work, in the catalogue's words."""
    words = task["township_part"] or task["name"]
    clauses = [c for c in words.replace("；", "，").split("，") if c]
    if len(clauses) > 2:
        clauses = rng.sample(clauses, 2)
    body = "，".join(clauses) or task["name"]
    r = rng.random()
    if r < 0.12 and len(towns) >= 2:
        a, b = rng.sample(towns, 2)
        subj = "请%s、%s" % (a["name"], b["name"])
    elif r < 0.22:
        subj = "请%s" % rng.choice(towns)["name"]
    else:
        subj = rng.choice(SUBJECTS)
    s = subj + rng.choice(VERB_LEAD) + body
    return s + "。"


def notice(rng, depts, towns, tasks, by_duty):
    dept = rng.choice(depts)
    task0 = rng.choice(tasks)
    duty = task0["duty"]
    related = by_duty.get(duty, tasks)
    lines = []
    lines.append("%s关于做好%d年%s工作的通知" % (dept["name"], rng.choice([2024, 2025, 2026]), duty))
    lines.append("")
    if rng.random() < 0.8:
        lines.append("各镇人民政府，市直有关部门：")
    else:
        a, b = rng.sample(towns, 2)
        lines.append("%s人民政府、%s人民政府：" % (a["name"], b["name"]))
    lines.append("")
    lines.append("为切实做好我市%s工作，根据有关法律法规和上级部署，现将有关事项通知如下。" % duty)
    lines.append("")
    for sec in range(rng.randint(3, 6)):
        lines.append("%s、%s" % (CN[sec], rng.choice(["压实工作责任", "加强监督管理", "强化宣传引导",
                                                   "做好统计报送", "抓好工作落实", "健全工作机制"])))
        style = rng.choice(["（%s）", "%d. ", ""])
        for item in range(rng.randint(2, 5)):
            lead = style % CN[item] if style == "（%s）" else \
                style % (item + 1) if style else ""
            r = rng.random()
            t = rng.choice(related if rng.random() < 0.7 else tasks)
            if r < 0.50:
                s = work_item(rng, t, towns)
                if rng.random() < 0.2:  # a second piece of work, or a carried subject
                    other = rng.choice(related)
                    if rng.random() < 0.5:
                        s = s[:-1] + "，同时" + strip_end(other["name"]) + "。"
                    else:
                        s += rng.choice(CARRY) + strip_end(other["name"]) + "。"
            elif r < 0.62:
                part = t["department_part"] or ("负责" + t["name"])
                if rng.random() < 0.5:
                    s = dept["name"] + strip_end(part) + "。"
                else:
                    s = dept["name"] + "将对各镇" + duty + "工作开展情况进行督导检查。"
            elif r < 0.70:
                s = rng.choice(OUT_OF_LIST).format(obj=t["name"])
            elif r < 0.78:
                s = rng.choice(FACTS).format(duty=duty, obj=t["name"])
            elif r < 0.86:
                s = rng.choice(REPORT).format(m=rng.randint(1, 12), d=rng.randint(1, 28),
                                               dept=dept["name"], duty=duty)
            elif r < 0.93:
                s = rng.choice(PROHIBIT)
            else:
                s = rng.choice(EXHORT)
            lines.append(lead + s)
        lines.append("")
    lines.append(rng.choice(EXHORT))
    lines.append("")
    lines.append("联系人：%s办公室，电话：0453-%07d。" % (dept["name"], rng.randint(0, 9999999)))
    lines.append("")
    lines.append(dept["name"])
    lines.append("%d年%d月%d日" % (rng.choice([2024, 2025, 2026]), rng.randint(1, 12),
                                 rng.randint(1, 28)))
    return "\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=32)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("catalog")
    ap.add_argument("out")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    towns = read(os.path.join(a.catalog, "towns.csv"))
    depts = read(os.path.join(a.catalog, "departments.csv"))
    tasks = read(os.path.join(a.catalog, "tasks.csv"))
    if not towns or not depts or not tasks:
        sys.exit("gen_notices: %s has no towns, departments or tasks" % a.catalog)
    by_duty = {}
    for t in tasks:
        by_duty.setdefault(t["duty"], []).append(t)
    target = int(a.mb * (1 << 20))
    size = count = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        while size < target:
            text = notice(rng, depts, towns, tasks, by_duty)
            if count:
                text = "\f\n" + text
            f.write(text)
            size += len(text.encode("utf-8"))
            count += 1
    print("notices=%d bytes=%d" % (count, size))


if __name__ == "__main__":
    main(sys.argv[1:])
