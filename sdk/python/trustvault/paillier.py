"""Paillier encryption for the privacy API's encrypted sums.

Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT 1999, with g = n + 1,
the form the privacy API expects.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import secrets
from collections import deque


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
        return self.encrypt_with(message, self.randomizer())

    def randomizer(self) -> int:
        """A fresh rⁿ mod n² for a uniform r in Z*_n: the costly half of an encryption, which a
        :class:`PaillierRandomizerPool` computes ahead of time."""
        return pow(self._random_unit(), self.n, self.n_squared)

    def encrypt_with(self, message: int, randomizer: int) -> int:
        """g^m·randomizer mod n² for a randomizer rⁿ mod n² that must never be used twice."""
        m = message % self.n
        # g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
        gm = (1 + m * self.n) % self.n_squared
        return gm * randomizer % self.n_squared

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
        self._p, self._q = p, q
        self._p_squared, self._q_squared = p * p, q * q
        self._p_squared_inverse = pow(self._p_squared, -1, self._q_squared)

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
        """Encrypts with the primes' shortcut for rⁿ (:meth:`randomizer`); the ciphertext is distributed as a public-key one."""
        return self.public_key.encrypt_with(message, self.randomizer())

    def randomizer(self) -> int:
        """A uniformly random n-th residue mod n², as rⁿ for a uniform r in Z*_n, about four times faster with p and q.

        By the Chinese remainder theorem Z*_{n²} ≅ Z*_{p²} × Z*_{q²}, and the n-th residues mod p² are exactly
        {x^p mod p² : x in Z*_p}: so one uniform x mod p and one y mod q, raised to p and q modulo p² and q², replace
        a full-size exponent modulo n² (as the server's PaillierKeyPair.Randomizer)."""
        residue_p = pow(secrets.randbelow(self._p - 1) + 1, self._p, self._p_squared)
        residue_q = pow(secrets.randbelow(self._q - 1) + 1, self._q, self._q_squared)
        # Garner: s ≡ residue_p (mod p²), s ≡ residue_q (mod q²).
        lift = (residue_q - residue_p) * self._p_squared_inverse % self._q_squared
        return residue_p + lift * self._p_squared

    def decrypt(self, ciphertext: int) -> int:
        """L(c^λ mod n²)·μ mod n, returned in (−n/2, n/2] so encrypted negative numbers come back negative."""
        n, n_squared = self.public_key.n, self.public_key.n_squared
        if ciphertext <= 0 or ciphertext >= n_squared or math.gcd(ciphertext, n) != 1:
            raise ValueError("Not a ciphertext of this key.")
        m = (pow(ciphertext, self._lambda, n_squared) - 1) // n * self._mu % n
        return m - n if m > n // 2 else m


class PaillierRandomizerPool:
    """Offline/online encryption: the randomizers rⁿ mod n² do not depend on the message, so :meth:`fill` computes them
    ahead of time (e.g. on a thread while idle) and an encryption then costs one multiplication mod n². Each randomizer
    is handed out once; when the pool is empty a fresh one is computed on the spot. A key pair fills it by the faster
    CRT route."""

    def __init__(self, key: PaillierPublicKey | PaillierKeyPair) -> None:
        self._public_key = key.public_key if isinstance(key, PaillierKeyPair) else key
        self._next = key.randomizer
        self._randomizers: deque[int] = deque()

    @property
    def available(self) -> int:
        return len(self._randomizers)

    def fill(self, count: int) -> None:
        """Computes ``count`` randomizers now, for encryptions later."""
        if count < 0:
            raise ValueError("count cannot be negative.")
        for _ in range(count):
            self._randomizers.append(self._next())

    def encrypt(self, message: int) -> int:
        try:
            randomizer = self._randomizers.popleft()
        except IndexError:
            randomizer = self._next()
        return self._public_key.encrypt_with(message, randomizer)


def to_base64(value: int) -> str:
    """The privacy API's compact form of a number: base64 of its big-endian unsigned bytes."""
    if value < 0:
        raise ValueError("Only non-negative numbers have the compact form.")
    return base64.b64encode(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")).decode("ascii")


def from_base64(text: str) -> int:
    """Reads a number written by :func:`to_base64` (or by the privacy API with ``"encoding": "base64"``)."""
    try:
        return int.from_bytes(base64.b64decode(text, validate=True), "big")
    except binascii.Error as error:
        raise ValueError("Not base64 of a number's bytes.") from error


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
