"""The importer's fast checks answer as the Cadastro's own (slower) checks do."""

import random

from validate_docbr import CNPJ, CPF

from app.imports import cells
from app.validation import is_valid_document, normalise_phone


def test_check_digits_agree_with_validate_docbr():
    rng = random.Random(14)
    numbers = [CPF().generate() for _ in range(300)] + [CNPJ().generate() for _ in range(300)]
    numbers += ["".join(rng.choice("0123456789") for _ in range(size))
                for size in (11, 14) for _ in range(2000)]
    numbers += ["00000000000", "11111111111", "00000000000000", "52998224725", "11222333000181"]
    for number in numbers:
        assert cells.has_valid_check_digits(number) == is_valid_document(number), number


def test_phones_come_out_as_the_cadastro_formats_them(app):
    rng = random.Random(15)
    typed = ["11 3456-7890", "(11) 98765-4321", "1198765432", "(21)2345 6789", "61 91234-5678",
             "(11) 1234-5678", "(20) 3456-7890", "0800 123 4567", "+55 11 3456-7890",
             "(99) 99999-9999", "12 7123-4567"]
    typed += [f"({rng.randint(10, 99)}) {rng.choice(['', '9'])}{rng.randint(1000, 9999)}-"
              f"{rng.randint(1000, 9999)}" for _ in range(3000)]
    with app.app_context():
        for value in typed:
            expected = normalise_phone(value)
            try:
                assert cells.phone(value) == expected, value
            except cells.CellError:
                assert expected is None, value
