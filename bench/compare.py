"""Markdown tables from two bench/server.py reports: before (baseline switches) and after, side by side.

    python bench/compare.py baseline.json after.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGETS = {  # (what, size) → (limit, unit): from issue 15
    ("cpu_ratio", "1"): (2.0, "× floor"), ("cpu_ratio", "100"): (2.0, "× floor"),
    ("click_ms", "1"): (150.0, "ms"), ("click_ms", "100"): (400.0, "ms"),
    ("first_chart_s", "100"): (2.0, "s"), ("first_chart_s", "1000"): (15.0, "s"),
    ("rss_mb", "100"): (400.0, "MB"), ("rss_mb", "1000"): (2048.0, "MB"),
}


def verdict(value: float, what: str, size: str) -> str:
    limit = TARGETS.get((what, size))
    if limit is None:
        return ""
    return f"{'met' if value <= limit[0] else 'missed'} (≤ {limit[0]:g} {limit[1]})"


def rows(before: dict, after: dict) -> list[str]:
    out = ["| figure | size | before | after | floor (after run) | after ÷ floor | verdict |", "|---|---|---|---|---|---|---|"]
    for size in sorted(set(before["sizes"]) & set(after["sizes"]), key=int):
        b, a = before["sizes"][size], after["sizes"][size]
        for url in ("themes", "departments"):
            fb, fa = b["floor"][url], a["floor"][url]
            ratio = a[url]["server_cpu_s"] / fa["server_cpu_s"]
            out.append(f"| server CPU per click, {url} | {size}× | {1000 * b[url]['server_cpu_s']:.0f} ms "
                       f"({b[url]['server_cpu_s'] / fb['server_cpu_s']:.1f}× its floor) | {1000 * a[url]['server_cpu_s']:.0f} ms "
                       f"| {1000 * fa['server_cpu_s']:.0f} ms | {ratio:.2f}× | {verdict(ratio, 'cpu_ratio', size)} |")
            out.append(f"| … of it in garbage collection | {size}× | {1000 * b[url]['server_gc_cpu_s']:.0f} ms | "
                       f"{1000 * a[url]['server_gc_cpu_s']:.0f} ms | {1000 * fa['server_gc_cpu_s']:.0f} ms | | |")
            click = a[url]["settled_ms"]
            out.append(f"| click → chart redrawn, {url} | {size}× | {b[url]['settled_ms']:.0f} ms | {click:.0f} ms | "
                       f"{fa['settled_ms']:.0f} ms | {click / fa['settled_ms']:.2f}× | {verdict(click, 'click_ms', size)} |")
        cold_b, cold_a = b["cold_start"], a["cold_start"]
        out.append(f"| cold start → first chart | {size}× | {cold_b['first_chart_s']:.1f} s | {cold_a['first_chart_s']:.1f} s | "
                   f"{after['bare_cold_start']['ready_s']:.1f} s (bare page) | "
                   f"{cold_a['first_chart_s'] / after['bare_cold_start']['ready_s']:.1f}× | "
                   f"{verdict(cold_a['first_chart_s'], 'first_chart_s', size)} |")
        out.append(f"| … server's first script run (CPU) | {size}× | {cold_b['server_first_run']['cpu_s']:.2f} s | "
                   f"{cold_a['server_first_run']['cpu_s']:.2f} s | | | |")
        mem_b, mem_a = b["memory"], a["memory"]
        rss = mem_a["after_sessions_mb"]
        out.append(f"| server memory (VmRSS) after clicks and {mem_a['sessions']} more sessions | {size}× | "
                   f"{mem_b['after_sessions_mb']:.0f} MB | {rss:.0f} MB | {a['floor_memory_mb']:.0f} MB | "
                   f"{rss / a['floor_memory_mb']:.2f}× | {verdict(rss, 'rss_mb', size)} |")
        out.append(f"| memory per extra session | {size}× | {mem_b['per_session_mb']:.1f} MB | {mem_a['per_session_mb']:.1f} MB"
                   " | | | |")
    return out


def main(argv: list[str]) -> int:
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[:2])
    for name, report in (("before", before), ("after", after)):
        m = report["machine"]
        print(f"{name}: load average at start {m['loadavg_at_start']}, at end {m.get('loadavg_at_end')}; {report['label']}")
    print("\n".join(rows(before, after)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
