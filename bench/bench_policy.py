"""Benchmark of the policy engine: `make bench` (.venv/bin/python bench/bench_policy.py).

Generates >= 10,000 varied applications deterministically, then times, per application,
``evaluate`` on the parsed application and ``json.loads`` of its JSON text (several
repetitions, median per application, then the median over applications). Targets: median
``evaluate`` <= 100 µs and <= 5x the median ``json.loads``. Exit status 1 if one is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from egovpm.policy import InvalidApplication, evaluate

TARGET_US = 100.0
TARGET_RATIO = 5.0
WAN = 10_000

KINDS = [
    ("new", 25), ("upgrade", 25), ("continuation", 6), ("om", 22), ("service", 8),
    ("info_publishing", 5), ("security_assessment_fee", 5), ("market_software", 4),
]
# Amounts (万元) around every threshold of the pack, plus a spread.
PIVOTS_WAN = [10, 25, 30, 50, 75, 90, 100, 140, 160, 165, 240, 400, 500]
CATEGORIES = ["general"] * 6 + ["oa", "website", "video_conference", "machine_room", "hotline"]
DEVICE_TYPES = ["核心层交换机", "工作站", "PC服务器", "UPS", "打印机", "机柜", "未知设备"]
ATTACHMENTS = ["pre_review_form", "basis", "construction_plan", "budget_plan",
               "original_approval", "contract", "acceptance_docs", "operation_report"]


def _amount_wan(rng: random.Random) -> Decimal:
    if rng.random() < 0.6:
        pivot = Decimal(rng.choice(PIVOTS_WAN))
        offset = Decimal(rng.choice([0, 0, 1, -1, 50, -50, 1000, -1000])) / WAN
        return max(Decimal("0.5"), pivot + offset)
    return Decimal(rng.randint(5, 3000))


def _split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` (元) in ``parts`` positive pieces, to the 元, summing exactly."""
    cuts = sorted(rng.randint(1, max(1, int(total) - 1)) for _ in range(parts - 1))
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(Decimal(cut - last))
        last = cut
    pieces.append(total - last)
    return pieces


def _budget(rng: random.Random, total: Decimal) -> tuple[list[dict], Decimal]:
    """Budget lines summing to ``total`` with fee ratios drawn around the 标准's limits."""
    shares = {  # parts of the construction cost C
        "hardware": Decimal(rng.choice([0, 0, 5, 10, 15, 20, 25, 35])) / 100,
        "security_equipment": Decimal(rng.choice([0, 2, 5])) / 100,
        "product_software": Decimal(rng.choice([0, 5, 10])) / 100,
    }
    purchases = sum(shares.values())
    pct = Decimal("0.01")
    fees = {  # ratios to C (integration: to purchases)
        "consulting": Decimal(rng.choice([2, 3, 4])) * pct,
        "supervision": Decimal(rng.choice([2, 3])) * pct,
        "software_testing": Decimal(rng.choice([1, 2, 3])) * pct,
        "security_testing": Decimal(rng.choice(["0.4", "0.5", "1", "2", "2.1"])) * pct,
        "integration": Decimal(rng.choice([4, 5, 6, 8, 9])) * pct * purchases,
        "management": Decimal(rng.choice([0, 1])) * pct,
    }
    cost = total / (1 + sum(fees.values()))
    lines, allocated = [], Decimal(0)
    for item, share in [*shares.items(), *fees.items()]:
        amount = (cost * share).quantize(Decimal(1))
        if amount:
            lines.append({"item": item, "amount": str(amount)})
            allocated += amount
    app_dev = total - allocated
    rate = rng.choice([18000, 20000, 20000, 20000, 20500, 24000])
    months = max(1, int(-(-app_dev // rate)))  # ceil: the rate drawn is the ceiling
    lines.insert(0, {"item": "app_dev", "amount": str(app_dev), "person_months": months})
    if rng.random() < 0.05:
        item = rng.choice(["office_equipment", "communication", "djbh3_testing"])
        lines.append({"item": item, "amount": "20000"})
    if rng.random() < 0.05:  # an inconsistent total now and then
        lines[-1]["amount"] = str(Decimal(lines[-1]["amount"]) + 1)
    hardware = sum(Decimal(x["amount"]) for x in lines
                   if x["item"] in ("hardware", "security_equipment"))
    return lines, hardware


def _maintenance(rng: random.Random, total: Decimal) -> list[dict]:
    n = rng.randint(1, 6)
    lines = []
    for amount in _split(rng, total, n):
        item = rng.choice(["hardware", "security_device", "product_software", "app_software",
                           "hosting_service", "data_service", "security_service"])
        rate = Decimal(rng.choice([3, 4, 6, 8, 10, 12, 20, 25])) / 100
        base = str((amount / rate).quantize(Decimal(1)))
        line: dict = {"item": item, "amount": str(amount)}
        if item == "hardware":
            if rng.random() < 0.5:
                line["device_class"] = rng.choice("ABC")
            else:
                line["device_type"] = rng.choice(DEVICE_TYPES)
            line["purchase_amount"] = base
        elif item == "security_device":
            line["purchase_amount"] = base
        elif item == "product_software":
            line["software_class"] = rng.choice(["tool", "domestic", "other"])
            line["purchase_amount"] = base
        elif item == "app_software":
            line["complexity"] = rng.choice(["simple", "complex", "very_complex"])
            line["dev_amount"] = base
        lines.append(line)
    return lines


def make_application(rng: random.Random) -> dict:
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    total = _amount_wan(rng) * WAN
    if kind == "info_publishing":
        total = Decimal(rng.choice([5, 10, 12])) * WAN
    app: dict = {
        "name": f"项目{rng.randint(1, 10**6)}",
        "unit": {"name": "区某单位", "kind": rng.choice(["department", "subordinate", "street"]),
                 "supervisor_approved": rng.random() < 0.9},
        "kind": kind,
        "declared_on": f"{rng.choice([2024, 2025, 2026])}-{rng.randint(1, 12):02d}-"
                       f"{rng.randint(1, 28):02d}",
        "budget_year": rng.choice([2025, 2026, 2027]),
        "mid_year_adjustment": rng.random() < 0.1,
        "total_amount": str(total),
        "pure_software": False,
        "om": {"first_application": rng.random() < 0.4, "previous_amount": None},
        "tender": {"mode": "single", "contract_year": 1},
        "higher_approval": None,
        "cac_filing_approved": rng.random() < 0.8,
        "key_project": rng.random() < 0.3,
        "category": {"type": "general", "scale": None, "person_months": None, "servers": None,
                     "endpoints": None, "area_m2": None, "seats": None},
        "budget": [],
        "maintenance": [],
        "compliance": {
            "deploy_on_gov_cloud": rng.random() < 0.9, "new_private_network": rng.random() < 0.03,
            "new_data_center": False, "new_website": False, "new_one_netcom_portal": False,
            "new_data_platform": False, "involves_public_data": rng.random() < 0.6,
            "data_catalog_completed": rng.random() < 0.9, "city_operations_system": False,
            "connects_city_operations_platform": False,
            "system_count_change": rng.choice([0, 0, 0, -1, 1]),
            "xinchuang": rng.random() < 0.85,
            "xinchuang_exemption": {"expert_argument": True, "budget_authority_consent": True,
                                    "filed_with_jiyaoju": rng.random() < 0.8},
            "guomi": True, "crypto_assessment_plan": rng.random() < 0.9,
            "djbh_level": rng.choice([None, 1, 2, 3, 3]),
            "djbh_graded_with_police": rng.random() < 0.9,
            "commercial_crypto_assessment": rng.random() < 0.9,
        },
        "attachments": [a for a in ATTACHMENTS if rng.random() < 0.95],
        "history": {"third_party_failures": [], "expert_failures": [],
                    "failed_acceptance_unrectified": rng.random() < 0.03,
                    "performance_unrectified": rng.random() < 0.03},
    }
    if kind == "om":
        app["maintenance"] = _maintenance(rng, total)
        if not app["om"]["first_application"]:
            change = Decimal(rng.choice([0, 5, 10, -10, 15, 30])) / 100
            app["om"]["previous_amount"] = str((total / (1 + change)).quantize(Decimal(1)))
    elif kind in ("security_assessment_fee", "market_software"):
        app["budget"] = [{"item": "djbh3_testing" if kind == "security_assessment_fee"
                          else "product_software", "amount": str(total)}]
    else:
        app["budget"], hardware = _budget(rng, total)
        app["hardware_amount"] = str(hardware)
        app["pure_software"] = hardware == 0 and rng.random() < 0.5
    if kind in ("new", "upgrade", "continuation", "service", "info_publishing"):
        category = rng.choice(CATEGORIES)
        cat = app["category"]
        cat["type"] = category
        if category in ("oa", "website"):
            cat["person_months"] = rng.choice([5, 7.5, 15, 16, 25, 40, 41])
            cat["servers"] = rng.randint(1, 4)
            cat["scale"] = rng.choice([None, "small", "medium", "large"])
        elif category == "video_conference":
            cat["endpoints"] = rng.choice([5, 10, 20, 30, 50])
            cat["servers"] = rng.randint(0, 2)
        elif category == "machine_room":
            cat["area_m2"] = rng.choice(["15", "20", "60", "100", "250", "320.5"])
        elif category == "hotline":
            cat["seats"] = rng.choice([10, 30, 31, 80])
    if rng.random() < 0.08:
        app["tender"] = {"mode": "one_plus_two", "contract_year": rng.randint(1, 3)}
    if kind in ("new", "upgrade") and rng.random() < 0.05:
        app["higher_approval"] = {"doc_no": "沪经信〔2026〕12号", "argument_conclusion": True,
                                  "standard_and_amount_defined": rng.random() < 0.7}
    if rng.random() < 0.04:
        app["history"]["expert_failures"] = ["2025-11-30", "2026-01-31"]
    return app


def _median_cost_us(fn, arg, reps: int, inner: int) -> float:
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        for _ in range(inner):
            fn(arg)
        samples.append((time.perf_counter_ns() - t0) / inner)
    return statistics.median(samples) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20230515)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    texts = [json.dumps(make_application(rng), ensure_ascii=False) for _ in range(args.count)]
    apps = [json.loads(t) for t in texts]
    routes: dict[str, int] = {}
    invalid = 0
    for app in apps:  # warm up (pack load) and check the mix
        try:
            decision = evaluate(app)
        except InvalidApplication:
            invalid += 1
            continue
        routes[decision.route] = routes.get(decision.route, 0) + 1
    if invalid:
        print(f"generator produced {invalid} invalid applications", file=sys.stderr)
        return 1

    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        eval_us, json_us = [], []
        for app, text in zip(apps, texts, strict=True):
            json_us.append(_median_cost_us(json.loads, text, args.reps, args.inner))
            eval_us.append(_median_cost_us(evaluate, app, args.reps, args.inner))
    finally:
        if gc_was_enabled:
            gc.enable()

    med_eval = statistics.median(eval_us)
    med_json = statistics.median(json_us)
    ratio = med_eval / med_json
    per_app_ratio = statistics.median(e / j for e, j in zip(eval_us, json_us, strict=True))
    print(f"applications: {len(apps)}  routes: {dict(sorted(routes.items()))}")
    print(f"median json.loads : {med_json:8.2f} µs/application")
    print(f"median evaluate   : {med_eval:8.2f} µs/application  (p90 "
          f"{statistics.quantiles(eval_us, n=10)[-1]:.2f} µs)")
    print(f"ratio evaluate/json.loads: {ratio:.2f} (median of per-application ratios "
          f"{per_app_ratio:.2f})")
    ok_abs = med_eval <= TARGET_US
    ok_ratio = ratio <= TARGET_RATIO
    print(f"target evaluate <= {TARGET_US:.0f} µs: {'met' if ok_abs else 'MISSED'}")
    print(f"target evaluate <= {TARGET_RATIO:.0f}x json.loads: {'met' if ok_ratio else 'MISSED'}")
    return 0 if ok_abs and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
