"""Paillier encryption for the privacy API's encrypted sums.

Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT 1999, with g = n + 1,
the form the privacy API expects.
"""

from __future__ import annotations

import math
import re
import secrets


class PaillierPublicKey:
    """Encrypt values with it, send the ciphertexts to ``TrustVaultClient.paillier_sum``, decrypt the sum with the key pair."""

    def __init__(self, n: int) -> None:
        if n < 3 or n % 2 == 0:
            raise ValueError("A Paillier modulus is an odd product of two primes.")
        self.n = n
        self.n_squared = n * n

    @classmethod
    def from_decimal_string(cls, n: str) -> PaillierPublicKey:
        """Reads n as the privacy API writes it: decimal digits."""
        if not re.fullmatch(r"[0-9]+", n):
            raise ValueError("n is written as decimal digits.")
        return cls(int(n))

    def encrypt(self, message: int) -> int:
        """g^m·rⁿ mod n² for a fresh random r; negative values wrap modulo n and decrypt back to negative."""
        m = message % self.n
        # g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
        gm = (1 + m * self.n) % self.n_squared
        return gm * pow(self._random_unit(), self.n, self.n_squared) % self.n_squared

    def add(self, a: int, b: int) -> int:
        """The ciphertext of the sum of two plaintexts, as the server computes it."""
        return a * b % self.n_squared

    def _random_unit(self) -> int:
        while True:
            r = secrets.randbelow(self.n)
            if r > 1 and math.gcd(r, self.n) == 1:
                return r


class PaillierKeyPair:
    """Decrypts with λ = lcm(p − 1, q − 1) and μ = λ⁻¹ mod n, which g = n + 1 allows (Paillier 1999, §3)."""

    def __init__(self, p: int, q: int) -> None:
        self.public_key = PaillierPublicKey(p * q)
        self._lambda = math.lcm(p - 1, q - 1)
        self._mu = pow(self._lambda, -1, self.public_key.n)

    @classmethod
    def generate(cls, bits: int = 2048) -> PaillierKeyPair:
        """A fresh key pair whose n has ``bits`` bits: 2048 for real use; the privacy API accepts 1024 to 4096."""
        if bits < 64 or bits > 8192 or bits % 2 != 0:
            raise ValueError("Choose an even size from 64 to 8192 bits (2048 for real use).")
        while True:
            p = _random_prime(bits // 2)
            q = _random_prime(bits // 2)
            # gcd(pq, (p−1)(q−1)) = 1 holds for distinct primes of equal size; checking costs little.
            if p != q and math.gcd(p * q, (p - 1) * (q - 1)) == 1:
                return cls(p, q)

    def encrypt(self, message: int) -> int:
        return self.public_key.encrypt(message)

    def decrypt(self, ciphertext: int) -> int:
        """L(c^λ mod n²)·μ mod n, returned in (−n/2, n/2] so encrypted negative numbers come back negative."""
        n, n_squared = self.public_key.n, self.public_key.n_squared
        if ciphertext <= 0 or ciphertext >= n_squared or math.gcd(ciphertext, n) != 1:
            raise ValueError("Not a ciphertext of this key.")
        m = (pow(ciphertext, self._lambda, n_squared) - 1) // n * self._mu % n
        return m - n if m > n // 2 else m


_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, math.isqrt(p) + 1, 2))]


def _random_prime(bits: int) -> int:
    """A random prime of exactly ``bits`` bits (top two bits set, so p·q has exactly 2·bits)."""
    top = (1 << (bits - 1)) | (1 << (bits - 2)) | 1
    while True:
        candidate = secrets.randbits(bits) | top
        if _is_probable_prime(candidate):
            return candidate


def _is_probable_prime(n: int) -> bool:
    """Trial division, then 40 Miller–Rabin rounds with random bases: error below 2⁻⁸⁰."""
    for small in _SMALL_PRIMES:
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(40):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
