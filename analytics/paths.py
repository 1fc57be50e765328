"""Every path the project uses, resolved from this file so nothing depends on the working directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The dashboard reads these; tests and the benchmark point them at a temporary copy of the corpus.
# A relative value means the working directory at start, made absolute once (worker processes run elsewhere).
DATA_DIR = Path(os.environ.get("PAIRED_DATA_DIR") or ROOT / "data").absolute()
SEEDS_DIR = Path(os.environ.get("PAIRED_SEEDS_DIR") or ROOT / "seeds").absolute()

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
