"""The pack: every quote and article verbatim in the seed, every cited source has an article,
every number lives in the pack (none in the code)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

import egovpm.policy
from egovpm.policy import get_pack

PACK = get_pack("yangpu-2023")
SEED = Path("/work/shared/seed/000_16402cb49d8fd98c.txt")
POLICY_DIR = Path(egovpm.policy.__file__).parent


def test_source_text_is_the_seed_verbatim():
    source = POLICY_DIR / "packs" / "yangpu_2023" / "source.txt"
    assert PACK.source_text == source.read_text(encoding="utf-8")
    if SEED.exists():
        assert source.read_bytes() == SEED.read_bytes()
    for odd in ("731日", "0A系统", "20181月", "RFID备"):
        assert odd in PACK.source_text


@pytest.mark.parametrize(("source", "quote"), PACK.quotes())
def test_every_quote_is_verbatim_and_inside_its_article(source, quote):
    assert quote in PACK.source_text
    assert quote in PACK.article(source).text


def test_every_article_is_a_verbatim_excerpt():
    assert PACK.articles
    for source, article in PACK.articles.items():
        assert article.source == source
        assert article.text and article.text in PACK.source_text
        assert article.document.startswith("《") and article.document.endswith("》")


def test_every_cited_source_has_an_article():
    assert PACK.cited_sources() <= set(PACK.articles)
    for finding in PACK.findings.values():
        assert PACK.article(finding.source) is not None


def test_article_api_and_labels():
    article = PACK.article("标准 三(一)2")
    assert article.document == "《杨浦区区本级电子政务项目通用类配置标准》"
    assert "人月单价一般不超过2万元" in article.text
    assert PACK.article("标准 九(九)") is None
    assert PACK.route_label("REVIEW") == "审核制"
    assert PACK.step_label("expert_assessment") == "行业专家论证评估"
    assert PACK.finding_title("PERSON_MONTH_RATE_EXCEEDED") == "人月单价超标"
    assert PACK.obligation_label("TRAINING_PLAN") == "制定新建业务系统培训计划"
    assert PACK.name == "yangpu-2023"


def test_every_listed_device_type_has_its_class():
    text = PACK.article("标准 三(三)1(1)").text
    for cls in ("A", "B", "C"):
        listed = re.search(cls + r"类维护费率[^,]*,包括:?(.*?)。", text).group(1)
        names = [n.removesuffix("及其它") for n in listed.split("、")]
        for name in names:
            assert PACK.device_class_of[name] == cls, name
    assert PACK.device_default_class == "A"


def test_quorum_is_data():
    assert PACK.params.quorum_fraction * 14 == 7
    assert PACK.params.quorum_inclusive is True


def _numbers(path: Path) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.NUMBER]


def test_rule_modules_hold_no_magic_numbers():
    # Numbers allowed in rule code: 0 and 1 (emptiness, first item), -1 (last item).
    for path in sorted((POLICY_DIR / "rules").glob("*.py")):
        assert set(_numbers(path)) <= {"0", "1"}, path.name


def test_policy_package_is_pure_python():
    for path in POLICY_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+django", text, re.M), path
        assert "float(" not in text, path
