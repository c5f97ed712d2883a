"""Participant files processed before participant data was kept per region: each is split into
one Parquet file per regency, keeping only the rows of regencies in its uploader's regions
(what a file processed now keeps); the rest is dropped. A file whose processed data is no
longer on disk is left as it is (its lists are then matched without it)."""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def regency_code(pl, column="region_code"):
    """A region code as the regency it names (``52.03``), from ``52.03``, ``5203`` or a code
    below the regency; null when it names no regency. Written here as
    ucj.registry.engine.regency_code was when this migration was made."""
    digits = pl.col(column).str.strip_chars().str.replace_all(".", "", literal=True)
    return pl.when(digits.str.contains(r"^\d{4,}$")).then(pl.concat_str(
        [digits.str.slice(0, 2), pl.lit("."), digits.str.slice(2, 2)]))


def split(apps, schema_editor):
    import polars as pl  # loaded only when the migration runs (a heavy library)

    SourceFile = apps.get_model("registry", "SourceFile")
    ParticipantData = apps.get_model("registry", "ParticipantData")
    Region = apps.get_model("regions", "Region")
    root = Path(settings.REGISTRY_DIR)
    regencies = {r.code: r for r in Region.objects.filter(level="regency")}
    files = SourceFile.objects.filter(kind="participants", processed_at__isnull=False,
                                      parquet_path__endswith=".parquet")
    for source in files:
        old = root / source.parquet_path
        if not source.parquet_path or not old.is_file():
            continue
        uploader = source.uploaded_by_id and apps.get_model("accounts", "User").objects.filter(
            pk=source.uploaded_by_id).first()
        roots = tuple(uploader.regions.values_list("code", flat=True)) if uploader else ("",)
        allowed = {code for code in regencies
                   if any(r == "" or code == r or code.startswith(r + ".") for r in roots)}
        table = pl.read_parquet(old).with_columns(region_code=regency_code(pl))
        folder = root / "participants" / str(source.id)
        folder.mkdir(parents=True, exist_ok=True)
        for (code,), part in table.filter(pl.col("region_code").is_in(sorted(allowed))) \
                .partition_by("region_code", as_dict=True).items():
            path = folder / f"{code}.parquet"
            part.write_parquet(path, compression="lz4")
            active = part.filter("active")
            ParticipantData.objects.create(
                source=source, region=regencies[code], path=str(path.relative_to(root)),
                participants=part.height, active=active.height,
                last_paid_month=active["last_paid_month"].max())
        source.parquet_path = str(folder.relative_to(root))
        source.save(update_fields=["parquet_path"])
        old.unlink()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("registry", "0002_participant_data_by_region"),
    ]

    operations = [migrations.RunPython(split, migrations.RunPython.noop)]
