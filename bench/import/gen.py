#!/usr/bin/env python3
"""Generate a synthetic catalogue in the exchange format (docs/exchange-format.md).

    python3 bench/import/gen.py [--towns N] [--tasks N] [--bases N] [--seed S]
                                [--list-size N] OUTDIR

Writes towns.csv, departments.csv, bases.csv, tasks.csv, guides.csv and
calendar.csv into OUTDIR (created if missing) and prints one summary line
of key=value pairs on stdout, among them typical_town=CODE: a town whose
list has about the mean number of items (run.sh times that town's list).

The data is synthetic but shaped like a real county catalogue (the Dongning
pilot, data/demo/): 9-digit town codes grouped by county, profile tags,
~30 county-level departments, a few hundred legal bases of which some are
repealed (已废止; every task still cites at least one basis in force),
tasks in the six categories with codes such as ZL-0123, list types in the
pilot's proportion 117:99:124 (基本履职:配合履职:上级部门收回), and Chinese
text of realistic length.

A town's list is every task whose applies_to matches it.  The pilot's town
list has 340 items (117+99+124); with a catalogue of 1500 tasks that means
a town gets about 23% of them, so most tasks here are profile tasks
(tag:X, tag:X;tag:Y, a few town:CODE) and only as many are 全部 as it
takes for the mean list to come out at --list-size (by default 340 scaled
to --tasks).  The tag selectors' coverage is measured on the generated
towns, so the calibration holds at any --towns.

Only the Python standard library is used.  The same arguments give the
same files.
"""

import argparse
import csv
import os
import random
import shutil
import sys

# --------------------------------------------------------------- vocabulary

CATEGORIES = [  # prefix, name, share of the tasks
    ("DJ", "基层党建", 0.12),
    ("JJ", "经济发展", 0.20),
    ("ZL", "社会治理", 0.25),
    ("WH", "文化建设", 0.10),
    ("ST", "生态环境保护", 0.15),
    ("GF", "公共服务", 0.18),
]

LIST_TYPES = [("基本履职", 117), ("配合履职", 99), ("上级部门收回", 124)]

DEPARTMENTS = [
    ("市委组织部", ""), ("市委宣传部", ""), ("市委政法委员会", ""),
    ("市发展和改革局", ""), ("市教育局", ""), ("市民政局", ""),
    ("市司法局", "司法所"), ("市财政局", "财政所"), ("市人力资源和社会保障局", ""),
    ("市自然资源局", "自然资源所"), ("生态环境局分局", ""), ("市住房和城乡建设局", ""),
    ("市交通运输局", ""), ("市水务局", "水务站"), ("市农业农村局", ""),
    ("市商务局", ""), ("市文化广电和旅游局", ""), ("市卫生健康局", "卫生院"),
    ("市退役军人事务局", ""), ("市应急管理局", ""), ("市市场监督管理局", "市场监管所"),
    ("市统计局", ""), ("市林业和草原局", "林业站"), ("市医疗保障局", ""),
    ("市信访局", ""), ("市人民武装部", ""), ("市消防救援大队", "消防救援站"),
    ("市公安局", "派出所"), ("市残疾人联合会", ""), ("市委统战部", ""),
    ("市城市管理综合行政执法局", "综合执法队"), ("市税务局", "税务分局"),
]

# Lead departments by category (indexes into DEPARTMENTS, 1-based like the codes).
LEADS = {
    "DJ": [1, 2, 30, 3],
    "JJ": [4, 8, 15, 16, 21, 22, 32],
    "ZL": [3, 7, 12, 13, 20, 25, 26, 27, 28, 31],
    "WH": [2, 5, 17, 30],
    "ST": [10, 11, 12, 14, 15, 23, 31],
    "GF": [5, 6, 9, 12, 18, 19, 24, 29],
}

DUTIES = {
    "DJ": ["基层党组织建设", "党员教育管理", "村级组织建设", "全面从严治党", "宣传思想工作",
           "群团和统战工作", "“两新”组织党建", "干部队伍建设", "人才工作", "机构编制管理",
           "意识形态工作", "党风廉政建设"],
    "JJ": ["乡村产业发展", "招商引资和项目服务", "农村集体经济", "农村土地管理", "农业生产",
           "巩固衔接", "统计调查", "农业执法", "价格管理", "市场监管", "财政和国有资产管理",
           "营商环境", "农村金融服务", "畜牧兽医", "农田水利", "口岸和边境贸易"],
    "ZL": ["矛盾纠纷化解", "信访工作", "网格化管理", "平安建设", "安全生产", "消防安全",
           "森林防火", "防灾减灾", "应急管理", "禁毒", "宗教事务", "边境管理", "国防动员",
           "道路交通安全", "特种设备安全", "建设工程", "村民自治", "社区矫正", "法治建设",
           "城乡管理", "食品药品安全", "流动人口服务管理"],
    "WH": ["公共文化服务", "文物保护", "非物质文化遗产", "精神文明建设", "全民健身",
           "文化市场管理", "广播电视", "旅游服务", "志愿服务", "民族团结进步"],
    "ST": ["生态环境保护", "大气污染防治", "水污染防治", "土壤污染防治", "河湖长制",
           "林长制", "自然资源管理", "农村人居环境", "耕地保护", "野生动植物保护",
           "矿产资源管理", "水土保持", "湿地保护", "秸秆综合利用"],
    "GF": ["社会救助", "养老服务", "残疾人服务", "就业和社会保障", "医疗卫生", "医疗保障",
           "教育服务", "退役军人服务", "住房保障", "殡葬管理", "婚姻和收养", "未成年人保护",
           "妇女儿童权益", "便民服务", "农村供水", "农村公路"],
}

OBJECTS = {
    "DJ": ["村党组织", "党员", "流动党员", "入党积极分子", "村“两委”班子", "村党组织书记",
           "党费", "党建活动阵地", "村级后备干部", "驻村第一书记", "非公企业党组织",
           "社会组织党组织", "党员发展对象", "基层团组织", "村级妇联组织", "乡镇机关干部",
           "党员志愿服务队", "党务公开栏", "理论宣讲队伍", "统战对象"],
    "JJ": ["特色产业", "黑木耳种植", "乡村旅游项目", "农村电子商务", "招商项目", "村集体经济项目",
           "村集体“三资”", "土地承包经营权", "高标准农田", "黑土地", "政策性农业保险",
           "惠农补贴面积", "农产品质量安全", "畜禽强制免疫", "防止返贫监测对象", "统计报表",
           "重要商品价格", "农药经营门店", "食品生产企业", "个体工商户", "农民专业合作社",
           "家庭农场", "农业机械", "种子经营", "边境互市贸易", "农田水利设施", "规模以上企业"],
    "ZL": ["矛盾纠纷", "信访事项", "基层治理网格", "重点人员", "生产经营单位", "小微企业",
           "人员密集场所", "野外用火", "防汛重点部位", "地质灾害隐患点", "突发事件应急预案",
           "吸毒人员", "宗教活动场所", "边境巡查", "适龄青年兵役登记", "民兵队伍",
           "农村道路交通", "特种设备", "建设工程质量", "村民委员会", "社区矫正对象",
           "法律援助申请", "违法建设", "占道经营", "小餐饮和小作坊", "出租房屋", "燃气使用",
           "危险化学品", "烟花爆竹经营", "农村自建房"],
    "WH": ["综合文化站", "农家书屋", "文物保护单位", "不可移动文物", "非物质文化遗产项目",
           "新时代文明实践站", "村规民约", "群众性体育活动", "健身设施", "网吧和娱乐场所",
           "广播电视户户通", "旅游景区", "乡村旅游接待户", "志愿服务队伍", "民族团结创建",
           "文艺演出", "公共图书馆分馆", "地方志资料"],
    "ST": ["中央环保督察问题", "秸秆露天焚烧", "散煤燃烧", "农村生活污水", "畜禽养殖污染",
           "入河排污口", "河湖“四乱”", "林地", "林木采伐", "自然保护地", "农村生活垃圾",
           "农村厕所", "耕地“非农化”", "永久基本农田", "野生动物", "候鸟栖息地",
           "非法采砂", "矿山生态修复", "水土流失", "湿地", "地下水", "饮用水水源地",
           "农业面源污染", "废旧农膜"],
    "GF": ["最低生活保障", "特困人员供养", "临时救助", "高龄津贴", "居家养老服务",
           "残疾人两项补贴", "残疾人证", "就业困难人员", "城乡居民养老保险", "城乡居民医疗保险",
           "家庭医生签约服务", "基本公共卫生服务", "医疗救助", "学生资助", "控辍保学",
           "退役军人优待抚恤", "农村危房改造", "公租房", "惠民殡葬", "婚姻登记", "留守儿童",
           "困境儿童", "农村饮水安全", "农村公路养护", "便民服务中心", "孤儿基本生活保障"],
}

VERBS = ["组织开展", "指导", "督促落实", "做好", "推进", "负责", "统筹推进", "组织实施",
         "排查整治", "宣传普及", "登记管理", "摸底调查", "审核上报", "监督检查", "协调推动"]
SUFFIXES = ["工作", "管理", "建设", "服务", "日常巡查", "排查整治", "登记和管理", "宣传教育",
            "考核评议", "业务培训", "台账管理", "信息采集和报送", "隐患排查", "动态监测",
            "审核和公示", "组织动员"]
RECLAIMED_SUFFIXES = ["行政处罚", "行政许可", "行政检查", "监督检查和行政处罚", "许可审查",
                      "行政强制", "执法检查", "资质认定"]
TOWN_CLAUSES = [
    "建立工作台账，定期向有关部门报送情况",
    "发现问题及时劝阻、制止并报告有关部门",
    "落实属地管理责任，明确分管领导和具体经办人员",
    "组织村级力量开展日常巡查和信息采集",
    "做好政策宣传和群众动员，引导群众依法参与",
    "按要求收集、整理、审核并上报相关信息和材料",
    "协调解决群众反映的问题，做好解释和疏导工作",
    "将相关工作纳入网格化管理，做到底数清、情况明",
    "配合部门开展联合检查，提供必要的工作条件",
    "对辖区情况进行摸底排查，形成问题清单并督促整改",
    "组织村（社区）干部和网格员开展入户走访",
    "在村务公开栏和便民服务中心公示办理结果",
    "每季度研究一次工作推进情况，年底进行总结",
    "做好先期处置，维护现场秩序并及时转移群众",
]
DEPT_CLAUSES = [
    "负责政策制定和业务指导",
    "负责行政执法和监督检查，依法查处违法行为",
    "组织开展专业培训和技术指导",
    "负责资金审核、拨付和绩效评价",
    "负责行政许可审查和事中事后监管",
    "统筹制定年度工作方案并组织考核",
    "建立部门与乡镇的信息共享和案件移送机制",
    "对乡镇报送的问题线索及时核查处置并反馈结果",
    "负责专业监测、评估和数据审核",
    "组织项目规划、建设管理和竣工验收",
]

MATERIALS = ["书面申请书", "居民身份证", "户口簿", "家庭收入和财产情况说明",
             "家庭经济状况核查授权书", "相关证明材料", "申请审批表", "近期免冠照片",
             "医疗诊断证明", "残疾人证", "不动产权属证明", "委托书", "银行账户信息"]
STEPS = [("提交申请", "申请人"), ("受理", "镇便民服务中心"), ("初审", "镇人民政府"),
         ("入户调查", "村民委员会"), ("民主评议", "村民委员会"), ("公示", "镇人民政府"),
         ("审核", "镇人民政府"), ("审批", "市直主管部门"), ("发放", "市直主管部门")]

# Profile tags and the share of towns that have each.
TAGS = [
    ("农业", 0.55), ("林区", 0.30), ("山区", 0.25), ("边境", 0.14), ("旅游", 0.18),
    ("大豆", 0.20), ("水稻", 0.15), ("商贸", 0.12), ("铁路", 0.10), ("木耳", 0.10),
    ("牧区", 0.08), ("渔业", 0.07), ("矿区", 0.06), ("地质灾害", 0.08), ("革命老区", 0.06),
    ("湿地", 0.07), ("库区", 0.04), ("垦区", 0.05), ("工业园区", 0.08), ("中药材", 0.06),
    ("人参", 0.03), ("蜂业", 0.04), ("草原", 0.05), ("光伏", 0.04), ("古村落", 0.03),
    ("温泉", 0.02), ("少数民族", 0.05), ("口岸", 0.0), ("城关", 0.0),
]
# How common a tag is among towns (口岸 and 城关 are set by other rules).
TAG_SHARE = dict(TAGS, 口岸=0.03, 城关=0.12)
# Tags that tasks of a category are most likely to name.
CATEGORY_TAGS = {
    "DJ": ["边境", "少数民族", "革命老区", "工业园区", "商贸"],
    "JJ": ["农业", "大豆", "水稻", "木耳", "旅游", "商贸", "口岸", "牧区", "渔业", "中药材",
           "人参", "蜂业", "工业园区", "光伏", "垦区"],
    "ZL": ["边境", "口岸", "林区", "山区", "铁路", "矿区", "地质灾害", "库区", "城关",
           "工业园区"],
    "WH": ["旅游", "古村落", "少数民族", "革命老区", "温泉", "城关"],
    "ST": ["林区", "湿地", "草原", "矿区", "库区", "牧区", "渔业", "山区", "农业"],
    "GF": ["城关", "山区", "牧区", "少数民族", "边境", "垦区"],
}

NAME_CHARS = ("东宁绥阳三岔道河老黑山大肚川通沟新兴永和太平青松白桦红旗建设光明长安"
              "和平兴隆福安宝泉双河柳树杨木榆林石门金沙银河云峰龙泉凤鸣北安南岗西林"
              "富民丰收兴华庆丰胜利前进团结友谊华山清水碧溪安乐德惠仁和景阳春华秋实")
MINZU = ["朝鲜族", "满族", "蒙古族", "回族", "鄂伦春族", "达斡尔族"]

TOPICS = ["安全生产", "消防", "森林防火", "防洪", "水污染防治", "大气污染防治", "土壤污染防治",
          "固体废物污染环境防治", "农村土地承包", "土地管理", "村民委员会组织", "人民调解",
          "信访", "社会救助", "老年人权益保障", "残疾人保障", "未成年人保护", "妇女权益保障",
          "义务教育", "公共文化服务保障", "文物保护", "非物质文化遗产", "全民健身", "食品安全",
          "农产品质量安全", "动物防疫", "农药管理", "种子", "畜牧", "渔业", "草原", "湿地保护",
          "野生动物保护", "水土保持", "河道管理", "矿产资源", "城乡规划", "建筑", "道路交通安全",
          "公路", "铁路安全", "特种设备安全", "突发事件应对", "传染病防治", "疫苗管理",
          "基本医疗卫生与健康促进", "医疗保障", "社会保险", "就业促进", "兵役", "国防教育",
          "民兵工作", "退役军人保障", "宗教事务", "禁毒", "反家庭暴力", "社区矫正", "法律援助",
          "统计", "价格", "乡村振兴促进", "农业技术推广", "黑土地保护", "粮食安全保障",
          "农村集体经济组织", "殡葬管理", "婚姻登记", "慈善", "志愿服务", "档案", "政府信息公开",
          "优化营商环境", "电子商务", "口岸管理", "边境管理", "旅游", "林长制", "河湖长制",
          "农村人居环境整治", "秸秆综合利用", "地质灾害防治", "气象灾害防御", "农业机械化促进",
          "农民专业合作社", "村庄规划", "网格化服务管理", "平安建设", "基层政权建设", "城市管理"]
ISSUERS = {
    "法律": [("全国人民代表大会常务委员会", "国家"), ("全国人民代表大会", "国家")],
    "行政法规": [("国务院", "国家"), ("国务院 中央军事委员会", "国家")],
    "党内法规": [("中共中央", "国家"), ("中共中央 国务院", "国家")],
    "地方性法规": [("黑龙江省人民代表大会常务委员会", "省"), ("牡丹江市人民代表大会常务委员会", "市")],
    "部门规章": [("农业农村部", "国家"), ("民政部", "国家"), ("应急管理部", "国家"),
             ("生态环境部", "国家"), ("自然资源部", "国家"), ("国家市场监督管理总局", "国家"),
             ("人力资源和社会保障部", "国家"), ("住房和城乡建设部", "国家")],
    "规范性文件": [("中共中央办公厅 国务院办公厅", "国家"), ("黑龙江省人民政府办公厅", "省"),
              ("中共黑龙江省委办公厅", "省"), ("牡丹江市人民政府", "市"),
              ("东宁市人民政府办公室", "县"), ("中共东宁市委办公室", "县")],
}
DOC_PREFIX = {"国家": "厅字", "省": "黑政办规", "市": "牡政规", "县": "东政办发"}
BASIS_KINDS = [("法律", 0.20), ("行政法规", 0.15), ("党内法规", 0.06), ("地方性法规", 0.17),
               ("部门规章", 0.12), ("规范性文件", 0.30)]

DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """1..199 in Chinese numerals, as article numbers are written."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + DIGITS[rest]
    return head + (DIGITS[rest // 10] + "十" + (DIGITS[rest % 10] if rest % 10 else ""))


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


# --------------------------------------------------------------- generators

def gen_towns(rng, n):
    towns = []
    city, county = 1, 1
    while len(towns) < n:
        size = rng.randint(8, 20)
        county_code = "23%02d%02d" % (city, county)
        used_names = []
        for i in range(min(size, n - len(towns))):
            code = county_code + "%03d" % (100 + i)
            if i == 0:
                kind = "镇"
            elif i <= 2 and rng.random() < 0.5:
                kind = "街道"
            else:
                kind = weighted(rng, [("镇", 0.68), ("乡", 0.27), ("民族乡", 0.05)])
            while True:
                base = rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS)
                if base not in used_names and base[0] != base[1]:
                    break
            used_names.append(base)
            name = base + (rng.choice(MINZU) + "乡" if kind == "民族乡" else kind)
            if kind == "街道":
                population = rng.randint(15000, 90000)
                area = round(rng.uniform(4, 60), 1)
            elif kind == "镇":
                population = rng.randint(6000, 70000)
                area = rng.randint(150, 1800)
            else:
                population = rng.randint(2500, 20000)
                area = rng.randint(100, 1500)
            tags = []
            if i == 0 or kind == "街道":
                tags.append("城关")
            for tag, share in TAGS:
                if share and rng.random() < share:
                    tags.append(tag)
            if "边境" in tags and rng.random() < 0.2:
                tags.append("口岸")
            if kind == "民族乡" and "少数民族" not in tags:
                tags.append("少数民族")
            if not tags:
                tags.append("农业")
            towns.append({"code": code, "name": name, "kind": kind,
                          "population": population, "area_km2": area, "tags": tags})
        county += 1
        if county > 30:
            city, county = city + 1, 1
    return towns


def gen_bases(rng, n):
    bases, titles = [], []
    for i in range(n):
        kind = weighted(rng, BASIS_KINDS)
        issuer, level = rng.choice(ISSUERS[kind])
        for attempt in range(50):
            topic = rng.choice(TOPICS)
            if kind == "法律":
                title = "中华人民共和国%s法" % topic
            elif kind == "行政法规":
                title = topic + rng.choice(["条例", "暂行条例", "实施条例"])
            elif kind == "党内法规":
                title = "中国共产党%s工作条例" % topic
            elif kind == "地方性法规":
                title = ("黑龙江省" if level == "省" else "牡丹江市") + topic + \
                    rng.choice(["条例", "办法", "若干规定"])
            elif kind == "部门规章":
                title = topic + rng.choice(["管理办法", "实施办法", "管理规定"])
            else:
                title = "关于%s%s的%s" % (rng.choice(["进一步加强", "全面推进", "深化",
                                                     "规范", "完善"]), topic + "工作",
                                         rng.choice(["意见", "通知", "实施方案",
                                                     "实施意见", "指导意见"]))
            if attempt >= 20:
                title += "（%d年修订）" % rng.randint(2000, 2024)
            if title not in titles:
                break
        titles.append(title)
        doc_no = ""
        if kind == "规范性文件":
            doc_no = "%s〔%d〕%d号" % (DOC_PREFIX[level], rng.randint(2012, 2024),
                                     rng.randint(1, 120))
        year = rng.randint(1990, 2024)
        repealed = rng.random() < 0.08
        bases.append({"code": "B%03d" % (i + 1) if n < 1000 else "B%04d" % (i + 1),
                      "kind": kind, "title": title, "doc_no": doc_no, "issuer": issuer,
                      "level": level,
                      "effective_date": "%04d-%02d-%02d" % (year, rng.randint(1, 12),
                                                            rng.randint(1, 28)),
                      "status": "已废止" if repealed else "现行有效"})
    if all(b["status"] == "已废止" for b in bases):
        bases[0]["status"] = "现行有效"
    return bases


def sentence(rng, clauses, first, k):
    parts = [first] + rng.sample(clauses, k)
    return "，".join(parts)


def gen_tasks(rng, n, towns, bases, departments):
    # Category of each task, by share; list type by the pilot's proportion.
    counts = [int(round(n * share)) for _, _, share in CATEGORIES]
    counts[-1] += n - sum(counts)
    cats = []
    for (prefix, name, _), k in zip(CATEGORIES, counts):
        cats += [(prefix, name)] * k
    total_w = sum(w for _, w in LIST_TYPES)
    type_counts = [int(n * w / total_w) for _, w in LIST_TYPES]
    for i in range(n - sum(type_counts)):
        type_counts[i] += 1
    types = []
    for (t, _), k in zip(LIST_TYPES, type_counts):
        types += [t] * k
    rng.shuffle(types)

    in_force = [b["code"] for b in bases if b["status"] == "现行有效"]
    all_codes = [b["code"] for b in bases]
    town_codes = [t["code"] for t in towns]
    tag_towns = {}  # tag -> bitset of towns that have it
    for i, t in enumerate(towns):
        for tag in t["tags"]:
            tag_towns[tag] = tag_towns.get(tag, 0) | (1 << i)
    present = [tag for tag, _ in TAGS if tag in tag_towns]

    tasks, seq = [], {}
    for i in range(n):
        prefix, category = cats[i]
        seq[prefix] = seq.get(prefix, 0) + 1
        list_type = types[i]
        duty = rng.choice(DUTIES[prefix])
        obj = rng.choice(OBJECTS[prefix])
        if list_type == "上级部门收回":
            name = obj + rng.choice(RECLAIMED_SUFFIXES)
        else:
            name = rng.choice(VERBS) + obj + rng.choice(SUFFIXES)
        township = sentence(rng, TOWN_CLAUSES, rng.choice(VERBS) + obj + rng.choice(SUFFIXES),
                            rng.randint(1, 3))
        lead, dept_part = "", ""
        if list_type != "基本履职":
            lead = "D%02d" % rng.choice(LEADS[prefix])
            dept_part = sentence(rng, DEPT_CLAUSES, "负责" + obj + rng.choice(SUFFIXES),
                                 rng.randint(1, 2))
            if list_type == "上级部门收回" and rng.random() < 0.6:
                township = ""  # the department's alone
        public = "是" if (prefix == "GF" and rng.random() < 0.35) or rng.random() < 0.01 \
            else "否"

        # A candidate profile selector and the towns it covers.
        r = rng.random()
        if r < 0.01 and len(town_codes) > 1:
            picked = rng.sample(range(len(town_codes)), min(len(town_codes), rng.randint(1, 3)))
            sel = ";".join("town:" + town_codes[j] for j in sorted(picked))
            cover = sum(1 << j for j in picked)
        else:
            pool = [tag for tag in CATEGORY_TAGS[prefix] if tag in tag_towns] or present
            if rng.random() < 0.35:
                pool = present  # any profile
            # Specific tasks go with specific profiles: the rarer a tag, the
            # more tasks name it.
            weights = [(tag, 1.0 / TAG_SHARE[tag]) for tag in pool]
            chosen = [weighted(rng, weights)]
            if r > 0.80 and len(pool) > 1:
                other = weighted(rng, [(t, w) for t, w in weights if t != chosen[0]])
                chosen.append(other)
            sel = ";".join("tag:" + tag for tag in chosen)
            cover = 0
            for tag in chosen:
                cover |= tag_towns[tag]

        nb = weighted(rng, [(1, 0.5), (2, 0.35), (3, 0.15)])
        cited = [rng.choice(in_force)]
        while len(cited) < nb:
            c = rng.choice(all_codes)
            if c not in cited:
                cited.append(c)
        rng.shuffle(cited)
        cites = []
        for c in cited:
            if rng.random() < 0.4:
                cites.append("%s:第%s条" % (c, chinese_number(rng.randint(1, 120))))
            else:
                cites.append(c)
        keywords = []
        for _ in range(rng.choice([0, 1, 2, 2, 3, 4])):
            kw = rng.choice([obj, duty, obj + rng.choice(["管理", "服务", "检查"]),
                             rng.choice(OBJECTS[prefix])])
            if kw not in keywords:
                keywords.append(kw)
        tasks.append({"code": "%s-%04d" % (prefix, seq[prefix]), "category": category,
                      "duty": duty, "name": name, "list_type": list_type,
                      "lead_department": lead, "township_part": township,
                      "department_part": dept_part, "public_service": public,
                      "applies_to": sel, "bases": ";".join(cites),
                      "keywords": ";".join(keywords), "_cover": cover})
    return tasks


def calibrate(rng, tasks, ntowns, target):
    """Turns profile tasks into 全部 tasks until the mean list reaches target."""
    everyone = (1 << ntowns) - 1
    covered = sum(bin(t["_cover"]).count("1") for t in tasks)
    order = list(range(len(tasks)))
    rng.shuffle(order)
    for i in order:
        if covered >= target * ntowns:
            break
        t = tasks[i]
        covered += ntowns - bin(t["_cover"]).count("1")
        t["applies_to"] = "全部"
        t["_cover"] = everyone


def gen_guides(rng, tasks):
    guides = []
    for t in tasks:
        if t["public_service"] != "是":
            continue
        k = rng.randint(3, 6)
        steps = [STEPS[0]] + sorted(rng.sample(STEPS[1:], k - 1), key=STEPS.index)
        days = [0] + [rng.choice([1, 2, 3, 5, 7, 10]) for _ in steps[1:]]
        guides.append({
            "task": t["code"], "title": t["name"] + "办事指南",
            "conditions": "具有本地户籍或居住证；符合" + t["name"] + "的有关规定和条件",
            "materials": ";".join(rng.sample(MATERIALS, rng.randint(2, 5))),
            "steps": ";".join("%s|%s|%d" % (s[0], s[1], d) for s, d in zip(steps, days)),
            "time_limit_days": str(sum(days) + rng.choice([0, 0, 5])),
            "fee": "不收费", "place": "镇便民服务中心综合窗口",
            "phone": "0453-%07d" % rng.randint(1000000, 9999999)})
    return guides


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header])


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outdir")
    p.add_argument("--towns", type=int, default=2000)
    p.add_argument("--tasks", type=int, default=1500)
    p.add_argument("--bases", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--list-size", type=float, default=None,
                   help="mean items on a town's list (default 340 x tasks / 1500)")
    a = p.parse_args(argv)
    if a.towns < 1 or a.tasks < 1 or a.bases < 1:
        p.error("--towns, --tasks and --bases must be at least 1")
    target = a.list_size if a.list_size is not None else 340.0 * a.tasks / 1500
    rng = random.Random(a.seed)

    towns = gen_towns(rng, a.towns)
    departments = [{"code": "D%02d" % (i + 1), "name": n, "dispatched_agency": d}
                   for i, (n, d) in enumerate(DEPARTMENTS)]
    bases = gen_bases(rng, a.bases)
    tasks = gen_tasks(rng, a.tasks, towns, bases, departments)
    calibrate(rng, tasks, len(towns), target)
    guides = gen_guides(rng, tasks)

    os.makedirs(a.outdir, exist_ok=True)
    out = lambda name: os.path.join(a.outdir, name)
    for t in towns:
        t["tags"] = ";".join(t["tags"])
    write(out("towns.csv"), ["code", "name", "kind", "population", "area_km2", "tags"], towns)
    write(out("departments.csv"), ["code", "name", "dispatched_agency"], departments)
    write(out("bases.csv"), ["code", "kind", "title", "doc_no", "issuer", "level",
                             "effective_date", "status"], bases)
    write(out("tasks.csv"), ["code", "category", "duty", "name", "list_type",
                             "lead_department", "township_part", "department_part",
                             "public_service", "applies_to", "bases", "keywords"], tasks)
    write(out("guides.csv"), ["task", "title", "conditions", "materials", "steps",
                              "time_limit_days", "fee", "place", "phone"], guides)
    calendar = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                            "data", "demo", "calendar.csv")
    if os.path.exists(calendar):  # the real 2024-2026 calendar
        shutil.copyfile(calendar, out("calendar.csv"))

    # List sizes, from the coverage bitsets.
    sizes = [0] * len(towns)
    for t in tasks:
        c, j = t["_cover"], 0
        while c:
            if c & 1:
                sizes[j] += 1
            c >>= 1
            j += 1
    mean = sum(sizes) / len(sizes)
    typical = min(range(len(towns)), key=lambda j: (abs(sizes[j] - mean), j))
    share_all = sum(t["applies_to"] == "全部" for t in tasks) / len(tasks)
    types = {lt: sum(t["list_type"] == lt for t in tasks) for lt, _ in LIST_TYPES}
    print("towns=%d tasks=%d bases=%d repealed=%d guides=%d list_items=%d "
          "mean_list=%.1f min_list=%d max_list=%d all_share=%.2f types=%s "
          "typical_town=%s typical_list=%d"
          % (len(towns), len(tasks), len(bases),
             sum(b["status"] == "已废止" for b in bases), len(guides), sum(sizes), mean,
             min(sizes), max(sizes), share_all,
             ":".join(str(types[lt]) for lt, _ in LIST_TYPES),
             towns[typical]["code"], sizes[typical]))


if __name__ == "__main__":
    main(sys.argv[1:])
