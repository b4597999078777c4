import pytest

from service_advisor.domain.vin import VIN_LENGTH, check_digit, normalise_vin, vin_problem, with_check_digit

REAL_VIN = "1M8GDM9AXKP042788"


def test_vin_length_is_17():
	assert VIN_LENGTH == 17


def test_known_real_vin_is_valid_with_check_digit_x():
	assert check_digit(REAL_VIN) == "X"
	assert vin_problem(REAL_VIN) is None


def test_all_ones_vin_is_valid_with_check_digit_1():
	# weights sum to 89; 89 % 11 == 1
	assert check_digit("11111111111111111") == "1"
	assert vin_problem("11111111111111111") is None


def test_check_digit_ignores_position_nine():
	assert check_digit("1M8GDM9A0KP042788") == "X"
	assert check_digit("1M8GDM9A7KP042788") == "X"


def test_check_digit_transliteration_and_weights():
	# only position 1 (weight 8) carries a non-zero value: A=1, J=1, S=2, P=7, R=9, Z=9
	assert check_digit("A0000000000000000") == "8"
	assert check_digit("J0000000000000000") == "8"
	assert check_digit("S0000000000000000") == "5"  # 16 % 11
	assert check_digit("P0000000000000000") == "1"  # 56 % 11
	assert check_digit("R0000000000000000") == "6"  # 72 % 11
	assert check_digit("Z0000000000000000") == "6"
	# position 8 has weight 10, position 9 weight 0
	assert check_digit("00000001000000000") == "X"
	assert check_digit("00000000900000000") == "0"


def test_all_zeros_has_check_digit_zero():
	assert vin_problem("00000000000000000") is None


@pytest.mark.parametrize("letter", ["I", "O", "Q"])
def test_forbidden_letters_are_characters_problem(letter):
	vin = REAL_VIN[:12] + letter + REAL_VIN[13:]
	assert len(vin) == 17
	assert vin_problem(vin) == "characters"
	assert vin_problem(vin, verify_check_digit=False) == "characters"


@pytest.mark.parametrize("vin", ["1M8GDM9AXKP04278-", "1m8gdm9axkp042788", "1M8GDM9AXKP04278 "])
def test_other_bad_characters(vin):
	assert vin_problem(vin) == "characters"


@pytest.mark.parametrize("vin", ["", REAL_VIN[:16], REAL_VIN + "8", "1" * 18])
def test_wrong_length(vin):
	assert vin_problem(vin) == "length"
	assert vin_problem(vin, verify_check_digit=False) == "length"


def test_length_is_checked_before_characters():
	assert vin_problem("IOQ") == "length"


def test_wrong_check_digit():
	vin = REAL_VIN[:8] + "5" + REAL_VIN[9:]
	assert vin_problem(vin) == "check_digit"
	assert vin_problem(vin, verify_check_digit=False) is None


def test_normalise_vin():
	assert normalise_vin("  1m8g dm9a xkp0 42788 ") == REAL_VIN
	assert normalise_vin(None) == ""
	assert normalise_vin("") == ""


def test_with_check_digit_repairs_position_nine():
	assert with_check_digit("1M8GDM9A0KP042788") == REAL_VIN
	assert with_check_digit("1m8gdm9a0kp042788") == REAL_VIN
	assert with_check_digit("11111111011111111") == "11111111111111111"


@pytest.mark.parametrize("body", ["WDB12345_00000001", "LSVAB4BR_MN123456", "JH4KA8_6XVC00000"])
def test_with_check_digit_produces_valid_vin(body):
	vin = with_check_digit(body.replace("_", "0").ljust(17, "0"))
	assert vin_problem(vin) is None
