"""LibreOffice Calc, headless, as the spreadsheet program a clerk opens and saves a file with.

Calc opens a CSV as a clerk's copy does (UTF-8, split at commas, numbers and ISO dates recognised:
digit strings become numbers and lose their leading zeros, 1405-05-18 becomes a date) and saves
it as XLSX, ODS, XLS or CSV (separated by `;`, as Excel does in some locales). The committed files
of tests/samples/calc/libreoffice/ were made so from tests/samples/calc/*.csv:

    .venv/bin/python -m tests.libreoffice
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Calc's CSV import: `,`, `"`, UTF-8 (76), from line 1, en-US, quoted text not forced to text,
# special numbers (dates) detected.
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true"
# Calc's CSV export: `;`, `"`, UTF-8, cells as shown.
CSV_EXPORT = "csv:Text - txt - csv (StarCalc):59,34,76,1"
FORMATS = {"xlsx": "xlsx", "ods": "ods", "xls": "xls", "csv": CSV_EXPORT}
CALC_SAMPLES = Path(__file__).resolve().parent / "samples" / "calc"


def require():
    """Skip the test where LibreOffice is not installed; fail it in CI, which installs it."""
    if SOFFICE is None:
        message = "LibreOffice is not installed (apt-get install libreoffice-calc-nogui): files saved by Calc untested"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def save_as(paths, extension, directory):
    """Open each file of `paths` in Calc and save it in `directory` as `extension` (xlsx, ods, xls,
    csv); the paths of the saved files, in the same order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shafaf-calc-") as profile:
        # A profile of its own: Calc refuses to start twice on one profile (tests run side by side).
        command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        for csv_files in (True, False):
            batch = [str(path) for path in paths if (Path(path).suffix == ".csv") == csv_files]
            if batch:
                infilter = [f"--infilter={CSV_IMPORT}"] if csv_files else []
                subprocess.run([*command, *infilter, "--convert-to", FORMATS[extension], "--outdir", str(directory),
                                *batch], check=True, capture_output=True, timeout=600)
    saved = [directory / f"{Path(path).stem}.{extension}" for path in paths]
    missing = [str(path) for path in saved if not path.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return saved


if __name__ == "__main__":
    if SOFFICE is None:
        sys.exit("LibreOffice is not installed")
    sources = sorted(CALC_SAMPLES.glob("*.csv"))
    for extension in FORMATS:
        save_as(sources, extension, CALC_SAMPLES / "libreoffice")
