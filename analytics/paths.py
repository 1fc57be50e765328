"""Every path the project uses, resolved from this file so nothing depends on the working directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The dashboard reads these; tests and the benchmark point them at a temporary copy of the corpus.
DATA_DIR = Path(os.environ.get("PAIRED_DATA_DIR") or ROOT / "data")
SEEDS_DIR = Path(os.environ.get("PAIRED_SEEDS_DIR") or ROOT / "seeds")

# Inside a data directory (the real one or a researcher's copy):
REGISTRY_SUBDIR = "registry"
PROGRAMMES_SUBDIR = "programmes"
REGISTRY_FILES = {
    "themes": "themes.yaml",
    "instruments": "instruments.yaml",
    "functions": "functions.yaml",
    "places": "places.yaml",
    "units": "units.yaml",
}
