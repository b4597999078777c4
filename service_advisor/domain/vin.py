"""Vehicle Identification Number rules (ISO 3779; check digit as in GB 16735 / FMVSS 115)."""

import re

VIN_LENGTH = 17
_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_TRANSLITERATION = {
	**{str(d): d for d in range(10)},
	**dict(zip("ABCDEFGH", range(1, 9), strict=True)),
	**dict(zip("JKLMN", range(1, 6), strict=True)),
	"P": 7,
	"R": 9,
	**dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_vin(vin: str | None) -> str:
	return (vin or "").strip().upper().replace(" ", "")


def check_digit(vin: str) -> str:
	"""The check digit (position 9) a VIN should carry."""
	total = sum(_TRANSLITERATION[ch] * w for ch, w in zip(vin, _WEIGHTS, strict=True))
	remainder = total % 11
	return "X" if remainder == 10 else str(remainder)


def vin_problem(vin: str, verify_check_digit: bool = True) -> str | None:
	"""None when the VIN is valid, else one of: "length", "characters", "check_digit"."""
	if len(vin) != VIN_LENGTH:
		return "length"
	if not _VIN_RE.match(vin):
		return "characters"
	if verify_check_digit and vin[8] != check_digit(vin):
		return "check_digit"
	return None


def with_check_digit(vin17: str) -> str:
	"""Return the VIN with position 9 replaced by its correct check digit (used by test factories)."""
	vin17 = normalise_vin(vin17)
	return vin17[:8] + check_digit(vin17) + vin17[9:]
