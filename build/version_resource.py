"""The Windows version resource of the executables: name, company and version from setup.cfg.

The spec writes `version_text()` to its work folder and hands the file to PyInstaller's
`EXE(version=...)`; Explorer shows it in the file's Properties → Details.
"""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPANY = "Retorno"
PRODUCT = "Retorno"
DESCRIPTION = "Retorno — retornos de clientes"
COPYRIGHT = "© Retorno"


def package_version(setup_cfg: Path = ROOT / "setup.cfg") -> str:
    """The version the package is released as (setup.cfg [metadata] version)."""
    parser = configparser.ConfigParser()
    parser.read(setup_cfg, encoding="utf-8")
    return parser["metadata"]["version"]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0): Windows wants four numbers; a suffix such as 'rc1' is dropped."""
    numbers = []
    for part in version.split(".")[:4]:
        digits = "".join(ch for ch in part if ch.isdigit()) or "0"
        numbers.append(int(digits))
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_text(version: str, original_filename: str = "Retorno.exe") -> str:
    """PyInstaller's version-file text (a VSVersionInfo expression) for this version."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": "Retorno",
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": original_filename,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({key!r}, {value!r})"
                                for key, value in strings.items())
    # 0x0416 = Portuguese (Brazil), 1200 = Unicode: the language the app speaks.
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '041604B0',
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0416, 1200])])
  ]
)
"""


def write_version_file(folder: Path, name: str, original_filename: str) -> Path:
    """Write the version file for one executable into folder; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(version_text(package_version(), original_filename), encoding="utf-8")
    return path
