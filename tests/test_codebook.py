"""The codebook's decision rules (analytics/codebook.py), read from data/registry/themes.yaml."""

import shutil

from analytics import paths
from analytics.codebook import decision_rules


def test_codebook_rules_general_first():
    rules = decision_rules()
    assert list(rules.theme_id[:3]) == ["other"] * 3  # the general rules: content over heading, field over mechanism, no theme
    assert list(rules.general) == [True] * 3 + [False] * (len(rules) - 3)  # only those: 其他 has no rule of its own
    assert rules.rule.iloc[0].startswith("通则一（内容优先于标题）")
    assert {"red_culture", "rural", "talent", "tourism", "mechanism"} <= set(rules.theme_id)
    assert (rules.rule_en.str.len() > 0).all()



def test_rules_follow_the_codebook_file_as_it_changes(tmp_path):
    """Read once per version of the themes file (issue 15: every registry was read on every visit), never stale."""
    shutil.copytree(paths.DATA_DIR / paths.REGISTRY_SUBDIR, tmp_path / paths.REGISTRY_SUBDIR)
    themes = tmp_path / paths.REGISTRY_SUBDIR / "themes.yaml"
    assert decision_rules(tmp_path).rule.iloc[0].startswith("通则一（内容优先于标题）")
    themes.write_text(themes.read_text(encoding="utf-8").replace("通则一（内容优先于标题）", "通则一（已修改）", 1), encoding="utf-8")
    assert decision_rules(tmp_path).rule.iloc[0].startswith("通则一（已修改）")
    themes.write_text("- id: [unclosed\n", encoding="utf-8")  # broken: no rules, the validation panel says why
    assert decision_rules(tmp_path).empty
    themes.unlink()
    assert decision_rules(tmp_path).empty
    assert list(decision_rules(tmp_path).columns) == ["theme_id", "zh", "en", "number", "rule", "rule_en", "general"]
