"""Loading the territories from other files than the shared data's (into an empty database): the
folder is an option, a missing file or an unknown unit is refused before anything is written."""

import io
import json
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from baqylau.registry.models import Territory

GEO = settings.SHARED_DATA_DIR / "geo"


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_territories", stdout=out, **options)
    return out.getvalue()


def test_path_option_and_missing_files(db, tmp_path):
    with pytest.raises(CommandError):
        load(path=tmp_path)
    assert not Territory.objects.exists()
    for name in ("kazakhstan-regions.geojson", "pavlodar-districts.geojson"):
        shutil.copy(GEO / name, tmp_path / name)
    load(path=tmp_path)
    assert Territory.objects.count() == 34


def test_an_unknown_unit_is_refused_before_anything_is_written(db, tmp_path):
    shutil.copy(GEO / "kazakhstan-regions.geojson", tmp_path / "kazakhstan-regions.geojson")
    with (GEO / "pavlodar-districts.geojson").open(encoding="utf-8") as f:
        data = json.load(f)
    data["features"][0]["properties"]["osm_id"] = -1
    (tmp_path / "pavlodar-districts.geojson").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="-1"):
        load(path=tmp_path)
    assert not Territory.objects.exists()
