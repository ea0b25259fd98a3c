"""Creates a campaign folder: settings, the built-in templates and an empty store."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from campaign.config import CONFIG_NAME, DEFAULT_TOML
from campaign.errors import CampaignError
from campaign.store.database import DB_NAME, Store

TEMPLATES_DIR = "templates"


def builtin_templates() -> dict[str, str]:
    """Template name → text of the templates shipped with the package."""
    folder = resources.files("campaign") / "templates"
    return {entry.name.removesuffix(".txt"): entry.read_text(encoding="utf-8")
            for entry in folder.iterdir() if entry.name.endswith(".txt")}


def init_campaign(folder: Path) -> list[Path]:
    """Write campaign.toml, templates/ and campaign.db; refuse to touch an existing campaign."""
    folder = Path(folder)
    for name in (CONFIG_NAME, DB_NAME):
        if (folder / name).exists():
            raise CampaignError(f"{folder / name}: a campaign already exists here; "
                                "nothing was changed")
    if folder.exists() and not folder.is_dir():
        raise CampaignError(f"{folder}: exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    templates = folder / TEMPLATES_DIR
    made = []
    staging = folder / ".templates.part"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, text in sorted(builtin_templates().items()):
        (staging / f"{name}.txt").write_text(text, encoding="utf-8")
    if templates.exists():
        # Keep the user's own templates; add only the missing built-ins.
        for path in staging.iterdir():
            if not (templates / path.name).exists():
                shutil.copy2(path, templates / path.name)
        shutil.rmtree(staging)
    else:
        staging.rename(templates)
    made.append(templates)
    config = folder / CONFIG_NAME
    config.write_text(DEFAULT_TOML, encoding="utf-8")
    made.append(config)
    Store.open(folder, create=True).close()
    made.append(folder / DB_NAME)
    return made
