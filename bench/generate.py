"""Write a K× copy of the real corpus for the benchmark: same shape, unique ids everywhere.

Copy 0 is the real corpus unchanged; copy k ≥ 1 renames every id that the validator resolves, so all
links stay within their own copy:

- programme ids `jn-ly-2023` → `jn-ly-2023-c7` (file name = id), task ids `jn-ly-2023/05` → `jn-ly-2023-c7/05`,
  programme parents (programme and task) and task parents;
- place ids `jinan` → `jinan_c7`, with each place's `parent` and `province`;
- pairing ids `jinan-linyi` → `jinan-linyi-c7`, with `helper`, `recipient` and `named_in`;
- unit ids `jinan.culture_tourism` → `jinan_c7.culture_tourism`, with each unit's `place`, and the
  `bodies` of every clause, the `helper`/`recipient`/`pairing` of every programme.

Labels a chart or a filter shows (short names, place and unit names) get a `·7` / ` #7` suffix so the
copies stay distinct on screen. Verbatim texts (headings, bodies, printed unit clauses) are untouched and
keep pointing at the same seed file, so the seed-fidelity check runs at full cost for every copy.
Themes, instruments and functions are the shared codebook: one copy only.

    python bench/generate.py 10 /tmp/corpus10      # 70 programmes
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import paths  # noqa: E402

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DumperBase):
    """Never writes anchors/aliases (analytics.corpus.yamlio refuses them)."""

    def ignore_aliases(self, data):  # noqa: D401 - PyYAML hook
        return True


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _dump(data, path: Path) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")


class _Renamer:
    """Maps the ids of copy k; copy 0 maps every id to itself."""

    def __init__(self, k: int):
        self.k = k

    def programme(self, pid: str) -> str:
        return pid if self.k == 0 else f"{pid}-c{self.k}"

    def task(self, tid: str) -> str:
        owner, _, number = tid.partition("/")
        return f"{self.programme(owner)}/{number}"

    def place(self, place: str | None) -> str | None:
        return place if self.k == 0 or place is None else f"{place}_c{self.k}"

    def pairing(self, pairing: str) -> str:
        return pairing if self.k == 0 else f"{pairing}-c{self.k}"

    def unit(self, uid: str) -> str:
        if self.k == 0:
            return uid
        prefix, dot, rest = uid.partition(".")
        return f"{prefix}_c{self.k}{dot}{rest}"

    def label(self, text: str | None, sep: str) -> str | None:
        return text if self.k == 0 or not text else f"{text}{sep}{self.k}"


def _rename_places(doc: dict, r: _Renamer) -> dict:
    places = []
    for place in doc["places"]:
        place = dict(place)
        place["id"], place["parent"] = r.place(place["id"]), r.place(place.get("parent"))
        place["province"] = r.place(place["province"])
        place["zh"], place["en"] = r.label(place["zh"], "·"), r.label(place["en"], " #")
        places.append(place)
    pairings = []
    for pairing in doc["pairings"]:
        pairing = dict(pairing)
        pairing["id"] = r.pairing(pairing["id"])
        pairing["helper"], pairing["recipient"] = r.place(pairing["helper"]), r.place(pairing["recipient"])
        pairing["named_in"] = [r.programme(p) for p in pairing.get("named_in", [])]
        pairings.append(pairing)
    return {"places": places, "pairings": pairings}


def _rename_units(units: list, r: _Renamer) -> list:
    out = []
    for unit in units:
        unit = dict(unit)
        unit["id"], unit["place"] = r.unit(unit["id"]), r.place(unit["place"])
        unit["name"] = r.label(unit["name"], "·")
        out.append(unit)
    return out


def _rename_programme(doc: dict, r: _Renamer) -> dict:
    doc = copy.deepcopy(doc)
    meta = doc["programme"]
    meta["id"] = r.programme(meta["id"])
    meta["short_zh"], meta["short_en"] = r.label(meta["short_zh"], "·"), r.label(meta["short_en"], " #")
    meta["pairing"] = r.pairing(meta["pairing"])
    meta["helper"] = [r.place(p) for p in meta["helper"]]
    meta["recipient"] = [r.place(p) for p in meta["recipient"]]
    for parent in meta.get("parents") or []:
        parent["programme"] = r.programme(parent["programme"])
        if parent.get("task"):
            parent["task"] = r.task(parent["task"])
    for task in doc["tasks"]:
        task["id"] = r.task(task["id"])
        for clause in task.get("units") or []:
            clause["bodies"] = [r.unit(b) for b in clause.get("bodies") or []]
        for link in task.get("parents") or []:
            link["task"] = r.task(link["task"])
    return doc


def generate(copies: int, out_dir: Path, data_dir: Path = paths.DATA_DIR) -> Path:
    """Write `copies` copies of data_dir into out_dir (emptied first); return out_dir.

    The result is a data directory for `analytics.corpus.check_data_dir(out_dir, paths.SEEDS_DIR)`.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    registry_in = data_dir / paths.REGISTRY_SUBDIR
    registry_out = out_dir / paths.REGISTRY_SUBDIR
    programmes_out = out_dir / paths.PROGRAMMES_SUBDIR
    registry_out.mkdir(parents=True)
    programmes_out.mkdir(parents=True)

    for name in ("themes", "instruments", "functions"):  # the shared codebook: copied as is
        filename = paths.REGISTRY_FILES[name]
        shutil.copyfile(registry_in / filename, registry_out / filename)
    places = _load(registry_in / paths.REGISTRY_FILES["places"])
    units = _load(registry_in / paths.REGISTRY_FILES["units"])
    programmes = [_load(p) for p in sorted((data_dir / paths.PROGRAMMES_SUBDIR).glob("*.yaml"))]

    all_places: dict = {"places": [], "pairings": []}
    all_units: list = []
    for k in range(copies):
        r = _Renamer(k)
        renamed = _rename_places(places, r)
        all_places["places"] += renamed["places"]
        all_places["pairings"] += renamed["pairings"]
        all_units += _rename_units(units, r)
        for doc in programmes:
            new = _rename_programme(doc, r)
            _dump(new, programmes_out / f"{new['programme']['id']}.yaml")
    _dump(all_places, registry_out / paths.REGISTRY_FILES["places"])
    _dump(all_units, registry_out / paths.REGISTRY_FILES["units"])
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", type=int, help="how many copies of the corpus (1 = the real corpus)")
    parser.add_argument("out_dir", type=Path, help="data directory to write (emptied first)")
    args = parser.parse_args(argv)
    out = generate(args.copies, args.out_dir)
    print(f"wrote {args.copies}× corpus to {out} "
          f"({len(list((out / paths.PROGRAMMES_SUBDIR).glob('*.yaml')))} programme files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
