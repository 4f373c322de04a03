#!/usr/bin/env python3
"""Writes decimal_cases.txt: random products and quotients of Decimal values with the
expected result computed by Python's decimal module (an independent exact implementation).
tst_decimal checks every line. Re-run only to change the set; the seed keeps it stable."""
import decimal
import random
from decimal import Decimal

decimal.getcontext().prec = 200
MODES = {"Down": decimal.ROUND_DOWN, "Up": decimal.ROUND_UP,
         "HalfUp": decimal.ROUND_HALF_UP, "HalfEven": decimal.ROUND_HALF_EVEN}
LIMIT = Decimal(10) ** 29


def value(rng):
    digits = rng.randint(1, 38)
    nanos = rng.randint(0, 10 ** digits - 1)
    if rng.random() < 0.1:
        nanos = rng.choice([0, 1, 5, 10 ** 9, 5 * 10 ** 8, 10 ** 38 - 1])
    v = Decimal(nanos).scaleb(-9)
    return -v if rng.random() < 0.5 else v


def text(v):
    s = format(v, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def main():
    rng = random.Random(20240229)
    lines = ["# op a b c mode decimals expected   (c is '-' for mul and div)"]
    for _ in range(600):
        op = rng.choice(["mul", "div", "muldiv"])
        a, b, c = value(rng), value(rng), value(rng)
        mode = rng.choice(list(MODES))
        places = rng.choice([0, 2, 3, 9, 9])
        if op == "mul":
            exact, c = a * b, None
        elif op == "div":
            if b == 0:
                continue
            exact, c = a / b, None
        else:
            if c == 0:
                continue
            exact = a * b / c
        r = exact.quantize(Decimal(1).scaleb(-places), rounding=MODES[mode])
        expected = "overflow" if abs(r) >= LIMIT else text(r)
        lines.append(" ".join([op, text(a), text(b), "-" if c is None else text(c), mode, str(places), expected]))
    with open("decimal_cases.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
