"""Every path the project uses, resolved from this file so nothing depends on the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

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
